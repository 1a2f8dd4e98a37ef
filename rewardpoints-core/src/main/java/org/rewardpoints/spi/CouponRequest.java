package org.rewardpoints.spi;

import java.time.Instant;
import org.rewardpoints.CouponTemplate;

/**
 * A coupon to issue for a redemption.
 *
 * @param tenant         tenant
 * @param idempotencyKey the reservation id: issuing twice with the same key yields one coupon
 * @param code           the proposed code ({@code prefix-code}); used unless the key was issued before
 * @param customerId     the customer the coupon is issued to
 * @param template       what the coupon grants
 * @param requestedAt    when the library asked (from its injected clock)
 */
public record CouponRequest(String tenant, String idempotencyKey, String code, String customerId,
                            CouponTemplate template, Instant requestedAt) {
}
