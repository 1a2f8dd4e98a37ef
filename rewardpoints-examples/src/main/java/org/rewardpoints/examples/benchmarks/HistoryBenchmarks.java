package org.rewardpoints.examples.benchmarks;

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
 * Reads of one customer whose history has 10, 10,000 or 100,000 entries: 3/5 of them lots (all
 * still valid), 2/5 redemptions that each spent one lot whole; beside 1,000 other customers with
 * 10 lots each. The balance must not depend on the history's length, and the first summary page
 * only on the page size.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class HistoryBenchmarks {
    static final LedgerLoader.Group OTHERS = new LedgerLoader.Group("other-", 1_000, 10, 1, 0, 10);

    @Param({"10", "10000", "100000"})
    public int entries;

    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;
    private String customer;

    /** The history customer of {@code entries} entries. */
    static LedgerLoader.Group history(int entries) {
        int lots = entries * 3 / 5;
        return new LedgerLoader.Group("history-", 1, lots, entries - lots, 0, 10);
    }

    @Setup(Level.Trial)
    public void load() {
        db = Database.create(Database.Kind.of(database), 2);
        scenario = Scenario.create(db.kind(), db.pool());
        LedgerLoader.Group history = history(entries);
        scenario.load(java.util.List.of(OTHERS, history));
        customer = history.customer(1);
        db.vacuumAnalyze();
    }

    @TearDown(Level.Trial)
    public void drop() {
        db.close();
    }

    @Benchmark
    public long balance() {
        return scenario.balanceLibrary(customer);
    }

    @Benchmark
    public Object summaryPage() {
        return scenario.summaryPageLibrary(customer);
    }
}
