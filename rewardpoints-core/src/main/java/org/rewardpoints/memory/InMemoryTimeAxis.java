package org.rewardpoints.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.EntriesAfter;
import org.rewardpoints.spi.LotRecord;

/**
 * The as-of reads of {@link InMemoryLedgerStore} over one account's data, read under its lock:
 * they go over the account's whole history, as memory has no index to spare it and no round trips
 * to count.
 */
final class InMemoryTimeAxis {
    private InMemoryTimeAxis() {
    }

    static Optional<EntriesAfter> entriesAfter(InMemoryLedgerStore.AccountData data, Instant instant) {
        AccountRecord account = data.view(instant);
        if (account == null) {
            return Optional.empty();
        }
        long laterLots = 0;
        long laterSettlements = 0;
        for (LotRecord lot : data.lots.values()) {
            if (lot.createdAt().isAfter(instant)) {
                laterLots += lot.isExpiredAt(instant) ? 0 : lot.remaining();
                for (AllocationRecord allocation : data.allocationsByLot.getOrDefault(lot.id(), List.of())) {
                    DebitRecord debit = data.debits.get(allocation.debitId());
                    if (debit.kind() == DebitKind.REVERSAL && !debit.createdAt().isAfter(instant)) {
                        laterSettlements += allocation.points();
                    }
                }
            }
        }
        long laterAllocations = 0;
        long releasedAllocations = 0;
        long laterDebt = 0;
        for (DebitRecord debit : data.debits.values()) {
            boolean later = debit.createdAt().isAfter(instant);
            boolean releasedLater = debit.status() == DebitStatus.RELEASED && !later
                    && debit.resolvedAt().isAfter(instant);
            long allocated = 0;
            for (AllocationRecord allocation : data.allocationsByDebit.getOrDefault(debit.id(), List.of())) {
                allocated += allocation.points();
                LotRecord lot = data.lots.get(allocation.lotId());
                if (lot.createdAt().isAfter(instant) || lot.isExpiredAt(instant)) {
                    continue;
                }
                if (later && debit.status() != DebitStatus.RELEASED) {
                    laterAllocations += allocation.points();
                } else if (releasedLater) {
                    releasedAllocations += allocation.points();
                }
            }
            if (later && debit.kind() == DebitKind.REVERSAL) {
                laterDebt += debit.points() - allocated;
            }
        }
        return Optional.of(new EntriesAfter(account, laterLots, laterAllocations, releasedAllocations, laterDebt,
                laterSettlements));
    }

    static List<DatedAllocation> allocationsOfLots(InMemoryLedgerStore.AccountData data, Collection<String> lotIds) {
        List<DatedAllocation> result = new ArrayList<>();
        for (String lotId : lotIds) {
            for (AllocationRecord allocation : data.allocationsByLot.getOrDefault(lotId, List.of())) {
                DebitRecord debit = data.debits.get(allocation.debitId());
                result.add(new DatedAllocation(allocation.debitId(), lotId, allocation.points(), debit.kind(),
                        debit.status(), debit.createdAt(), debit.resolvedAt()));
            }
        }
        return result;
    }
}
