package org.rewardpoints;

import java.time.Instant;

/**
 * A way to exchange points for a coupon (the reference API's {@code redeemOption}); its type is
 * always {@code coupon}.
 *
 * @param id         unique in the tenant
 * @param tenant     tenant
 * @param name       shown to customers
 * @param description optional text
 * @param points     points deducted for one coupon
 * @param coupon     the coupon issued
 * @param version    starts at 1, incremented by every update; updates and deletes must name it
 * @param createdAt  when created
 * @param modifiedAt when last changed
 */
public record RedemptionOption(String id, String tenant, String name, String description, long points,
                               CouponTemplate coupon, long version, Instant createdAt, Instant modifiedAt) {

    /** The only option type, as in the reference product. */
    public static final String TYPE = "coupon";
}
