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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.ExpiringCustomer;
import org.rewardpoints.Page;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.memory.InMemorySettingsStore;

/**
 * 120,000 lots of 10,000 customers in 20 tenants, a quarter of them spent, expiring over two
 * years. The plans of the expiring-soon statements must use indexes, never a sequential scan of
 * all tenants' lots: the per-tenant page reads the window's open lots of its tenant from an index
 * alone (no heap fetch once vacuumed), and the announcements find their candidates through the
 * open lots' expiry index. Asserts plans, never times.
 */
class PostgresExplainExpiringSoonTest {
    static final int TENANTS = 20;
    static final int CUSTOMERS_PER_TENANT = 500;
    static final int LOTS = 120_000;
    static final String TENANT = "t-07";
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant WINDOW_END = NOW.plus(Duration.ofDays(30));
    static final long WINDOW_SECONDS = Duration.ofDays(30).getSeconds();

    private static HikariDataSource pool;
    private static JdbcLedgerStore store;
    private static final Statements SQL = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, PostgresDialect.INSTANCE);

    @BeforeAll
    static void fillLots() throws SQLException {
        pool = TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("explain-expiring"), 2);
        store = TestDatabases.createStore(pool);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            // the test server commits asynchronously; VACUUM marks pages all-visible only once the
            // inserting commit is flushed, so the load commits synchronously
            statement.execute("SET synchronous_commit = on");
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " SELECT 't-' || lpad(t::text, 2, '0'), 'c-' || lpad(c::text, 4, '0'), 0, 0,"
                    + " timestamptz '2023-01-01 00:00:00+00', 1"
                    + " FROM generate_series(0, " + (TENANTS - 1) + ") AS t, generate_series(0, "
                    + (CUSTOMERS_PER_TENANT - 1) + ") AS c");
            // lot i: tenant i % 20, customer (i / 20) % 500; every fourth spent; validUntil spread
            // over 730 days from NOW; a tenth of them announced for the 30-day window already
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after,"
                    + " announced_window)"
                    + " SELECT 'lot-' || i, 't-' || lpad((i % " + TENANTS + ")::text, 2, '0'),"
                    + " 'c-' || lpad(((i / " + TENANTS + ") % " + CUSTOMERS_PER_TENANT + ")::text, 4, '0'),"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, 10, CASE WHEN i % 4 = 0 THEN 0 ELSE 10 END,"
                    + " timestamptz '2023-01-01 00:00:00+00' + i * interval '1 minute',"
                    + " timestamptz '2025-01-01 00:00:00+00' + ((i * 7919) % 730) * interval '1 day'"
                    + " + (i % 86400) * interval '1 second', 0,"
                    + " CASE WHEN i % 10 = 1 THEN " + WINDOW_SECONDS + " END"
                    + " FROM generate_series(1, " + LOTS + ") AS i");
            statement.execute("VACUUM ANALYZE"); // what autovacuum does to settled lots
        }
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    private static String plan(String options, String sql, Object... params) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("EXPLAIN " + options + " " + sql)) {
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

    @Test
    void customersWithExpiringPoints_readsTheTenantsWindowFromAnIndexAlone() throws SQLException {
        String first = plan("(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)", SQL.firstCustomersWithExpiringLots,
                TENANT, NOW, WINDOW_END, 100);
        String next = plan("(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)", SQL.nextCustomersWithExpiringLots,
                TENANT, NOW, WINDOW_END, "c-0250", 100);

        for (String plan : List.of(first, next)) {
            assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("Index Only Scan using rp_lots_tenant_expiry_idx")
                    .contains("Heap Fetches: 0");
        }
    }

    @Test
    void customersWithExpiringPoints_pagesAsAPlainQueryOverAllLotsAnswers() throws SQLException {
        List<ExpiringCustomer> expected = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT customer_id, SUM(remaining) AS points,"
                     + " MIN(valid_until) AS earliest FROM rp_lots WHERE tenant = ? AND remaining > 0"
                     + " AND valid_until > ? AND valid_until <= ? GROUP BY customer_id ORDER BY customer_id")) {
            Sql.bindAll(statement, 1, new Object[] {TENANT, NOW, WINDOW_END}, PostgresDialect.INSTANCE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    expected.add(new ExpiringCustomer(rows.getString(1), rows.getLong(2),
                            Sql.instant(rows, "earliest", PostgresDialect.INSTANCE)));
                }
            }
        }
        RewardPoints ledger = RewardPoints.builder().store(store).settings(new InMemorySettingsStore())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        List<ExpiringCustomer> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<ExpiringCustomer> page = ledger.customersWithExpiringPoints(TENANT, NOW.minusSeconds(3600), WINDOW_END,
                    cursor, 100);
            paged.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);

        assertThat(expected).hasSizeGreaterThan(100); // more than one page
        assertThat(paged).containsExactlyElementsOf(expected);
    }

    @Test
    void announcements_findTheirLotsThroughIndexes() throws SQLException {
        String candidates = plan("(COSTS OFF)", SQL.accountsWithLotsToAnnounce, NOW, WINDOW_END, WINDOW_SECONDS,
                200, 100);
        String lots = plan("(COSTS OFF)", SQL.lotsToAnnounce, TENANT, "c-0042", NOW, WINDOW_END, WINDOW_SECONDS);

        assertThat(candidates).as(candidates).doesNotContain("Seq Scan on rp_lots")
                .contains("Index Only Scan using rp_lots_expiring_idx");
        assertThat(lots).as(lots).doesNotContain("Seq Scan").contains("rp_lots_open_idx");
    }
}
