package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;

/** Tenants sharing customer ids and order ids under concurrent load never touch each other. */
class TenantIsolationTest {

    @Test
    void tenantsWithTheSameCustomerAndOrderIds_stayApartUnderLoad() throws Exception {
        InMemoryLedgerStore store = new InMemoryLedgerStore();
        MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
        InMemorySettingsStore settings = new InMemorySettingsStore();
        List<String> tenants = List.of("alpha", "beta", "gamma", "delta");
        for (int t = 0; t < tenants.size(); t++) {
            settings.put(tenants.get(t), "main", SiteSettings.of(BigDecimal.valueOf(t + 1), 12, "RP", "EUR"));
        }
        RewardPoints ledger = RewardPoints.builder().store(store).settings(settings).clock(clock).build();

        ExecutorService executor = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (String tenant : tenants) {
                String customer = "c-" + (round % 5);
                String order = "o-" + round;
                futures.add(executor.submit(() -> {
                    ledger.orderCompleted(OrderCompletion.of(tenant, "main", customer, order, "10", "EUR"));
                    ledger.orderCompleted(OrderCompletion.of(tenant, "main", customer, order, "10", "EUR"));
                    try {
                        ledger.redeemPoints(RedeemPoints.of(tenant, customer, 3));
                    } catch (InsufficientPointsException e) {
                        // a concurrent reversal took the points first
                    }
                    ledger.orderReturned(OrderReturn.partial(tenant, order, "r", "5", "EUR"));
                    return null;
                }));
            }
        }
        for (Future<?> future : futures) {
            future.get(1, TimeUnit.MINUTES);
        }
        executor.shutdown();

        for (int t = 0; t < tenants.size(); t++) {
            String tenant = tenants.get(t);
            long factor = t + 1;
            assertThat(LedgerInvariants.check(store, tenant, clock.instant(), false)).isEqualTo(5);
            long credited = 0;
            for (int c = 0; c < 5; c++) {
                credited += ledger.summary(tenant, "c-" + c).addedPointsList().stream()
                        .mapToLong(lot -> lot.points()).sum();
            }
            // 200 orders of value 10 at this tenant's factor: each tenant saw only its own credits
            assertThat(credited).isEqualTo(200 * 10 * factor);
        }
    }
}
