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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.LotAsOf;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;

/**
 * As-of reads over a 100,000-entry history: 50,000 lots, 45,000 redemptions each spending one of
 * them, and 5,000 coupon reservations released ten seconds after they were made, among other
 * customers' 100,000 lots and 50,000 redemptions. The balance as of an instant near the end must read only the entries
 * after it, through indexes, in the plans PostgreSQL makes for the statement's parameters and in
 * the generic plan it may switch to after five runs. Asserts plans and figures, never times.
 */
class PostgresAsOfHistoryTest {
    static final String TENANT = "asof-tenant";
    static final String CUSTOMER = "big";
    static final int LOTS = 50_000;
    static final int REDEEMED = 45_000;
    static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

    private static HikariDataSource pool;
    private static JdbcLedgerStore store;
    private static final Statements SQL = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, PostgresDialect.INSTANCE);

    /** Lot {@code i} is credited at START + i minutes; its redemption or reservation follows 30 or 40 seconds later. */
    static Instant lotTime(int i) {
        return START.plus(Duration.ofMinutes(i));
    }

    @BeforeAll
    static void fillHistory() throws SQLException {
        pool = TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("asof_large"), 2);
        store = TestDatabases.createStore(pool);
        String lotTime = "timestamptz '2023-01-01 00:00:00+00' + i * interval '1 minute'";
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " VALUES ('" + TENANT + "', '" + CUSTOMER + "', " + 10L * (LOTS - REDEEMED) + ", 0,"
                    + " timestamptz '2023-01-01 00:00:00+00', 100000)");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT 'lot-' || lpad(i::text, 6, '0'), '" + TENANT + "', '" + CUSTOMER + "', NULL, NULL, NULL,"
                    + " NULL, NULL, NULL, 10, CASE WHEN i <= " + REDEEMED + " THEN 0 ELSE 10 END, " + lotTime + ","
                    + " timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute', 0"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("INSERT INTO rp_debits (id, tenant, customer_id, kind, status, idempotency_key, order_id,"
                    + " refunded_value, description, points, requested_points, created_at, balance_after,"
                    + " redeem_option_id, coupon_code, resolved_at)"
                    + " SELECT 'debit-' || lpad(i::text, 6, '0'), '" + TENANT + "', '" + CUSTOMER + "',"
                    + " CASE WHEN i <= " + REDEEMED + " THEN 'REDEMPTION' ELSE 'COUPON_REDEMPTION' END,"
                    + " CASE WHEN i <= " + REDEEMED + " THEN 'CONFIRMED' ELSE 'RELEASED' END, NULL, NULL, NULL, NULL,"
                    + " CASE WHEN i <= " + REDEEMED + " THEN 10 ELSE 5 END, CASE WHEN i <= " + REDEEMED + " THEN 10 ELSE 5 END,"
                    + " " + lotTime + " + CASE WHEN i <= " + REDEEMED + " THEN interval '30 seconds'"
                    + " ELSE interval '40 seconds' END, 0, NULL, NULL,"
                    + " CASE WHEN i <= " + REDEEMED + " THEN NULL ELSE " + lotTime + " + interval '50 seconds' END"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("ANALYZE rp_lots");
            statement.execute("ANALYZE rp_debits");
            statement.execute("INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
                    + " SELECT '" + TENANT + "', '" + CUSTOMER + "', 'debit-' || lpad(i::text, 6, '0'),"
                    + " 'lot-' || lpad(i::text, 6, '0'), CASE WHEN i <= " + REDEEMED + " THEN 10 ELSE 5 END"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " SELECT '" + TENANT + "', 'other-' || c, 1000, 0, timestamptz '2023-01-01 00:00:00+00', 1"
                    + " FROM generate_series(1, 1000) AS c");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT 'other-lot-' || i, '" + TENANT + "', 'other-' || (1 + i % 1000), NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, 10, CASE WHEN i <= 50000 THEN 5 ELSE 10 END,"
                    + " timestamptz '2023-01-01 00:00:00+00' + i * interval '1 second',"
                    + " timestamptz '2025-06-01 00:00:00+00' + i * interval '1 minute', 0"
                    + " FROM generate_series(1, 100000) AS i");
            statement.execute("INSERT INTO rp_debits (id, tenant, customer_id, kind, status, idempotency_key, order_id,"
                    + " refunded_value, description, points, requested_points, created_at, balance_after,"
                    + " redeem_option_id, coupon_code, resolved_at)"
                    + " SELECT 'other-debit-' || i, '" + TENANT + "', 'other-' || (1 + i % 1000), 'REDEMPTION',"
                    + " 'CONFIRMED', NULL, NULL, NULL, NULL, 5, 5, timestamptz '2023-01-01 00:00:30+00'"
                    + " + i * interval '1 second', 0, NULL, NULL, NULL FROM generate_series(1, 50000) AS i");
            statement.execute("INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
                    + " SELECT '" + TENANT + "', 'other-' || (1 + i % 1000), 'other-debit-' || i, 'other-lot-' || i, 5"
                    + " FROM generate_series(1, 50000) AS i");
            statement.execute("VACUUM ANALYZE");
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    /** The balance as of {@code instant}, from the history's definition. */
    private static long expectedBalance(Instant instant) {
        long balance = 0;
        for (int i = 1; i <= LOTS; i++) {
            Instant lot = lotTime(i);
            if (lot.isAfter(instant)) {
                break;
            }
            balance += 10;
            if (i <= REDEEMED && !lot.plusSeconds(30).isAfter(instant)) {
                balance -= 10;
            } else if (i > REDEEMED && !lot.plusSeconds(40).isAfter(instant) && lot.plusSeconds(50).isAfter(instant)) {
                balance -= 5;
            }
        }
        return balance;
    }

    private static Object[] entriesAfterParams(Instant instant) {
        return SQL.entriesAfterParams(TENANT, CUSTOMER, instant);
    }

    private static String plan(String sql, Object... params) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            Sql.bindAll(statement, 1, params, PostgresDialect.INSTANCE);
            return lines(statement);
        }
    }

    /** The generic plan, which PostgreSQL may use for a server-prepared statement from its sixth run on. */
    private static String genericPlan(String sql, Object... params) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        String arguments = java.util.Arrays.stream(params)
                .map(p -> p instanceof Instant instant ? "timestamptz '" + instant + "'" : "'" + p + "'")
                .collect(Collectors.joining(", "));
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE as_of_generic AS " + numbered);
            try (PreparedStatement explain = connection.prepareStatement(
                    "EXPLAIN EXECUTE as_of_generic(" + arguments + ")")) {
                return lines(explain);
            } finally {
                statement.execute("DEALLOCATE as_of_generic");
                statement.execute("RESET plan_cache_mode");
            }
        }
    }

    private static String lines(PreparedStatement statement) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return String.join("\n", lines);
    }

    private static void assertIndexedOnly(String plan) {
        assertThat(plan).as(plan).doesNotContain("Seq Scan").containsPattern("Index (Only )?Scan")
                .contains("rp_lots_history_idx").contains("rp_debits_history_idx").contains("rp_debits_released_idx");
    }

    @Test
    void balanceAsOfNearTheEnd_readsOnlyTheEntriesAfterItThroughIndexes() throws SQLException {
        Instant nearTheEnd = lotTime(LOTS - 50).plusSeconds(45);
        assertIndexedOnly(plan(SQL.entriesAfter, entriesAfterParams(nearTheEnd)));
        assertIndexedOnly(genericPlan(SQL.entriesAfter, entriesAfterParams(nearTheEnd)));
        assertThat(plan(SQL.allocationsOfLots, TENANT, CUSTOMER,
                new Sql.IdArray(new String[] {"lot-000001", "lot-049999"})))
                .doesNotContain("Seq Scan").contains("rp_allocations_lot_idx");
        // what was pending then: the lots activated after the instant, from the partial pending index
        assertThat(plan(SQL.lotsPendingAt, TENANT, CUSTOMER, nearTheEnd, nearTheEnd, nearTheEnd))
                .doesNotContain("Seq Scan").contains("rp_lots_pending_idx");
        assertThat(genericPlan(SQL.lotsPendingAt, TENANT, CUSTOMER, nearTheEnd, nearTheEnd, nearTheEnd))
                .doesNotContain("Seq Scan").contains("rp_lots_pending_idx");
    }

    @Test
    void balanceAsOf_isExactAcrossTheWholeHistory() {
        RewardPoints points = RewardPoints.builder().store(store)
                .settings(new InMemorySettingsStore().put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        List<Instant> instants = List.of(START, lotTime(1).plusSeconds(29), lotTime(1).plusSeconds(30),
                lotTime(REDEEMED + 1).plusSeconds(45), lotTime(REDEEMED + 1).plusSeconds(50),
                lotTime(LOTS - 50).plusSeconds(45), lotTime(LOTS), NOW);
        for (Instant instant : instants) {
            assertThat(points.balanceAsOf(TENANT, CUSTOMER, instant)).as("as of %s", instant)
                    .isEqualTo(expectedBalance(instant));
        }
        assertThat(expectedBalance(lotTime(REDEEMED + 1).plusSeconds(45))).as("a reservation held then").isEqualTo(5);
        assertThat(points.balanceAsOf(TENANT, CUSTOMER, NOW)).isEqualTo(points.balance(TENANT, CUSTOMER));
        List<LotAsOf> lots = new ArrayList<>();
        String cursor = null;
        do {
            org.rewardpoints.Page<LotAsOf> page = points.lotsAsOf(TENANT, CUSTOMER, lotTime(REDEEMED + 2).plusSeconds(45),
                    cursor, 1000);
            lots.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        assertThat(lots).hasSize(REDEEMED + 2).filteredOn(lot -> lot.remainingPoints() > 0)
                .extracting(LotAsOf::id, LotAsOf::remainingPoints)
                .containsExactly(org.assertj.core.api.Assertions.tuple("lot-045001", 10L),
                        org.assertj.core.api.Assertions.tuple("lot-045002", 5L));
    }
}
