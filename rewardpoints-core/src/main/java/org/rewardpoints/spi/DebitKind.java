package org.rewardpoints.spi;

/** Why points left an account. */
public enum DebitKind {
    /** An employee redeemed points without a coupon. */
    REDEMPTION,
    /** The customer exchanged points for a coupon. */
    COUPON_REDEMPTION,
    /** An order was cancelled or returned. */
    REVERSAL,
    /** Points reached their validUntil and the sweep recorded it. */
    EXPIRY
}
