package org.rewardpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.LotRecord;

/** Stored records as the public API shows them. */
final class Views {
    private Views() {
    }

    /** A lot as a summary shows it, with what the given allocations took from it. */
    static AddedPoints added(LotRecord lot, List<AllocationRecord> allocations) {
        // a fresh credit has no allocations: no map for it
        Map<String, Long> usedWith = allocations.isEmpty() ? Map.of() : new LinkedHashMap<>();
        long used = 0;
        for (AllocationRecord allocation : allocations) {
            if (allocation.lotId().equals(lot.id())) {
                usedWith.merge(allocation.debitId(), allocation.points(), Long::sum);
                used += allocation.points();
            }
        }
        return new AddedPoints(lot.id(), lot.referenceId(), lot.description(), lot.points(), lot.createdAt(),
                lot.validUntil(), used, List.copyOf(usedWith.keySet()), lot.balanceAfter(), lot.activatesAt());
    }

    static RedeemedPoints redeemed(DebitRecord debit) {
        return new RedeemedPoints(debit.id(), debit.kind(), debit.description(), debit.points(), debit.createdAt(),
                debit.balanceAfter(), debit.couponCode());
    }
}
