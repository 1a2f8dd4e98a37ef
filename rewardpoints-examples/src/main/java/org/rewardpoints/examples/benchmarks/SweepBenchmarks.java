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
 * One expiry sweep over {@code lots} expired lots on PostgreSQL: {@code lots / 10} accounts with
 * 10 expired lots each (see {@link #expiring}), loaded afresh (untimed) before every iteration. The
 * library's {@code sweepExpired()} against one set-based statement doing the same bookkeeping.
 * Single-shot: each iteration times one whole sweep.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SweepBenchmarks {
    @Param({"100000"})
    public int lots;

    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;
    private long swept;

    /**
     * {@code lots / 10} accounts, each with one lot spent by a redemption, 10 expired lots and one
     * valid lot. The redemptions keep the debits table from being empty: PostgreSQL would plan
     * the foreign-key checks of the sweep's first allocations for an empty table and keep that
     * plan (a scan of the whole table) while the sweep fills it.
     */
    static LedgerLoader.Group expiring(int lots) {
        return new LedgerLoader.Group("sweep-", lots / 10, 12, 1, 11, 10);
    }

    @Setup(Level.Trial)
    public void createDatabase() {
        db = Database.create(Database.Kind.of(database), 2);
        scenario = Scenario.create(db.kind(), db.pool());
    }

    @Setup(Level.Iteration)
    public void loadExpiredLots() {
        if (swept != 0 && swept != lots) {
            throw new IllegalStateException("The last sweep closed " + swept + " lots instead of " + lots);
        }
        scenario.loader().truncateLedger();
        scenario.loader().load(expiring(lots));
        db.vacuumAnalyze();
    }

    @TearDown(Level.Trial)
    public void dropDatabase() {
        db.close();
    }

    @Benchmark
    public long sweepLibrary() {
        swept = scenario.sweepLibrary();
        return swept;
    }

    @Benchmark
    public long sweepBaseline() {
        swept = scenario.sweepBaseline();
        return swept;
    }
}
