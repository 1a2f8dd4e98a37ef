package org.rewardpoints;

/**
 * A coupon the customer got for points (the reference API's {@code redeemCouponOut} is {@code code}).
 *
 * @param code   the coupon code, {@code prefix-code}
 * @param debit  the redemption entry
 */
public record RedeemedCoupon(String code, RedeemedPoints debit) {
}
