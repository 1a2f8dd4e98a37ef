package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

/**
 * How many statements (each one network round trip with the PostgreSQL driver, which sends a
 * unit's buffered writes as one pipelined statement) every operation costs. Guards against a
 * change that quietly adds round trips.
 */
class PostgresRoundTripTest {
    private static final HikariDataSource POOL =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("round_trips"), 2);
    private static final JdbcLedgerStore SCHEMA = TestDatabases.createStore(POOL);

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private String tenant;
    private RewardPoints points;
    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @BeforeEach
    void countingLedger() {
        tenant = "t-" + UUID.randomUUID();
        JdbcLedgerStore store = JdbcLedgerStore.builder(JdbcProxies.wrap(POOL, new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) {
                sent.add(sql.length() > 40 ? sql.substring(0, 40) : sql);
            }

            @Override
            public void afterRollback() {
                sent.add("ROLLBACK");
            }
        })).schemaMode(SchemaMode.NONE).dialect(SCHEMA.dialect()).build();
        points = RewardPoints.builder().store(store)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(clock)
                .couponIssuer(new InMemoryCouponIssuer()).redemptionOptions(new InMemoryRedemptionOptionStore()).build();
    }

    @AfterEach
    void invariantsHold() {
        LedgerInvariants.assertHold(POOL, tenant);
    }

    private List<String> during(Runnable operation) {
        sent.clear();
        operation.run();
        return List.copyOf(sent);
    }

    @Test
    void orderCredit_ofAnAccountWithoutDebt_takesOneRoundTripAndCommit() {
        List<String> first = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1", "10", "EUR")));
        List<String> second = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-2", "10", "EUR")));
        List<String> repeat = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-2", "10", "EUR")));

        // the write-only credit: account update and lot insert pipelined, then COMMIT
        assertThat(second).as("credit of an existing account").hasSize(2).endsWith("COMMIT");
        assertThat(second.get(0)).startsWith("UPDATE rp_accounts");
        // the write-only credit declines, then the unit: lock, the order's key, one pipelined write
        assertThat(first).as("credit opening the account").hasSize(6).containsSubsequence("ROLLBACK", "COMMIT");
        // the lot insert hits the order's key, then the unit: lock, the order's key, nothing to write
        assertThat(repeat).as("repeated delivery").hasSize(5).containsSubsequence("ROLLBACK", "COMMIT");
    }

    @Test
    void balance_takesOneRoundTrip() {
        points.addPoints(AddPoints.of(tenant, "c", 10));

        assertThat(during(() -> points.balance(tenant, "c"))).hasSize(1);
    }

    @Test
    void redemption_takesThreeRoundTripsAndCommit() {
        for (int i = 0; i < 5; i++) {
            points.addPoints(AddPoints.of(tenant, "c", 10));
        }

        List<String> withId = during(() -> points.redeemPoints(RedeemPoints.of(tenant, "c", 35).withId("r-1")));
        List<String> withoutId = during(() -> points.redeemPoints(RedeemPoints.of(tenant, "c", 5)));

        // lock with the first batch of spendable lots, key lookup, one pipelined write of lots, debit,
        // allocations, account
        assertThat(withId).hasSize(4).endsWith("COMMIT");
        assertThat(withId.get(1)).startsWith("SELECT " + Statements.DEBIT_COLUMNS.substring(0, 33));
        assertThat(withId.get(2)).startsWith("UPDATE rp_lots");
        assertThat(withoutId).hasSize(3).endsWith("COMMIT");
    }

    @Test
    void couponRedemption_takesFiveRoundTripsInTheLedger() {
        points.addPoints(AddPoints.of(tenant, "c", 100));
        RedemptionOption option = points.createOption(tenant, RedemptionOptionDraft.of("5 EUR", 50,
                CouponTemplate.absolute("5 EUR off", "5", "EUR")));

        List<String> redemption = during(() -> points.redeemForCoupon(CouponRedemption.of(tenant, "c", option.id())));

        // reserve: lock with the first spendable lots, one pipelined write, COMMIT;
        // (the coupon is issued in memory here) confirm: lock and conditional update pipelined, COMMIT
        assertThat(redemption).hasSize(5);
        assertThat(redemption.get(2)).isEqualTo("COMMIT");
        assertThat(redemption.get(3)).startsWith("SELECT version FROM rp_accounts");
        assertThat(redemption.get(4)).isEqualTo("COMMIT");
    }

    @Test
    void sweep_takesThreeRoundTripsPerAccountAfterTheCandidateQuery() {
        points.addPoints(AddPoints.of(tenant, "c", 10).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        points.addPoints(AddPoints.of(tenant, "c", 20).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        clock.set(Instant.parse("2025-01-02T00:00:00Z"));

        List<String> sweep = during(points::sweepExpired);

        // candidates; then the unit: lock with the expired lots, one pipelined write, COMMIT
        assertThat(sweep).hasSize(4).endsWith("COMMIT");
        assertThat(sweep.get(2)).startsWith("UPDATE rp_lots");
        assertThat(points.balance(tenant, "c")).isZero();
    }

    @Test
    void reversal_readsTheOrdersLotAndReversalsThenWritesOnce() {
        points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1", "100", "EUR"));

        List<String> reversal = during(() -> points.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "40", "EUR")));

        // find the order's lot, then in the unit: lock, key lookup, the lot, earlier reversals, one write
        assertThat(reversal).hasSize(7).endsWith("COMMIT");
    }
}
