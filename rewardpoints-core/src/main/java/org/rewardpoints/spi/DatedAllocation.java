package org.rewardpoints.spi;

import java.time.Instant;

/**
 * An allocation with what its debit says about when it held the lot's points
 * ({@link LedgerStore#allocationsOfLots}).
 *
 * @param debitId         debit that took the points
 * @param lotId           lot they came from
 * @param points          &gt; 0
 * @param debitKind       the debit's kind
 * @param debitStatus     the debit's status
 * @param debitCreatedAt  when the debit was recorded
 * @param debitResolvedAt the debit's {@link DebitRecord#resolvedAt()}, or null
 */
public record DatedAllocation(
        String debitId,
        String lotId,
        long points,
        DebitKind debitKind,
        DebitStatus debitStatus,
        Instant debitCreatedAt,
        Instant debitResolvedAt) {
}
