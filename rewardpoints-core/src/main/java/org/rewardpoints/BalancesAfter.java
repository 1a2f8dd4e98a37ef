package org.rewardpoints;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.LotRecord;

/**
 * Each entry's stored balance after it, against the balance the entries give at its instant, for
 * {@link Verification}. The balance is a sum of steps in time, by the rules of {@link AsOf}: a lot
 * adds its points while it is usable (from its {@code activatesAt} to its {@code validUntil}); an
 * allocation takes its points from the lot while both hold (from the later of its debit's and its
 * lot's creation until a release); a reversal's points count as debt from its creation, less what
 * its allocations took from lots recorded by then. Expiry debits change nothing: expiry is the
 * lot's {@code validUntil}. An entry is checked only where its instant is its own: nothing else
 * (another entry, a release, an expiry, an activation) happened then, as the ledger records no
 * order among things at one instant.
 */
final class BalancesAfter {
    /** Changes of the balance by instant; after {@link #accumulate}, the balance from each instant on. */
    private final TreeMap<Instant, Long> steps = new TreeMap<>();
    private final Map<Instant, Set<String>> causes = new HashMap<>();

    private BalancesAfter() {
    }

    static List<VerificationReport.Mismatch> check(List<LotRecord> lots, List<DatedAllocation> allocations,
                                                  List<DebitRecord> confirmedDebits) {
        BalancesAfter balances = new BalancesAfter();
        Map<String, LotRecord> byId = new HashMap<>();
        for (LotRecord lot : lots) {
            byId.put(lot.id(), lot);
            balances.cause(lot.createdAt(), lot.id());
            balances.cause(lot.validUntil(), "expiry");
            if (lot.wasPending()) {
                balances.cause(lot.activatesAt(), "activation");
            }
            balances.during(lot.activatesAt(), lot.validUntil(), lot.points());
        }
        for (DatedAllocation allocation : allocations) {
            LotRecord lot = byId.get(allocation.lotId());
            balances.cause(allocation.debitCreatedAt(), allocation.debitId());
            Instant released = allocation.debitStatus() == DebitStatus.RELEASED ? allocation.debitResolvedAt() : null;
            if (released != null) {
                balances.cause(released, "release");
            }
            if (lot == null || allocation.debitKind() == DebitKind.EXPIRY) {
                continue;
            }
            Instant held = later(allocation.debitCreatedAt(), lot.createdAt());
            Instant until = released == null || released.isAfter(lot.validUntil()) ? lot.validUntil() : released;
            balances.during(later(held, lot.activatesAt()), until, -allocation.points());
        }
        for (DebitRecord debit : confirmedDebits) {
            balances.cause(debit.createdAt(), debit.id());
            if (debit.kind() == DebitKind.REVERSAL) {
                balances.step(debit.createdAt(), -debit.points());
            }
        }
        for (DatedAllocation allocation : allocations) {
            LotRecord lot = byId.get(allocation.lotId());
            if (lot != null && allocation.debitKind() == DebitKind.REVERSAL) {
                balances.step(later(allocation.debitCreatedAt(), lot.createdAt()), allocation.points());
            }
        }
        balances.accumulate();
        List<VerificationReport.Mismatch> mismatches = new ArrayList<>();
        for (LotRecord lot : lots) {
            balances.compare(lot.id(), lot.createdAt(), lot.balanceAfter(), mismatches);
        }
        for (DebitRecord debit : confirmedDebits) {
            balances.compare(debit.id(), debit.createdAt(), debit.balanceAfter(), mismatches);
        }
        return mismatches;
    }

    private void cause(Instant at, String cause) {
        causes.computeIfAbsent(at, instant -> new HashSet<>()).add(cause);
    }

    private void step(Instant at, long points) {
        steps.merge(at, points, Long::sum);
    }

    /** {@code points} from {@code from} (inclusive) to {@code until} (exclusive); nothing when empty. */
    private void during(Instant from, Instant until, long points) {
        if (from.isBefore(until)) {
            step(from, points);
            step(until, -points);
        }
    }

    /** Turns the steps into the balance from each step's instant on. */
    private void accumulate() {
        long balance = 0;
        for (Map.Entry<Instant, Long> step : steps.entrySet()) {
            balance += step.getValue();
            step.setValue(balance);
        }
    }

    private void compare(String entryId, Instant at, long stored, List<VerificationReport.Mismatch> mismatches) {
        if (!causes.getOrDefault(at, Set.of()).equals(Set.of(entryId))) {
            return; // not the entry's own instant: the order of what happened then is not recorded
        }
        Map.Entry<Instant, Long> balance = steps.floorEntry(at);
        long derived = balance == null ? 0 : balance.getValue();
        if (derived != stored) {
            mismatches.add(new VerificationReport.Mismatch("entry.balanceAfter", entryId, stored, derived));
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
