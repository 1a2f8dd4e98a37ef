package org.rewardpoints.examples.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rewardpoints.ExpiringCustomer;
import org.rewardpoints.Page;

/**
 * One page of 100 customers with points expiring in a window, over 1,000,000 lots on PostgreSQL:
 * 100,000 customers of 10 lots each, customer n's lots expiring (n mod 365) days after a base day
 * 30 days ahead (ten minutes apart). A 1-day window holds 273 customers (2,730 lots), a 30-day
 * window 8,219 (82,190 lots). The library's {@code customersWithExpiringPoints} against the same
 * query written by hand ({@link BaselineLedger#customersWithExpiringPoints}); both read the first
 * page. The setup prints the plan PostgreSQL chose.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ExpiringSoonBenchmarks {
    static final int LOTS_PER_CUSTOMER = 10;
    static final int PAGE = 100;

    @Param({"1", "30"})
    public int windowDays;

    @Param({"100000"})
    public int customers;

    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;
    private Instant from;
    private Instant to;

    @Setup
    public void load() throws SQLException {
        db = Database.create(Database.Kind.of(database), 2);
        if (db.kind() != Database.Kind.POSTGRESQL) {
            throw new IllegalArgumentException("Expiring-soon benchmarks run on PostgreSQL (generate_series)");
        }
        scenario = Scenario.create(db.kind(), db.pool());
        from = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30));
        to = from.plus(Duration.ofDays(windowDays));
        String base = "timestamptz '" + from + "'";
        try (Connection connection = db.pool().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on"); // so that VACUUM can mark the pages all-visible
            statement.execute("INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                    + " SELECT '" + LedgerLoader.TENANT + "', 'exp-' || lpad(n::text, 6, '0'), " + 10 * LOTS_PER_CUSTOMER
                    + ", 0, now(), " + LOTS_PER_CUSTOMER + " FROM generate_series(1, " + customers + ") AS n");
            statement.execute("INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value,"
                    + " currency, reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                    + " SELECT 'lot-' || n || '-' || i, '" + LedgerLoader.TENANT + "', 'exp-' || lpad(n::text, 6, '0'),"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, 10, 10, now() - interval '1 day',"
                    + " " + base + " + (n % 365) * interval '1 day' + i * interval '10 minutes', 10 * i"
                    + " FROM generate_series(1, " + customers + ") AS n, generate_series(1, " + LOTS_PER_CUSTOMER + ") AS i");
        }
        db.vacuumAnalyze();
        db.vacuumAnalyze();
    }

    /** The plan PostgreSQL chooses for the page, executed (no timings): for BENCHMARKS.md. */
    String plan() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection connection = db.pool().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF, COSTS OFF)"
                     + " SELECT customer_id, SUM(remaining) AS points, MIN(valid_until) AS earliest FROM rp_lots"
                     + " WHERE tenant = '" + LedgerLoader.TENANT + "' AND remaining > 0 AND valid_until > timestamptz '"
                     + from + "' AND valid_until <= timestamptz '" + to + "' GROUP BY customer_id ORDER BY customer_id"
                     + " LIMIT " + PAGE)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return String.join("\n", lines);
    }

    /** Prints the plan of the page as the data stood at the end of the trial, then drops the database. */
    @TearDown
    public void drop() throws SQLException {
        System.out.println("Plan of the first page, " + windowDays + "-day window:\n" + plan());
        close();
    }

    void close() {
        db.close();
    }

    @Benchmark
    public Page<ExpiringCustomer> expiringPageLibrary() {
        return scenario.library().customersWithExpiringPoints(LedgerLoader.TENANT, from, to, null, PAGE);
    }

    @Benchmark
    public List<BaselineLedger.ExpiringCustomer> expiringPageBaseline() {
        return scenario.baseline().customersWithExpiringPoints(from, to, "", PAGE);
    }
}
