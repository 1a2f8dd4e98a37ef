package org.rewardpoints.spi;

/** Lifecycle of a debit. Only coupon redemptions pass through {@link #PENDING}. */
public enum DebitStatus {
    /** Points are held by a reservation whose coupon is not yet confirmed. */
    PENDING,
    /** The debit is final. */
    CONFIRMED,
    /** The reservation was undone; its allocations gave their points back to the same lots. */
    RELEASED
}
