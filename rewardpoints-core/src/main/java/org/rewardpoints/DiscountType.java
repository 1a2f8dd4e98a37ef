package org.rewardpoints;

/** Discount of a coupon, as the reference coupon API names it. */
public enum DiscountType {
    /** A percentage off, 0 &lt; percentage &le; 100. */
    PERCENT,
    /** An amount off in a currency. */
    ABSOLUTE,
    /** Free shipping: refused for points, as in the reference product. */
    FREE_SHIPPING
}
