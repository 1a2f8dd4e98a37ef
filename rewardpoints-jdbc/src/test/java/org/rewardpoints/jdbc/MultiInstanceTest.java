package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.CreditResult;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;

/**
 * Two application instances, each with its own pool and store, share one database and a few
 * accounts: 8 threads each deliver orders (with duplicates across instances), redeem and return
 * orders. Correctness must come from the database alone. Bound to a database by a subclass.
 */
abstract class MultiInstanceTest {
    static final int THREADS_PER_INSTANCE = 8;
    static final int OPERATIONS_PER_THREAD = 25;
    static final int CUSTOMERS = 4;
    static final int ORDERS = 40;
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    /** The first instance's pool, of {@link #THREADS_PER_INSTANCE} connections. */
    abstract DataSource firstPool();

    /** The second instance's pool, of the same size, on the same database. */
    abstract DataSource secondPool();

    /** A store builder on {@code dataSource}; a database with several models sets the tested one's dialect. */
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource);
    }

    private final String tenant = "t-" + UUID.randomUUID();
    private final Map<String, AtomicLong> creditedNow = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reversedNow = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> redeemedPoints = new ConcurrentHashMap<>();

    private RewardPoints instance(DataSource pool) {
        JdbcLedgerStore store = storeBuilder(pool).schemaMode(SchemaMode.CREATE).build();
        return RewardPoints.builder().store(store)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private static String customerOf(int order) {
        return "customer-" + order % CUSTOMERS;
    }

    /** One random operation; domain refusals are expected outcomes, anything else fails the test. */
    private void operate(RewardPoints ledger, Random random) {
        int order = random.nextInt(ORDERS);
        String orderId = "order-" + order;
        switch (random.nextInt(3)) {
            case 0 -> {
                CreditResult result = ledger.orderCompleted(OrderCompletion.of(tenant, "main", customerOf(order), orderId,
                        String.valueOf(20 + order), "EUR"));
                if (result.status() == CreditResult.Status.CREDITED) {
                    creditedNow.computeIfAbsent(orderId, k -> new AtomicLong()).incrementAndGet();
                }
            }
            case 1 -> {
                String customer = "customer-" + random.nextInt(CUSTOMERS);
                try {
                    RedeemedPoints debit = ledger.redeemPoints(RedeemPoints.of(tenant, customer, 1 + random.nextInt(15)));
                    redeemedPoints.computeIfAbsent(customer, k -> new AtomicLong()).addAndGet(debit.points());
                } catch (InsufficientPointsException | AccountNotFoundException expected) {
                    // the account had too little, or no credit had arrived yet
                }
            }
            default -> {
                String returnId = "return-" + random.nextInt(2);
                ReversalResult result = ledger.orderReturned(OrderReturn.partial(tenant, orderId, returnId, "5", "EUR"));
                if (result.status() == ReversalResult.Status.REVERSED) {
                    reversedNow.computeIfAbsent(orderId + ":" + returnId, k -> new AtomicLong()).incrementAndGet();
                }
            }
        }
    }

    @Test
    void twoInstances_neverOverdrawAndCreditAndReverseExactlyOnce() throws Exception {
        List<RewardPoints> instances = List.of(instance(firstPool()), instance(secondPool()));
        ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
                RewardPoints ledger = instances.get(t % 2);
                Random random = new Random(t);
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                        operate(ledger, random);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : work) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(creditedNow).as("some orders were credited").isNotEmpty();
        assertThat(creditedNow.values()).as("each order credited by exactly one call").allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(reversedNow.values()).as("each return reversed by exactly one call").allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(count("SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key LIKE 'order:%'"))
                .as("lots of orders").isEqualTo(creditedNow.size());
        assertThat(count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ? AND kind = 'REVERSAL'"))
                .as("reversal debits").isEqualTo(reversedNow.size());
        assertThat(count("SELECT COUNT(*) FROM rp_accounts WHERE tenant = ? AND (open_points < 0 OR debt <> 0)"))
                .as("overdrawn accounts").isZero();
        for (int c = 0; c < CUSTOMERS; c++) {
            String customer = "customer-" + c;
            long redeemedInDatabase = count("SELECT COALESCE(SUM(points), 0) FROM rp_debits WHERE tenant = ?"
                    + " AND customer_id = '" + customer + "' AND kind = 'REDEMPTION'");
            assertThat(redeemedInDatabase).as("redeemed points of " + customer)
                    .isEqualTo(redeemedPoints.getOrDefault(customer, new AtomicLong()).get());
            if (redeemedInDatabase > 0 || creditedNow.keySet().stream().anyMatch(o -> customerOf(orderNumber(o)).equals(customer))) {
                assertThat(instances.get(0).balance(tenant, customer)).isNotNegative()
                        .isEqualTo(instances.get(1).balance(tenant, customer));
            }
        }
        LedgerInvariants.assertHold(firstPool(), tenant);
        org.rewardpoints.testing.LedgerInvariants.check(
                storeBuilder(firstPool()).build(), tenant, NOW, false);
    }

    private static int orderNumber(String orderId) {
        return Integer.parseInt(orderId.substring("order-".length()));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = firstPool().getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenant);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
