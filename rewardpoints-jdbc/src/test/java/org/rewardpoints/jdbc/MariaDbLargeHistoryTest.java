package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LotRecord;

/**
 * A customer with 20,000 lots (half of them spent by 10,000 redemptions) among other customers'
 * lots, on MariaDB. The statements of the hot paths must read their index in order and stop at
 * their LIMIT, not sort all the account's rows (EXPLAIN's "Using filesort"). Asserts plans, never
 * times.
 */
class MariaDbLargeHistoryTest {
    static final String TENANT = "big-tenant";
    static final String CUSTOMER = "big";
    static final int LOTS = 20_000;
    static final int SPENT = 10_000;
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static HikariDataSource pool;
    private static JdbcLedgerStore store;
    private static final Statements SQL = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, MariaDbDialect.INSTANCE);

    @BeforeAll
    static void fillHistory() throws SQLException {
        pool = TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("large"), 2);
        store = TestDatabases.createStore(pool);
        String lotNumber = "LPAD(s.seq, 6, '0')";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // Consistent with the ledger's invariants: lots 1..SPENT are fully used by one redemption each.
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " VALUES ('" + TENANT + "', '" + CUSTOMER + "', " + 10L * (LOTS - SPENT) + ", 0,"
                    + " '2023-01-01 00:00:00', " + (LOTS + SPENT) + ")");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT CONCAT('lot-', " + lotNumber + "), '" + TENANT + "', '" + CUSTOMER + "',"
                    + " CONCAT('order:o-', s.seq), CONCAT('o-', s.seq), 10, 'EUR', CONCAT('o-', s.seq), NULL, 10,"
                    + " CASE WHEN s.seq <= " + SPENT + " THEN 0 ELSE 10 END,"
                    + " TIMESTAMPADD(MINUTE, s.seq, '2023-01-01 00:00:00'),"
                    + " TIMESTAMPADD(MINUTE, s.seq, '2025-06-01 00:00:00'), 0 FROM seq_1_to_" + LOTS + " s");
            statement.execute("INSERT INTO rp_debits (id, tenant, customer_id, kind, status, idempotency_key, order_id,"
                    + " refunded_value, description, points, requested_points, created_at, balance_after,"
                    + " redeem_option_id, coupon_code)"
                    + " SELECT CONCAT('debit-', " + lotNumber + "), '" + TENANT + "', '" + CUSTOMER + "', 'REDEMPTION',"
                    + " 'CONFIRMED', CONCAT('redeem:r-', s.seq), NULL, NULL, NULL, 10, 10,"
                    + " TIMESTAMPADD(SECOND, 60 * s.seq + 30, '2023-01-01 00:00:00'), 0, NULL, NULL"
                    + " FROM seq_1_to_" + SPENT + " s");
            statement.execute("INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
                    + " SELECT '" + TENANT + "', '" + CUSTOMER + "', CONCAT('debit-', " + lotNumber + "),"
                    + " CONCAT('lot-', " + lotNumber + "), 10 FROM seq_1_to_" + SPENT + " s");
            // other customers, so the big one is not the whole table
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " SELECT '" + TENANT + "', CONCAT('other-', s.seq), 200, 0, '2023-01-01 00:00:00', 1"
                    + " FROM seq_1_to_1000 s");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT CONCAT('other-lot-', s.seq), '" + TENANT + "', CONCAT('other-', 1 + s.seq % 1000), NULL,"
                    + " NULL, NULL, NULL, NULL, NULL, 10, 10, TIMESTAMPADD(SECOND, s.seq, '2023-01-01 00:00:00'),"
                    + " TIMESTAMPADD(MINUTE, s.seq, '2024-06-01 00:00:00'), 0 FROM seq_1_to_20000 s");
            statement.execute("ANALYZE TABLE rp_accounts, rp_lots, rp_debits, rp_allocations");
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    /** EXPLAIN's rows, one line each: table, access type, index and extra. */
    private static String plan(String sql, Object... params) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            Sql.bindAll(statement, 1, params, MariaDbDialect.INSTANCE);
            List<String> lines = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add("table=" + rows.getString("table") + " type=" + rows.getString("type")
                            + " key=" + rows.getString("key") + " extra=" + rows.getString("Extra"));
                }
            }
            return String.join("\n", lines);
        }
    }

    /** The rows {@code sql} reads from its tables, as {@code ANALYZE FORMAT=JSON} counts them (r_rows). */
    private static long rowsRead(String sql, Object... params) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("ANALYZE FORMAT=JSON " + sql)) {
            Sql.bindAll(statement, 1, params, MariaDbDialect.INSTANCE);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new ObjectMapper().readTree(rows.getString(1)).findValues("r_rows").stream()
                        .mapToLong(JsonNode::asLong).sum();
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError("ANALYZE did not answer JSON", e);
        }
    }

    /** Read through {@code index} in the ORDER BY's order: no sort of the rows the WHERE selects. */
    private static void assertInIndexOrder(String plan, String index) {
        assertThat(plan).as(plan).contains("key=" + index).doesNotContain("filesort").doesNotContain("type=ALL");
    }

    @Test
    void spendableLots_readTheOpenLotIndexInOrder() throws SQLException {
        assertInIndexOrder(plan(SQL.firstSpendableLots, TENANT, CUSTOMER, NOW, NOW, JdbcAccountSession.FIRST_LOT_BATCH),
                "rp_lots_open_idx");
        assertInIndexOrder(plan(SQL.nextSpendableLots, TENANT, CUSTOMER, NOW, NOW, Instant.parse("2025-06-08T00:00:00Z"),
                Instant.parse("2023-01-08T00:00:00Z"), "lot-010080", JdbcAccountSession.MAX_LOT_BATCH), "rp_lots_open_idx");
        assertInIndexOrder(plan(SQL.expiredLots, TENANT, CUSTOMER, Instant.parse("2025-06-08T00:00:00Z")),
                "rp_lots_open_idx");
        assertInIndexOrder(plan(SQL.lotsToAnnounce, TENANT, CUSTOMER, NOW, Instant.parse("2025-06-08T00:00:00Z"), 86_400L),
                "rp_lots_open_idx");

        RewardPoints points = rewardPoints(store);
        points.redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, 25));
        assertThat(store.lots(TENANT, CUSTOMER, new org.rewardpoints.spi.HistoryCursor(
                Instant.parse("2023-01-01T00:00:00Z").plusSeconds(60L * SPENT), "lot-010000"), 3))
                .extracting(LotRecord::remaining).containsExactly(0L, 0L, 5L);
        LedgerInvariants.assertHold(pool, TENANT);
    }

    /**
     * The account's 10,000 spent lots expire before its open ones: an index that keeps them puts
     * them in front of the range every redemption reads (it read 10,008 rows for 8 lots).
     */
    @Test
    void spendableAndExpiredLots_readNoSpentLot() throws SQLException {
        int batch = JdbcAccountSession.FIRST_LOT_BATCH;
        assertThat(rowsRead(SQL.firstSpendableLots, TENANT, CUSTOMER, NOW, NOW, batch)).isBetween(1L, 2L * batch);
        // all its lots expired by then, the open ones among them
        Instant later = Instant.parse("2025-06-08T00:00:00Z");
        long expired = store.inAccount(TENANT, CUSTOMER, session -> (long) session.expiredLots(later).size());
        assertThat(expired).isPositive();
        assertThat(rowsRead(SQL.expiredLots, TENANT, CUSTOMER, later)).isBetween(expired, expired + batch);
        assertThat(rowsRead(SQL.lotsToAnnounce, TENANT, CUSTOMER, NOW, later, 86_400L)).isBetween(expired, expired + batch);
    }

    @Test
    void historyPages_readTheHistoryIndexesInOrder() throws SQLException {
        assertInIndexOrder(plan(SQL.firstLots, TENANT, CUSTOMER, 100), "rp_lots_history_idx");
        assertInIndexOrder(plan(SQL.nextLots, TENANT, CUSTOMER, Instant.parse("2023-01-10T00:00:00Z"), "lot-012960", 100),
                "rp_lots_history_idx");
        assertInIndexOrder(plan(SQL.firstConfirmedDebits, TENANT, CUSTOMER, 100), "rp_debits_history_idx");
        assertInIndexOrder(plan(SQL.nextConfirmedDebits, TENANT, CUSTOMER, Instant.parse("2023-01-05T00:00:00Z"),
                "debit-005760", 100), "rp_debits_history_idx");

        List<LotRecord> first = store.lots(TENANT, CUSTOMER, null, 100);
        assertThat(first).hasSize(100).extracting(LotRecord::id).startsWith("lot-000001").endsWith("lot-000100");
    }

    private static RewardPoints rewardPoints(JdbcLedgerStore ledger) {
        return RewardPoints.builder().store(ledger)
                .settings(new InMemorySettingsStore().put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }
}
