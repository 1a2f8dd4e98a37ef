package org.rewardpoints.examples.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The balance as of an earlier instant for the 100,000-entry customer of {@link HistoryBenchmarks}
 * (60,000 lots one minute apart, then 40,000 redemptions one minute apart, each spending one lot),
 * near the start of the history (100 entries before the instant) and near its end (100 entries
 * after it). The library works back from the account's figures through the entries after the
 * instant; the baseline is the hand-written forward sum over the entries up to the instant
 * ({@link #BASELINE}), which a shop would write first.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class AsOfBenchmarks {
    /**
     * Lots recorded by then and usable then, less what debits recorded by then (and not released by
     * then) took of them, less the debt reversals recorded by then held then.
     */
    static final String BASELINE = "SELECT"
            + " COALESCE((SELECT SUM(l.points) FROM rp_lots l WHERE l.tenant = ? AND l.customer_id = ?"
            + " AND l.created_at <= ? AND l.valid_until > ?), 0)"
            + " - COALESCE((SELECT SUM(x.points) FROM rp_lots l JOIN rp_allocations x ON x.tenant = l.tenant"
            + " AND x.customer_id = l.customer_id AND x.lot_id = l.id JOIN rp_debits d ON d.tenant = x.tenant"
            + " AND d.customer_id = x.customer_id AND d.id = x.debit_id WHERE l.tenant = ? AND l.customer_id = ?"
            + " AND l.created_at <= ? AND l.valid_until > ? AND d.created_at <= ?"
            + " AND NOT (d.status = 'RELEASED' AND d.resolved_at <= ?)), 0)"
            + " - COALESCE((SELECT SUM(d.points) FROM rp_debits d WHERE d.tenant = ? AND d.customer_id = ?"
            + " AND d.kind = 'REVERSAL' AND d.created_at <= ?), 0)"
            + " + COALESCE((SELECT SUM(x.points) FROM rp_debits d JOIN rp_allocations x ON x.tenant = d.tenant"
            + " AND x.customer_id = d.customer_id AND x.debit_id = d.id JOIN rp_lots l ON l.tenant = x.tenant"
            + " AND l.customer_id = x.customer_id AND l.id = x.lot_id WHERE d.tenant = ? AND d.customer_id = ?"
            + " AND d.kind = 'REVERSAL' AND d.created_at <= ? AND l.created_at <= ?), 0)";

    @Param({"100000"})
    public int entries;

    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;
    private String customer;
    Instant nearStart;
    Instant nearEnd;

    @Setup(Level.Trial)
    public void load() {
        db = Database.create(Database.Kind.of(database), 2);
        scenario = Scenario.create(db.kind(), db.pool());
        LedgerLoader.Group history = HistoryBenchmarks.history(entries);
        scenario.load(java.util.List.of(HistoryBenchmarks.OTHERS, history));
        customer = history.customer(1);
        db.vacuumAnalyze();
        nearStart = first("SELECT MIN(created_at) FROM rp_lots WHERE tenant = ? AND customer_id = ?")
                .plus(Duration.ofMinutes(99));
        nearEnd = first("SELECT MAX(created_at) FROM rp_debits WHERE tenant = ? AND customer_id = ?")
                .minus(Duration.ofMinutes(100));
    }

    private Instant first(String sql) {
        try (Connection connection = db.pool().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, LedgerLoader.TENANT);
            statement.setString(2, customer);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void drop() {
        db.close();
    }

    /**
     * The baseline's statement with its values written in, run as a plain statement: planned for
     * them on every run. As a server-prepared statement, PostgreSQL switched to a generic plan of
     * this sum after five runs, and that plan did not finish one run near the end in four minutes.
     */
    long baseline(Instant instant) {
        String at = "timestamptz '" + instant + "'";
        Object[] values = {LedgerLoader.TENANT, customer, at, at, LedgerLoader.TENANT, customer, at, at, at, at,
                LedgerLoader.TENANT, customer, at, LedgerLoader.TENANT, customer, at, at};
        StringBuilder sql = new StringBuilder();
        int next = 0;
        for (char c : BASELINE.toCharArray()) {
            if (c == '?') {
                Object value = values[next++];
                sql.append(value == at ? at : "'" + value + "'"); // benchmark ids: no quotes in them
            } else {
                sql.append(c);
            }
        }
        try (Connection connection = db.pool().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql.toString())) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long library(Instant instant) {
        return scenario.library().balanceAsOf(LedgerLoader.TENANT, customer, instant);
    }

    @Benchmark
    public long nearStartLibrary() {
        return library(nearStart);
    }

    @Benchmark
    public long nearStartBaseline() {
        return baseline(nearStart);
    }

    @Benchmark
    public long nearEndLibrary() {
        return library(nearEnd);
    }

    @Benchmark
    public long nearEndBaseline() {
        return baseline(nearEnd);
    }
}
