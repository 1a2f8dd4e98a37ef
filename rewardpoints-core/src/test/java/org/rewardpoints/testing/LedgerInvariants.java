package org.rewardpoints.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * Checks, through the storage SPI only, that every account of a tenant is consistent: credits
 * minus debits equals the balance, no lot is used beyond its points, no debit took more than it
 * recorded, and the balance is not negative unless debt is allowed.
 */
public final class LedgerInvariants {
    private LedgerInvariants() {
    }

    /** Checks every account of the tenant; returns how many accounts were checked. */
    public static int check(LedgerStore store, String tenant, Instant now, boolean debtAllowed) {
        int checked = 0;
        String after = null;
        List<String> page;
        do {
            page = store.customerIds(tenant, after, 500);
            for (String customerId : page) {
                checkAccount(store, tenant, customerId, now, debtAllowed);
                checked++;
                after = customerId;
            }
        } while (page.size() == 500);
        return checked;
    }

    public static void checkAccount(LedgerStore store, String tenant, String customerId, Instant now,
                                    boolean debtAllowed) {
        String where = "account " + tenant + "/" + customerId;
        AccountRecord account = store.findAccount(tenant, customerId, now).orElseThrow();
        List<LotRecord> lots = allLots(store, tenant, customerId);
        List<DebitRecord> debits = new ArrayList<>(allConfirmedDebits(store, tenant, customerId));
        store.pendingReservations(Instant.MAX, null, Integer.MAX_VALUE).stream()
                .filter(d -> d.tenant().equals(tenant) && d.customerId().equals(customerId))
                .forEach(debits::add);

        // every lot's consumed points are explained by allocations of live (not released) debits
        Map<String, Long> allocatedPerLot = new HashMap<>();
        Map<String, Long> allocatedPerDebit = new HashMap<>();
        store.inAccount(tenant, customerId, session -> {
            for (DebitRecord debit : debits) {
                for (AllocationRecord allocation : session.allocationsOfDebit(debit.id())) {
                    assertThat(allocation.points()).as(where + " allocation %s", allocation).isPositive();
                    allocatedPerLot.merge(allocation.lotId(), allocation.points(), Long::sum);
                    allocatedPerDebit.merge(allocation.debitId(), allocation.points(), Long::sum);
                }
            }
            return null;
        });
        long credits = 0;
        long remaining = 0;
        long expired = 0;
        for (LotRecord lot : lots) {
            assertThat(lot.remaining()).as(where + " lot %s remaining", lot.id()).isBetween(0L, lot.points());
            assertThat(lot.points() - lot.remaining()).as(where + " lot %s used = its allocations", lot.id())
                    .isEqualTo(allocatedPerLot.getOrDefault(lot.id(), 0L));
            credits += lot.points();
            remaining += lot.remaining();
            if (lot.isExpiredAt(now)) {
                expired += lot.remaining();
            }
        }
        long debited = 0;
        for (DebitRecord debit : debits) {
            assertThat(debit.status()).isNotEqualTo(DebitStatus.RELEASED);
            assertThat(allocatedPerDebit.getOrDefault(debit.id(), 0L)).as(where + " debit %s allocations", debit.id())
                    .isLessThanOrEqualTo(debit.points());
            assertThat(debit.points()).as(where + " debit %s points <= requested", debit.id())
                    .isLessThanOrEqualTo(debit.requestedPoints());
            debited += debit.points();
        }
        assertThat(account.openPoints()).as(where + " open points = sum of lot remaining").isEqualTo(remaining);
        assertThat(account.expiredPoints()).as(where + " expired points").isEqualTo(expired);
        assertThat(credits - debited).as(where + " credits - debits = balance (open - debt)")
                .isEqualTo(account.openPoints() - account.debt());
        assertThat(account.debt()).as(where + " debt").isNotNegative();
        if (!debtAllowed) {
            assertThat(account.debt()).as(where + " debt without the negative-balance policy").isZero();
            assertThat(account.activePoints()).as(where + " active points").isNotNegative();
        }
    }

    public static List<LotRecord> allLots(LedgerStore store, String tenant, String customerId) {
        List<LotRecord> all = new ArrayList<>();
        List<LotRecord> page;
        HistoryCursor after = null;
        do {
            page = store.lots(tenant, customerId, after, 500);
            all.addAll(page);
            if (!page.isEmpty()) {
                LotRecord last = page.get(page.size() - 1);
                after = new HistoryCursor(last.createdAt(), last.id());
            }
        } while (page.size() == 500);
        return all;
    }

    public static List<DebitRecord> allConfirmedDebits(LedgerStore store, String tenant, String customerId) {
        List<DebitRecord> all = new ArrayList<>();
        List<DebitRecord> page;
        HistoryCursor after = null;
        do {
            page = store.confirmedDebits(tenant, customerId, after, 500);
            all.addAll(page);
            if (!page.isEmpty()) {
                DebitRecord last = page.get(page.size() - 1);
                after = new HistoryCursor(last.createdAt(), last.id());
            }
        } while (page.size() == 500);
        return all;
    }
}
