package org.rewardpoints;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * Re-derives an account's stored figures from its entries and reports each mismatch: every lot's
 * remaining points (its points less what live debits took), the account's open points (the sum
 * of the lots' remaining points) and debt (what reversals took beyond their allocations), and each
 * confirmed debit's points (what its allocations add up to), and each entry's balance after it
 * where its instant is its own ({@link BalancesAfter}). Reads only. A change committing
 * while the account is read makes it read again, so a report never mixes two states.
 */
final class Verification {
    private static final int PAGE = 1000;
    private static final int ATTEMPTS = 3;

    private final Units units;

    Verification(Units units) {
        this.units = units;
    }

    private LedgerStore store() {
        return units.store();
    }

    VerificationReport verify(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        for (int attempt = 1; ; attempt++) {
            AccountRecord before = account(tenant, customerId);
            List<VerificationReport.Mismatch> mismatches = derive(before);
            if (account(tenant, customerId).version() == before.version() || attempt == ATTEMPTS) {
                return new VerificationReport(tenant, customerId, List.copyOf(mismatches));
            }
        }
    }

    private AccountRecord account(String tenant, String customerId) {
        return store().findAccount(tenant, customerId, units.now())
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
    }

    private List<VerificationReport.Mismatch> derive(AccountRecord account) {
        String tenant = account.tenant();
        String customerId = account.customerId();
        List<VerificationReport.Mismatch> mismatches = new ArrayList<>();
        Map<String, Long> allocatedByDebit = new HashMap<>();
        List<LotRecord> allLots = new ArrayList<>();
        List<DatedAllocation> allAllocations = new ArrayList<>();
        long openPoints = 0;
        HistoryCursor after = null;
        List<LotRecord> page;
        do {
            page = store().lots(tenant, customerId, after, PAGE);
            allLots.addAll(page);
            Map<String, Long> confirmedByLot = new HashMap<>();
            if (!page.isEmpty()) {
                for (DatedAllocation allocation : store().allocationsOfLots(tenant, customerId,
                        page.stream().map(LotRecord::id).toList())) {
                    allAllocations.add(allocation);
                    if (allocation.debitStatus() == DebitStatus.CONFIRMED) {
                        confirmedByLot.merge(allocation.lotId(), allocation.points(), Long::sum);
                        allocatedByDebit.merge(allocation.debitId(), allocation.points(), Long::sum);
                    }
                }
            }
            List<LotRecord> unexplained = new ArrayList<>();
            for (LotRecord lot : page) {
                openPoints += lot.remaining();
                if (lot.points() - confirmedByLot.getOrDefault(lot.id(), 0L) != lot.remaining()) {
                    unexplained.add(lot); // may be explained by a pending reservation
                }
            }
            mismatches.addAll(withReservations(account, unexplained, confirmedByLot));
            after = page.isEmpty() ? null : new HistoryCursor(page.get(page.size() - 1).createdAt(),
                    page.get(page.size() - 1).id());
        } while (page.size() == PAGE);
        if (openPoints != account.openPoints()) {
            mismatches.add(new VerificationReport.Mismatch("account.openPoints", customerId, account.openPoints(),
                    openPoints));
        }
        long debt = 0;
        List<DebitRecord> allDebits = new ArrayList<>();
        HistoryCursor debitsAfter = null;
        List<DebitRecord> debits;
        do {
            debits = store().confirmedDebits(tenant, customerId, debitsAfter, PAGE);
            allDebits.addAll(debits);
            for (DebitRecord debit : debits) {
                long allocated = allocatedByDebit.getOrDefault(debit.id(), 0L);
                if (debit.kind() == DebitKind.REVERSAL && allocated <= debit.points()) {
                    debt += debit.points() - allocated; // the part no lot gave, owed unless settled since
                } else if (allocated != debit.points()) {
                    mismatches.add(new VerificationReport.Mismatch("debit.points", debit.id(), debit.points(), allocated));
                }
            }
            debitsAfter = debits.isEmpty() ? null : new HistoryCursor(debits.get(debits.size() - 1).createdAt(),
                    debits.get(debits.size() - 1).id());
        } while (debits.size() == PAGE);
        if (debt != account.debt()) {
            mismatches.add(new VerificationReport.Mismatch("account.debt", customerId, account.debt(), debt));
        }
        mismatches.addAll(BalancesAfter.check(allLots, allAllocations, allDebits));
        return mismatches;
    }

    /** Lots whose remaining points confirmed debits do not explain: the rest must be held by pending reservations. */
    private List<VerificationReport.Mismatch> withReservations(AccountRecord account, List<LotRecord> lots,
                                                               Map<String, Long> confirmedByLot) {
        if (lots.isEmpty()) {
            return List.of();
        }
        return store().inAccount(account.tenant(), account.customerId(), session -> { // reads only, no lock
            List<VerificationReport.Mismatch> found = new ArrayList<>();
            for (LotRecord lot : lots) {
                long derived = lot.points() - confirmedByLot.getOrDefault(lot.id(), 0L)
                        - session.claimsOnLot(lot.id()).reserved();
                if (derived != lot.remaining()) {
                    found.add(new VerificationReport.Mismatch("lot.remaining", lot.id(), lot.remaining(), derived));
                }
            }
            return found;
        });
    }

    Page<VerificationReport> verifyAll(String tenant, String cursor, int limit) {
        Checks.id("tenant", tenant);
        History.pageSize(limit);
        List<String> customers = store().customerIds(tenant, Cursors.decode(cursor), limit);
        List<VerificationReport> reports = new ArrayList<>();
        for (String customerId : customers) {
            try {
                reports.add(verify(tenant, customerId));
            } catch (AccountNotFoundException erasedMeanwhile) {
                // nothing left to verify
            }
        }
        Optional<String> next = customers.size() < limit ? Optional.empty()
                : Optional.of(Cursors.encode(customers.get(customers.size() - 1)));
        return new Page<>(reports, next);
    }
}
