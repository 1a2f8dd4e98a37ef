package org.rewardpoints;

/**
 * What a reversal does when the order's own lot no longer holds the points to take back (the
 * customer already spent them). The order's lot is always drained first.
 */
public enum ReversalPolicy {
    /** Take the rest from the customer's other active lots, soonest-expiring first; forgive what they lack. */
    TAKE_FROM_OTHER_LOTS,
    /** Take from other lots like {@link #TAKE_FROM_OTHER_LOTS}; the rest becomes debt that later credits settle. */
    ALLOW_NEGATIVE_BALANCE,
    /** Take only what the order's lot still holds; forgive the rest. */
    CAP_AT_ZERO
}
