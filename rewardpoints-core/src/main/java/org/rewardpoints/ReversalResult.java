package org.rewardpoints;

import java.util.Optional;

/**
 * Outcome of {@link RewardPoints#orderReturned}.
 *
 * @param status         what happened
 * @param requestedPoints points this return asked to take back (proportional to its refund)
 * @param reversedPoints points actually taken (from lots, plus debt created)
 * @param forgivenPoints requested but not taken, by the {@link ReversalPolicy}
 * @param debit          the reversal entry, when one was recorded
 */
public record ReversalResult(Status status, long requestedPoints, long reversedPoints, long forgivenPoints,
                             Optional<RedeemedPoints> debit) {

    /** What happened. */
    public enum Status {
        /** The reversal was recorded now. */
        REVERSED,
        /** This (order, return) had been reversed before; nothing changed. */
        ALREADY_REVERSED,
        /** The order never earned points (unknown, site disabled or zero points); nothing recorded. */
        ORDER_NOT_CREDITED
    }
}
