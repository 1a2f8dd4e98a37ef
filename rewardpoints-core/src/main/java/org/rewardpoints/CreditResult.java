package org.rewardpoints;

import java.util.Optional;

/**
 * Outcome of {@link RewardPoints#orderCompleted}.
 *
 * @param status what happened
 * @param points points credited by this order (also for {@link Status#ALREADY_CREDITED}), else 0
 * @param lot    the credit, for {@link Status#CREDITED} and {@link Status#ALREADY_CREDITED}
 */
public record CreditResult(Status status, long points, Optional<AddedPoints> lot) {

    /** Why points were or were not credited. */
    public enum Status {
        /** Points were credited now. */
        CREDITED,
        /** The order had been credited before; nothing changed. */
        ALREADY_CREDITED,
        /** The site's reward points are disabled; nothing credited or recorded. */
        SITE_DISABLED,
        /** The order's value times the factor rounds to zero points; nothing credited or recorded. */
        ZERO_POINTS
    }

    static CreditResult notCredited(Status status) {
        return new CreditResult(status, 0, Optional.empty());
    }
}
