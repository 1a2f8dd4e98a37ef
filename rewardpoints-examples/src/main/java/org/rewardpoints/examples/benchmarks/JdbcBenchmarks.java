package org.rewardpoints.examples.benchmarks;

import java.util.SplittableRandom;
import java.util.UUID;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Each JDBC operation of the library ({@code *Library}) beside the hand-written
 * {@link BaselineLedger} doing the same ({@code *Baseline}), on a fresh database with the shipped
 * schema behind a HikariCP pool: 10,000 "spread" customers with 10 lots of 100 points and one
 * redemption each, and for the hot-account benchmarks one customer with 20,000 lots (topped up
 * between iterations). Credits go to random spread customers; redemptions take round-robin.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class JdbcBenchmarks {
    /** Connections: enough for the concurrency runs (up to 8 threads). */
    static final int POOL_SIZE = 8;
    static final LedgerLoader.Group SPREAD = new LedgerLoader.Group("spread-", 10_000, 10, 1, 0, 100);
    static final LedgerLoader.Group HOT = new LedgerLoader.Group("hot-", 1, 20_000, 0, 0, 100);
    /** Points left for the first iteration of a redemption benchmark. */
    static final long FIRST_ITERATION_POINTS = 30_000 * Scenario.REDEEM_POINTS;

    @Param({"postgresql", "h2", "mariadb"})
    public String database;

    private Database db;
    private Scenario scenario;
    private Scenario.Reserve hot;
    private Scenario.Reserve spread;

    /** Per thread: its own order ids and random customers. */
    @State(Scope.Thread)
    public static class Caller {
        private final String orderPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        private final SplittableRandom random = new SplittableRandom();
        private long orders;

        public String nextOrder() {
            return orderPrefix + ++orders;
        }

        public String anyCustomer() {
            return SPREAD.customer(1 + random.nextInt(SPREAD.customers()));
        }
    }

    @Setup(Level.Trial)
    public void createDatabase(BenchmarkParams params) {
        db = Database.create(Database.Kind.of(database), POOL_SIZE);
        scenario = Scenario.create(db.kind(), db.pool());
        spread = scenario.loadReserve(SPREAD);
        if (params.getBenchmark().contains("Hot")) {
            hot = scenario.loadReserve(HOT);
        }
        db.vacuumAnalyze();
    }

    @Setup(Level.Iteration)
    public void enoughPoints() {
        spread.prepareIteration(0);
        if (hot != null) {
            hot.prepareIteration(FIRST_ITERATION_POINTS);
        }
    }

    @TearDown(Level.Trial)
    public void dropDatabase() {
        int refills = spread.inlineRefills() + (hot == null ? 0 : hot.inlineRefills());
        if (refills > 0) {
            System.out.println("Redemption lots ran out within an iteration " + refills + " times");
        }
        db.close();
    }

    @Benchmark
    public Object creditLibrary(Caller caller) {
        return scenario.creditLibrary(caller.anyCustomer(), caller.nextOrder());
    }

    @Benchmark
    public boolean creditBaseline(Caller caller) {
        return scenario.creditBaseline(caller.anyCustomer(), caller.nextOrder());
    }

    /** The baseline's credit plus the event row the library's credit writes, in the same round trip. */
    @Benchmark
    public boolean creditWithEventBaseline(Caller caller) {
        return scenario.creditWithEventBaseline(caller.anyCustomer(), caller.nextOrder());
    }

    @Benchmark
    public String couponHotLibrary() {
        return scenario.couponLibrary(hot.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public String couponHotBaseline() {
        return scenario.couponBaseline(hot.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public String couponSpreadLibrary() {
        return scenario.couponLibrary(spread.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public String couponSpreadBaseline() {
        return scenario.couponBaseline(spread.take(Scenario.REDEEM_POINTS));
    }

    /** The baseline's redemption plus the event row the library's redemption writes. */
    @Benchmark
    public String couponSpreadWithEventBaseline() {
        return scenario.couponWithEventBaseline(spread.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public Object redeemHotLibrary() {
        return scenario.redeemLibrary(hot.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public long redeemHotBaseline() {
        return scenario.redeemBaseline(hot.take(Scenario.REDEEM_POINTS));
    }

    /** The baseline's redemption plus the event row the library's redemption writes. */
    @Benchmark
    public long redeemHotWithEventBaseline() {
        return scenario.redeemWithEventBaseline(hot.take(Scenario.REDEEM_POINTS));
    }

    @Benchmark
    public long balanceLibrary(Caller caller) {
        return scenario.balanceLibrary(caller.anyCustomer());
    }

    @Benchmark
    public long balanceBaseline(Caller caller) {
        return scenario.balanceBaseline(caller.anyCustomer());
    }

    /** The baseline's balance with the sub-select for the points still pending, which the library's balance has. */
    @Benchmark
    public long balanceWithPendingBaseline(Caller caller) {
        return scenario.balanceWithPendingBaseline(caller.anyCustomer());
    }

    @Benchmark
    public Object summaryPageLibrary(Caller caller) {
        return scenario.summaryPageLibrary(caller.anyCustomer());
    }

    @Benchmark
    public Object summaryPageBaseline(Caller caller) {
        return scenario.summaryPageBaseline(caller.anyCustomer());
    }
}
