package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LotRecord;

/**
 * A customer with 100,000 lots (half of them spent by 50,000 redemptions) among other customers'
 * 100,000 lots. Plans of the store's own statements must use indexes: reads stay proportional to
 * what they return, not to the history's length. Asserts plans, never times.
 */
class PostgresLargeHistoryTest {
    static final String TENANT = "big-tenant";
    static final String CUSTOMER = "big";
    static final int LOTS = 100_000;
    static final int SPENT = 50_000;
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static HikariDataSource pool;
    private static JdbcLedgerStore store;
    private static final Statements SQL = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, PostgresDialect.INSTANCE);

    @BeforeAll
    static void fillHistory() throws SQLException {
        pool = TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("large"), 2);
        store = TestDatabases.createStore(pool);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // Consistent with the ledger's invariants: lots 1..SPENT are fully used by one redemption each.
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " VALUES ('" + TENANT + "', '" + CUSTOMER + "', " + 10L * (LOTS - SPENT) + ", 0,"
                    + " timestamptz '2023-01-01 00:00:00+00', " + (LOTS + SPENT) + ")");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT 'lot-' || lpad(i::text, 6, '0'), '" + TENANT + "', '" + CUSTOMER + "', 'order:o-' || i,"
                    + " 'o-' || i, 10, 'EUR', 'o-' || i, NULL, 10, CASE WHEN i <= " + SPENT + " THEN 0 ELSE 10 END,"
                    + " timestamptz '2023-01-01 00:00:00+00' + i * interval '1 minute',"
                    + " timestamptz '2025-06-01 00:00:00+00' + i * interval '1 minute', 0"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("INSERT INTO rp_debits (id, tenant, customer_id, kind, status, idempotency_key, order_id,"
                    + " refunded_value, description, points, requested_points, created_at, balance_after,"
                    + " redeem_option_id, coupon_code)"
                    + " SELECT 'debit-' || lpad(i::text, 6, '0'), '" + TENANT + "', '" + CUSTOMER + "', 'REDEMPTION',"
                    + " 'CONFIRMED', 'redeem:r-' || i, NULL, NULL, NULL, 10, 10,"
                    + " timestamptz '2023-01-01 00:00:30+00' + i * interval '1 minute', 0, NULL, NULL"
                    + " FROM generate_series(1, " + SPENT + ") AS i");
            // foreign key checks of the next insert are planned from these statistics
            statement.execute("ANALYZE rp_lots");
            statement.execute("ANALYZE rp_debits");
            statement.execute("INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
                    + " SELECT '" + TENANT + "', '" + CUSTOMER + "', 'debit-' || lpad(i::text, 6, '0'),"
                    + " 'lot-' || lpad(i::text, 6, '0'), 10 FROM generate_series(1, " + SPENT + ") AS i");
            // other customers, so the big one is not the whole table
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " SELECT '" + TENANT + "', 'other-' || c, 1000, 0, timestamptz '2023-01-01 00:00:00+00', 1"
                    + " FROM generate_series(1, 1000) AS c");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT 'other-lot-' || i, '" + TENANT + "', 'other-' || (1 + i % 1000), NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, 10, 10, timestamptz '2023-01-01 00:00:00+00' + i * interval '1 second',"
                    + " timestamptz '2024-06-01 00:00:00+00' + i * interval '1 minute', 0"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("VACUUM ANALYZE"); // what autovacuum does to an idle history
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    private static String plan(String sql, Object... params) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            Sql.bindAll(statement, 1, params, PostgresDialect.INSTANCE);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }

    private static void assertIndexedOnly(String plan) {
        assertThat(plan).as(plan).doesNotContain("Seq Scan").containsPattern("Index (Only )?Scan");
    }

    @Test
    void balanceRead_usesIndexesOnly() throws SQLException {
        String findAccount = plan(SQL.findAccount, TENANT, CUSTOMER, NOW, TENANT, CUSTOMER, NOW, NOW, TENANT, CUSTOMER);
        assertIndexedOnly(findAccount);
        assertThat(findAccount).as("the pending points from the partial pending index").contains("rp_lots_pending_idx");
        assertIndexedOnly(plan(SQL.lockAccount, TENANT, CUSTOMER, TENANT, CUSTOMER, NOW, TENANT, CUSTOMER, NOW, NOW,
                TENANT, CUSTOMER));
        RewardPoints points = rewardPoints(store);
        assertThat(points.balance(TENANT, CUSTOMER)).isEqualTo(10L * (LOTS - SPENT));
    }

    @Test
    void firstAndLastHistoryPages_useTheHistoryIndexes() throws SQLException {
        assertThat(plan(SQL.firstLots, TENANT, CUSTOMER, 100)).contains("rp_lots_history_idx").doesNotContain("Seq Scan");
        LotRecord beforeLastPage = store.lots(TENANT, CUSTOMER, null, 1).get(0);
        String lastLotsPage = plan(SQL.nextLots, TENANT, CUSTOMER, Instant.parse("2023-03-11T10:00:00Z"), "lot-099900", 100);
        assertThat(lastLotsPage).contains("rp_lots_history_idx").doesNotContain("Seq Scan");
        assertThat(plan(SQL.firstConfirmedDebits, TENANT, CUSTOMER, 100)).contains("rp_debits_history_idx")
                .doesNotContain("Seq Scan");
        assertThat(plan(SQL.nextConfirmedDebits, TENANT, CUSTOMER, Instant.parse("2023-02-04T16:00:00Z"),
                "debit-049900", 100)).contains("rp_debits_history_idx").doesNotContain("Seq Scan");
        assertIndexedOnly(plan(SQL.confirmedAllocationsOfLots, TENANT, CUSTOMER,
                new Sql.IdArray(new String[] {"lot-000001", "lot-000002", "lot-099999"})));
        assertIndexedOnly(plan(SQL.lotByKey, TENANT, "order:o-77777"));

        // and the pages themselves come out right at both ends
        assertThat(beforeLastPage.id()).isEqualTo("lot-000001");
        List<LotRecord> last = store.lots(TENANT, CUSTOMER,
                new org.rewardpoints.spi.HistoryCursor(Instant.parse("2023-01-01T00:00:00Z").plusSeconds(60L * 99_900),
                        "lot-099900"), 1000);
        assertThat(last).hasSize(100).extracting(LotRecord::id).startsWith("lot-099901").endsWith("lot-100000");
    }

    @Test
    void spendableLots_readOnlyTheLotsARedemptionConsumes() throws SQLException {
        assertThat(plan(SQL.firstSpendableLots, TENANT, CUSTOMER, NOW, NOW, JdbcAccountSession.FIRST_LOT_BATCH))
                .contains("rp_lots_open_idx").doesNotContain("Seq Scan").doesNotContain("Sort");
        assertThat(plan(SQL.nextSpendableLots, TENANT, CUSTOMER, NOW, NOW, Instant.parse("2025-06-30T00:00:00Z"),
                Instant.parse("2023-02-10T00:00:00Z"), "lot-050100", JdbcAccountSession.MAX_LOT_BATCH))
                .contains("rp_lots_open_idx").doesNotContain("Seq Scan").doesNotContain("Sort");
        assertIndexedOnly(plan(SQL.expiredLots, TENANT, CUSTOMER, NOW));

        AtomicInteger spendableReads = new AtomicInteger();
        JdbcLedgerStore counting = JdbcLedgerStore.builder(JdbcProxies.wrap(pool, new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) {
                if (sql.contains("valid_until > ?")) {
                    spendableReads.incrementAndGet();
                }
            }
        })).schemaMode(SchemaMode.NONE).dialect(PostgresDialect.INSTANCE).build();
        rewardPoints(counting).redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, 25));

        assertThat(spendableReads).as("spendable-lot reads of a redemption of three lots").hasValue(1);
        assertThat(store.lots(TENANT, CUSTOMER, new org.rewardpoints.spi.HistoryCursor(
                Instant.parse("2023-01-01T00:00:00Z").plusSeconds(60L * SPENT), "lot-050000"), 3))
                .extracting(LotRecord::remaining).containsExactly(0L, 0L, 5L);
        LedgerInvariants.assertHold(pool, TENANT);
    }

    private static RewardPoints rewardPoints(JdbcLedgerStore ledger) {
        return RewardPoints.builder().store(ledger)
                .settings(new InMemorySettingsStore().put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }
}
