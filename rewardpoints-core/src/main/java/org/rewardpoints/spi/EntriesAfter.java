package org.rewardpoints.spi;

/**
 * An account as committed now, with sums over its entries relative to an earlier instant
 * {@code T}: what takes the account's stored figures back to {@code T} reading only what was
 * recorded after it ({@link LedgerStore#entriesAfter}). An entry is recorded after {@code T} when
 * its {@code createdAt} is after {@code T}; a lot is usable at {@code T} when its
 * {@code validUntil} is after {@code T}.
 *
 * @param account           the account now, its {@link AccountRecord#expiredPoints()} as of {@code T}
 *                          (its {@link AccountRecord#pendingPoints()} are not read: 0)
 * @param laterLots         sum of {@code remaining} over the lots recorded after {@code T} and usable at it
 * @param laterAllocations  sum of the allocations of debits recorded after {@code T} and not
 *                          {@link DebitStatus#RELEASED}, from lots recorded at or before {@code T}
 *                          and usable at it
 * @param releasedAllocations sum of the allocations of {@link DebitStatus#RELEASED} debits recorded
 *                          at or before {@code T} and {@linkplain DebitRecord#resolvedAt() resolved}
 *                          after it, from lots usable at {@code T}
 * @param laterDebt         sum over the {@link DebitKind#REVERSAL} debits recorded after {@code T} of
 *                          their points minus all their allocations (the debt they still hold)
 * @param laterSettlements  sum of the allocations of {@link DebitKind#REVERSAL} debits recorded at or
 *                          before {@code T}, from lots recorded after it (debt those lots settled)
 */
public record EntriesAfter(
        AccountRecord account,
        long laterLots,
        long laterAllocations,
        long releasedAllocations,
        long laterDebt,
        long laterSettlements) {
}
