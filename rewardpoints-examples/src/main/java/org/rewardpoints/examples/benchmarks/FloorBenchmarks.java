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
 * Order credits on PostgreSQL against the one-round-trip floor, in one run: the library, the
 * hand-written baseline (statements, then COMMIT), the floor (one call of the credit function in
 * autocommit, with the event) and the floor without the event row. The credits go to random
 * spread customers, as in {@link JdbcBenchmarks}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class FloorBenchmarks {
    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;

    @Setup(Level.Trial)
    public void createDatabase() {
        db = Database.create(Database.Kind.of(database), JdbcBenchmarks.POOL_SIZE);
        scenario = Scenario.create(db.kind(), db.pool());
        scenario.loadReserve(JdbcBenchmarks.SPREAD);
        db.vacuumAnalyze();
    }

    @TearDown(Level.Trial)
    public void dropDatabase() {
        db.close();
    }

    @Benchmark
    public Object creditLibrary(JdbcBenchmarks.Caller caller) {
        return scenario.creditLibrary(caller.anyCustomer(), caller.nextOrder());
    }

    @Benchmark
    public boolean creditBaseline(JdbcBenchmarks.Caller caller) {
        return scenario.creditBaseline(caller.anyCustomer(), caller.nextOrder());
    }

    @Benchmark
    public boolean creditFloor(JdbcBenchmarks.Caller caller) {
        return scenario.creditFloor(caller.anyCustomer(), caller.nextOrder());
    }

    @Benchmark
    public boolean creditWithoutEventFloor(JdbcBenchmarks.Caller caller) {
        return scenario.creditWithoutEventFloor(caller.anyCustomer(), caller.nextOrder());
    }
}
