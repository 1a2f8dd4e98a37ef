package org.rewardpoints.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.testing.MutableClock;

/**
 * Reads outside a unit see each account as some unit left it: all of a unit's effects or none,
 * never an account written and its lots not yet, and never an earlier state after a later one.
 * The tests that race a writer against a reader repeat for {@link #RACE_TIME}, several times as
 * long as they took to fail when reads and commits did not exclude each other.
 */
class InMemoryLedgerStoreReadsTest {
    private static final String TENANT = "t";
    private static final String CUSTOMER = "customer-1";
    private static final Duration RACE_TIME = Duration.ofMillis(600);

    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
    private RewardPoints ledger;

    @BeforeEach
    void setUp() {
        InMemorySettingsStore settings = new InMemorySettingsStore();
        settings.put(TENANT, RewardPoints.DEFAULT_SITE_CODE, SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        ledger = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .couponIssuer(new InMemoryCouponIssuer()).redemptionOptions(new InMemoryRedemptionOptionStore()).build();
    }

    @Test
    void allocationsReadWhileARedemptionCommitsAreAllOfItsOrNone() throws Exception {
        ledger.createAccount(AddPoints.of(TENANT, CUSTOMER, 10));
        ledger.addPoints(AddPoints.of(TENANT, CUSTOMER, 10));
        List<String> lotIds = store.lots(TENANT, CUSTOMER, null, 10).stream().map(LotRecord::id).toList();
        AtomicReference<Thread> redemption = new AtomicReference<>();
        // The read asks for the second lot only once a redemption taking from both lots has
        // committed, or is waiting to.
        List<String> secondAfterARedemption = new AbstractList<>() {
            @Override
            public String get(int index) {
                if (index == 1) {
                    redemption.set(startAndWaitUntilDoneOrBlocked(
                            () -> ledger.redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, 15))));
                }
                return lotIds.get(index);
            }

            @Override
            public int size() {
                return lotIds.size();
            }
        };

        long allocatedDuring = allocated(store.confirmedAllocationsOfLots(TENANT, CUSTOMER, secondAfterARedemption));
        redemption.get().join(TimeUnit.SECONDS.toMillis(10));

        assertThat(allocatedDuring).isIn(0L, 15L);
        assertThat(allocated(store.confirmedAllocationsOfLots(TENANT, CUSTOMER, lotIds))).isEqualTo(15);
    }

    @Test
    void balanceReadWhileLotsAreCreditedAndSweptCountsEachLotOnce() throws Exception {
        Instant later = Instant.parse("2099-01-01T00:00:00Z"); // after every lot but the first has expired
        ledger.createAccount(AddPoints.of(TENANT, CUSTOMER, 1000).withValidUntil(Instant.parse("2100-01-01T00:00:00Z")));

        race(() -> {
            Instant soon = clock.instant().plusSeconds(1);
            for (int i = 0; i < 100; i++) {
                ledger.addPoints(AddPoints.of(TENANT, CUSTOMER, 1).withValidUntil(soon));
            }
            clock.advance(Duration.ofSeconds(2));
            ledger.sweepExpired();
        }, () -> assertThat(store.findAccount(TENANT, CUSTOMER, later).orElseThrow().activePoints()).isEqualTo(1000));
    }

    @Test
    void lotsReadDuringARedemptionShowAllOfItOrNone() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<String> redeeming = new AtomicReference<>();

        race(() -> {
            String customer = "customer-" + rounds.incrementAndGet();
            ledger.createAccount(AddPoints.of(TENANT, customer, 1));
            for (int i = 1; i < 100; i++) {
                ledger.addPoints(AddPoints.of(TENANT, customer, 1));
            }
            redeeming.set(customer);
            for (int i = 0; i < 5; i++) {
                ledger.redeemPoints(RedeemPoints.of(TENANT, customer, 20)); // one point from each of 20 lots
            }
        }, () -> {
            String customer = redeeming.get();
            if (customer != null) {
                long remaining = store.lots(TENANT, customer, null, 1000).stream().mapToLong(LotRecord::remaining).sum();
                assertThat(remaining % 20).as("remaining points %d", remaining).isZero();
            }
        });
    }

    @Test
    void aRedemptionIsFoundByKeyOnceTheAccountShowsIt() throws Exception {
        ledger.createAccount(TENANT, CUSTOMER);
        long createdVersion = store.findAccount(TENANT, CUSTOMER, clock.instant()).orElseThrow().version();
        AtomicLong redemptions = new AtomicLong();

        race(() -> { // 51 changes of the account: 50 credits, then a redemption taking from all 50 lots
            for (int i = 0; i < 50; i++) {
                ledger.addPoints(AddPoints.of(TENANT, CUSTOMER, 1));
            }
            ledger.redeemPoints(RedeemPoints.of(TENANT, CUSTOMER, 50).withId("r-" + redemptions.incrementAndGet()));
        }, () -> {
            long version = store.findAccount(TENANT, CUSTOMER, clock.instant()).orElseThrow().version();
            long redeemed = (version - createdVersion) / 51;
            if (redeemed > 0) {
                assertThat(store.findDebitByKey(TENANT, "redeem:r-" + redeemed)).as("redemption %d", redeemed).isPresent();
            }
        });
    }

    @Test
    void anAccountBeingDeletedIsNotReadAfterOneOfItsLotsWasFoundGone() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<String> deleting = new AtomicReference<>();

        race(() -> {
            String customer = "customer-" + rounds.incrementAndGet();
            ledger.createAccount(AddPoints.of(TENANT, customer, 1).withId(customer + "-0"));
            for (int i = 1; i < 100; i++) {
                ledger.addPoints(AddPoints.of(TENANT, customer, 1).withId(customer + "-" + i));
            }
            deleting.set(customer);
            ledger.deleteAccount(TENANT, customer);
        }, () -> {
            String customer = deleting.get();
            if (customer == null) {
                return;
            }
            for (int i = 0; i < 100; i++) {
                if (store.findLotByKey(TENANT, "add:" + customer + "-" + i).isEmpty()) {
                    assertThat(store.findAccount(TENANT, customer, clock.instant()))
                            .as("account after its lot %d was gone", i).isEmpty();
                    return;
                }
            }
        });
    }

    @Test
    void readsDoNotWaitForAUnitInProgress() throws Exception {
        ledger.createAccount(AddPoints.of(TENANT, CUSTOMER, 10));
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            Future<?> unit = threads.submit(() -> store.inAccount(TENANT, CUSTOMER, session -> {
                AccountRecord account = session.lockAccount(clock.instant()).orElseThrow();
                session.updateAccount(account.withChange(5, 0, 0));
                working.countDown();
                await(finish);
                return null;
            }));
            assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(threads.submit(() -> ledger.balance(TENANT, CUSTOMER)).get(10, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(threads.submit(() -> store.lots(TENANT, CUSTOMER, null, 10)).get(10, TimeUnit.SECONDS)).hasSize(1);

            finish.countDown();
            unit.get(10, TimeUnit.SECONDS);
            assertThat(ledger.balance(TENANT, CUSTOMER)).isEqualTo(15);
        } finally {
            finish.countDown();
            threads.shutdown();
        }
    }

    /**
     * Runs rounds of writes on this thread for {@link #RACE_TIME} while another thread repeats
     * {@code check} on what it reads; fails with the first failed check.
     */
    private static void race(Runnable writes, Runnable check) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong checks = new AtomicLong();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    check.run();
                    checks.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "reader");
        reader.start();
        long deadline = System.nanoTime() + RACE_TIME.toNanos();
        try {
            while (failure.get() == null && System.nanoTime() < deadline) {
                writes.run();
            }
        } finally {
            done.set(true);
            reader.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("read " + (checks.get() + 1) + " saw a state no unit left", failure.get());
        }
        assertThat(checks.get()).isPositive();
    }

    /**
     * Runs {@code task} on a new thread and returns it once it ended or waits for a lock (that of
     * the read this is called from).
     */
    private static Thread startAndWaitUntilDoneOrBlocked(Runnable task) {
        Thread thread = new Thread(task, "writer");
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TERMINATED && thread.getState() != Thread.State.WAITING
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return thread;
    }

    private static long allocated(List<AllocationRecord> allocations) {
        return allocations.stream().mapToLong(AllocationRecord::points).sum();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
