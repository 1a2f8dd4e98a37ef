package org.rewardpoints.spi;

import java.time.Instant;

/**
 * The stored head of a customer's account.
 *
 * @param tenant       tenant
 * @param customerId   customer
 * @param openPoints   sum of {@link LotRecord#remaining()} over all the account's lots, expired or
 *                     not (expired lots are closed by the sweep); kept by the core
 * @param debt         points reversed beyond what the lots held (negative-balance policy); settled
 *                     by later credits
 * @param createdAt    when the account was created
 * @param version      incremented by the core on every change; adapters may use it for an
 *                     optimistic check instead of a row lock
 * @param expiredPoints read-only, computed by the store on read: remaining points of lots whose
 *                     {@code validUntil} is at or before the instant passed to the read. Ignored on
 *                     write
 * @param pendingPoints read-only, computed by the store on read: remaining points of lots pending at
 *                     the instant passed to the read ({@link LotRecord#isPendingAt}). Ignored on write
 */
public record AccountRecord(
        String tenant,
        String customerId,
        long openPoints,
        long debt,
        Instant createdAt,
        long version,
        long expiredPoints,
        long pendingPoints) {

    /** An account without pending points. */
    public AccountRecord(String tenant, String customerId, long openPoints, long debt, Instant createdAt, long version,
                         long expiredPoints) {
        this(tenant, customerId, openPoints, debt, createdAt, version, expiredPoints, 0);
    }

    /**
     * Points the customer can spend now: open minus expired minus pending minus debt (negative
     * only with debt).
     */
    public long activePoints() {
        return openPoints - expiredPoints - pendingPoints - debt;
    }

    public AccountRecord withChange(long openPointsDelta, long debtDelta, long expiredPointsDelta) {
        return withChange(openPointsDelta, debtDelta, expiredPointsDelta, 0);
    }

    public AccountRecord withChange(long openPointsDelta, long debtDelta, long expiredPointsDelta,
                                    long pendingPointsDelta) {
        return new AccountRecord(tenant, customerId, Math.addExact(openPoints, openPointsDelta),
                debt + debtDelta, createdAt, version + 1, expiredPoints + expiredPointsDelta,
                pendingPoints + pendingPointsDelta);
    }
}
