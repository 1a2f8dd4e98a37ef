package org.rewardpoints;

import java.time.Instant;
import java.util.Optional;

/**
 * Outcome of {@link RewardPoints#activate}.
 *
 * @param status      what happened
 * @param points      the order's points usable from {@code activatesAt} on (what returns left of them)
 * @param activatesAt when the order's points became (or become) usable, when the order earned points
 */
public record ActivationResult(Status status, long points, Optional<Instant> activatesAt) {

    /** What happened. */
    public enum Status {
        /** The order's pending points became usable now. */
        ACTIVATED,
        /** The order's points were usable already (no pending period, ended, or activated before); nothing changed. */
        ALREADY_ACTIVE,
        /** The order never earned points (unknown, site disabled or zero points); nothing changed. */
        ORDER_NOT_CREDITED
    }
}
