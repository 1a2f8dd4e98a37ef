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
 * The outbox relay on PostgreSQL, one instance: {@code events} undelivered events spread
 * round-robin over {@code accounts} accounts (see {@link LedgerLoader#loadEvents}), loaded afresh
 * (untimed) before every iteration, drained by the library's {@code events().deliver()} with a
 * listener that only counts, against a hand-written relay ({@link BaselineLedger#relayEvents}).
 * Single-shot: each iteration times one whole drain; events/s is {@code events} divided by it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class EventBenchmarks {
    static final String PREFIX = "relay-";

    @Param({"100000"})
    public int events;

    @Param({"10000", "100000"})
    public int accounts;

    @Param({"postgresql"})
    public String database;

    private Database db;
    private Scenario scenario;
    private long delivered = -1;
    private long heardBefore;

    @Setup(Level.Trial)
    public void createDatabase() {
        db = Database.create(Database.Kind.of(database), 2);
        scenario = Scenario.create(db.kind(), db.pool());
    }

    @Setup(Level.Iteration)
    public void loadEvents() {
        if (delivered != -1 && (delivered != events || scenario.heard() - heardBefore != events)) {
            throw new IllegalStateException("The last drain delivered " + delivered + " events and its listener heard "
                    + (scenario.heard() - heardBefore) + ", instead of " + events);
        }
        scenario.loader().truncateLedger();
        scenario.loader().loadEvents(PREFIX, events, Math.min(accounts, events));
        db.vacuumAnalyze();
        heardBefore = scenario.heard();
    }

    @TearDown(Level.Trial)
    public void dropDatabase() {
        db.close();
    }

    @Benchmark
    public long deliverLibrary() {
        delivered = scenario.deliverLibrary();
        return delivered;
    }

    @Benchmark
    public long deliverBaseline() {
        delivered = scenario.deliverBaseline();
        return delivered;
    }
}
