package org.rewardpoints.spi;

import java.time.Instant;
import org.rewardpoints.CouponTemplate;

/**
 * A coupon an issuer created.
 *
 * @param tenant         tenant
 * @param idempotencyKey the key it was issued under
 * @param code           its code
 * @param customerId     who it was issued to
 * @param template       what it grants
 * @param issuedAt       when
 */
public record IssuedCoupon(String tenant, String idempotencyKey, String code, String customerId,
                           CouponTemplate template, Instant issuedAt) {
}
