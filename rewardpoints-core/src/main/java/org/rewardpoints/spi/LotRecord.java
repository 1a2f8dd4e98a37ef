package org.rewardpoints.spi;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A credit: points added to an account by an order, an employee or as start points. Only
 * {@code remaining} ever changes after insert.
 *
 * @param id             unique in the tenant
 * @param tenant         tenant
 * @param customerId     owner
 * @param idempotencyKey unique in the tenant when not null ({@code order:<orderId>} or
 *                       {@code add:<id>})
 * @param orderId        the order that earned it, or null
 * @param orderValue     the order's value, or null
 * @param currency       the order value's ISO 4217 code, or null
 * @param referenceId    free reference (the reference API's {@code reference-id}), or null
 * @param description    free text, or null
 * @param points         points credited, &gt; 0
 * @param remaining      points not yet consumed by debits, 0..points
 * @param createdAt      when credited
 * @param validUntil     first instant at which the remaining points are no longer usable
 * @param activatesAt    first instant at which the points are usable; after {@code createdAt}
 *                       while the lot's points are pending (a site's pending period), else equal to it
 * @param balanceAfter   the account's active points right after this credit
 */
public record LotRecord(
        String id,
        String tenant,
        String customerId,
        String idempotencyKey,
        String orderId,
        BigDecimal orderValue,
        String currency,
        String referenceId,
        String description,
        long points,
        long remaining,
        Instant createdAt,
        Instant validUntil,
        Instant activatesAt,
        long balanceAfter) {

    /** A lot usable from its creation on ({@code activatesAt = createdAt}). */
    public LotRecord(String id, String tenant, String customerId, String idempotencyKey, String orderId,
                     BigDecimal orderValue, String currency, String referenceId, String description, long points,
                     long remaining, Instant createdAt, Instant validUntil, long balanceAfter) {
        this(id, tenant, customerId, idempotencyKey, orderId, orderValue, currency, referenceId, description, points,
                remaining, createdAt, validUntil, createdAt, balanceAfter);
    }

    public LotRecord withRemaining(long newRemaining) {
        return new LotRecord(id, tenant, customerId, idempotencyKey, orderId, orderValue, currency,
                referenceId, description, points, newRemaining, createdAt, validUntil, activatesAt, balanceAfter);
    }

    public LotRecord withBalanceAfter(long newBalanceAfter) {
        return new LotRecord(id, tenant, customerId, idempotencyKey, orderId, orderValue, currency,
                referenceId, description, points, remaining, createdAt, validUntil, activatesAt, newBalanceAfter);
    }

    public LotRecord withActivatesAt(Instant newActivatesAt) {
        return new LotRecord(id, tenant, customerId, idempotencyKey, orderId, orderValue, currency,
                referenceId, description, points, remaining, createdAt, validUntil, newActivatesAt, balanceAfter);
    }

    public boolean isExpiredAt(Instant instant) {
        return !validUntil.isAfter(instant);
    }

    /** Whether the points were pending at {@code instant}: credited, not yet activated, not expired. */
    public boolean isPendingAt(Instant instant) {
        return activatesAt.isAfter(instant) && !createdAt.isAfter(instant) && !isExpiredAt(instant);
    }

    /** Whether the lot was ever pending: credited with a pending period. */
    public boolean wasPending() {
        return activatesAt.isAfter(createdAt);
    }
}
