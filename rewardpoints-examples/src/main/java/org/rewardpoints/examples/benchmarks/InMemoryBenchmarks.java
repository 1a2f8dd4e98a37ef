package org.rewardpoints.examples.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rewardpoints.CreditResult;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.LotRecord;

/**
 * The core on the in-memory adapters: no database, so these measure the library's own CPU cost
 * per operation. A fresh ledger is built before every iteration (untimed), holding 10,000
 * customers with 10 lots each, and for the redemptions enough lots to last the iteration.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class InMemoryBenchmarks {
    static final String TENANT = LedgerLoader.TENANT;
    static final int CUSTOMERS = 10_000;
    static final int LOTS_EACH = 10;
    static final long LOT_POINTS = 10;
    /** Customers redemptions take from, round-robin. */
    static final int REDEEMING_CUSTOMERS = 64;
    /** Lots loaded for the first iteration of a redemption benchmark; later ones size from the one before. */
    static final long FIRST_STASH_LOTS = 200_000;

    private RewardPoints ledger;
    private InMemoryLedgerStore store;
    private long redeemPoints;
    private final AtomicLong takenLots = new AtomicLong();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger inlineRefills = new AtomicInteger();
    private volatile long stashLots;
    private long lastIterationLots;

    /** Per thread: its own order ids and random customers. */
    @State(Scope.Thread)
    public static class Caller {
        private final String orderPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        private final SplittableRandom random = new SplittableRandom();
        private long orders;

        String nextOrder() {
            return orderPrefix + ++orders;
        }

        String anyCustomer() {
            return customer(1 + random.nextInt(CUSTOMERS));
        }
    }

    static String customer(int n) {
        return "c-" + n;
    }

    @Setup(Level.Iteration)
    public void freshLedger(BenchmarkParams params) {
        freshLedger(params.getBenchmark());
    }

    /** A fresh ledger for the benchmark method whose (qualified) name is {@code benchmark}. */
    void freshLedger(String benchmark) {
        store = new InMemoryLedgerStore();
        ledger = RewardPoints.builder().store(store)
                .settings(new InMemorySettingsStore().put(TENANT, Scenario.SITE, Scenario.SETTINGS))
                .build();
        for (int c = 1; c <= CUSTOMERS; c++) {
            addLots(customer(c), LOTS_EACH);
        }
        redeemPoints = benchmark.endsWith("redeemOneLot") ? LOT_POINTS : benchmark.endsWith("redeemFiftyLots")
                ? 50 * LOT_POINTS : 0;
        takenLots.set(0);
        stashLots = 0;
        if (redeemPoints > 0) {
            // three times what the last iteration used (of 2 s warm-up or 3 s measurement)
            refill(Math.max(FIRST_STASH_LOTS, 3 * lastIterationLots));
        }
    }

    @TearDown(Level.Iteration)
    public void rememberUse() {
        lastIterationLots = takenLots.get();
        ledger = null;
        store = null;
    }

    @TearDown(Level.Trial)
    public void report() {
        if (inlineRefills.get() > 0) {
            System.out.println("Redemption lots ran out within an iteration " + inlineRefills.get() + " times");
        }
    }

    private synchronized void refill(long lots) {
        long perCustomer = (lots + REDEEMING_CUSTOMERS - 1) / REDEEMING_CUSTOMERS;
        for (int c = 1; c <= REDEEMING_CUSTOMERS; c++) {
            addLots("r-" + c, (int) perCustomer);
        }
        stashLots += perCustomer * REDEEMING_CUSTOMERS;
    }

    /** Adds lots to an account (creating it) through the storage SPI directly: a bulk load, not the API. */
    private void addLots(String customerId, int count) {
        Instant now = ledger.clock().instant();
        Instant validUntil = now.plus(Duration.ofDays(730));
        store.inAccount(TENANT, customerId, session -> {
            AccountRecord account = session.lockAccount(now).orElseGet(() -> {
                AccountRecord created = new AccountRecord(TENANT, customerId, 0, 0, now, 0, 0);
                session.insertAccount(created);
                return created;
            });
            long open = account.openPoints();
            for (int i = 0; i < count; i++) {
                open += LOT_POINTS;
                session.insertLot(new LotRecord(UUID.randomUUID().toString(), TENANT, customerId, null, null, null, null,
                        null, null, LOT_POINTS, LOT_POINTS, now, validUntil.plusMillis(i), open - account.debt()));
            }
            session.updateAccount(new AccountRecord(TENANT, customerId, open, account.debt(), account.createdAt(),
                    account.version() + count, 0));
            return null;
        });
    }

    private String redeemingCustomer(long lots) {
        long taken = takenLots.addAndGet(lots);
        if (taken > stashLots - 2L * lots * REDEEMING_CUSTOMERS) {
            synchronized (this) {
                if (takenLots.get() > stashLots - 2L * lots * REDEEMING_CUSTOMERS) {
                    inlineRefills.incrementAndGet(); // timed: the stash was too small
                    refill(FIRST_STASH_LOTS);
                }
            }
        }
        return "r-" + (1 + Math.floorMod(next.getAndIncrement(), REDEEMING_CUSTOMERS));
    }

    @Benchmark
    public CreditResult credit(Caller caller) {
        return ledger.orderCompleted(OrderCompletion.of(TENANT, Scenario.SITE, caller.anyCustomer(), caller.nextOrder(),
                "25.00", "EUR"));
    }

    /** Takes 10 points from lots of 10: touches one lot. */
    @Benchmark
    public RedeemedPoints redeemOneLot() {
        return ledger.redeemPoints(RedeemPoints.of(TENANT, redeemingCustomer(1), redeemPoints));
    }

    /** Takes 500 points from lots of 10: touches 50 lots. */
    @Benchmark
    public RedeemedPoints redeemFiftyLots() {
        return ledger.redeemPoints(RedeemPoints.of(TENANT, redeemingCustomer(50), redeemPoints));
    }

    @Benchmark
    public long balance(Caller caller) {
        return ledger.balance(TENANT, caller.anyCustomer());
    }

}
