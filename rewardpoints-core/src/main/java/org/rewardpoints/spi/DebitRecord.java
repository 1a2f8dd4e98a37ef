package org.rewardpoints.spi;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Points leaving an account. Append-only except for {@code status}, {@code couponCode},
 * {@code balanceAfter} and {@code resolvedAt}, which change once when a pending reservation is
 * confirmed or released.
 *
 * @param id              unique in the tenant
 * @param tenant          tenant
 * @param customerId      owner
 * @param kind            why
 * @param status          lifecycle state
 * @param idempotencyKey  unique in the tenant when not null ({@code redeem:<id>},
 *                        {@code return:<orderId>:<returnId>}, {@code coupon:<id>})
 * @param orderId         the reversed order, or null
 * @param refundedValue   the refunded value of a reversal, or null
 * @param description     free text, or null
 * @param points          points taken: sum of its allocations plus debt it created
 * @param requestedPoints points asked for; larger than {@code points} only for a reversal whose
 *                        shortfall was forgiven by the policy
 * @param createdAt       when recorded
 * @param balanceAfter    the account's active points right after this debit
 * @param redeemOptionId  the redemption option of a coupon redemption, or null
 * @param couponCode      the issued coupon's code once confirmed, or null
 * @param resolvedAt      when a reservation was confirmed or released; null while it is pending and
 *                        for a debit that was final when recorded (it took effect at {@code createdAt}).
 *                        A released reservation held its points from {@code createdAt} until then
 */
public record DebitRecord(
        String id,
        String tenant,
        String customerId,
        DebitKind kind,
        DebitStatus status,
        String idempotencyKey,
        String orderId,
        BigDecimal refundedValue,
        String description,
        long points,
        long requestedPoints,
        Instant createdAt,
        long balanceAfter,
        String redeemOptionId,
        String couponCode,
        Instant resolvedAt) {

    /** The debit with its outcome: status, coupon code, balance after and when it was resolved. */
    public DebitRecord withOutcome(DebitStatus newStatus, String newCouponCode, long newBalanceAfter,
                                   Instant newResolvedAt) {
        return new DebitRecord(id, tenant, customerId, kind, newStatus, idempotencyKey, orderId, refundedValue,
                description, points, requestedPoints, createdAt, newBalanceAfter, redeemOptionId, newCouponCode,
                newResolvedAt);
    }
}
