package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.CreditResult;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.DuplicateKeyException;

/**
 * A few hundred mixed operations on 4 threads through a data source that breaks connections at
 * random: getting a connection, before or after a statement, before or after the commit, each
 * with an {@code SQLException} of SQLState class {@code 08} after which the connection is gone.
 * Every failure must surface as {@link StorageException} (or, for a coupon redemption, as
 * {@link CouponIssuingException} caused by one). Once the faults stop, retrying each failed
 * operation with its idempotency key completes it exactly once, a replay of every operation
 * changes nothing, and the ledger adds up to exactly what the operations asked for.
 * {@code -Drewardpoints.soak=N} multiplies the operations.
 */
abstract class ConnectionFaultSoakTest {
    static final int SOAK = Integer.getInteger("rewardpoints.soak", 1);
    static final int OPERATIONS = 300 * SOAK;
    static final int THREADS = 4;
    static final int CUSTOMERS = 6;
    static final long SEED_POINTS = 1_000_000;
    static final long OPTION_POINTS = 7;
    static final long RETURN_POINTS = 5;

    /** The healthy database, shared by the class. */
    abstract DataSource dataSource();

    /** Wraps the healthy database for the library under test. */
    DataSource faulty(DataSource healthy, RandomFaults faults) {
        return InterceptedDataSource.wrap(healthy, faults);
    }

    private final String tenant = "t-" + UUID.randomUUID();
    private SqlDialect dialect;
    private RewardPoints healthy;
    private String optionId;

    @BeforeEach
    void setUp() {
        dialect = JdbcLibrary.createSchema(dataSource());
        healthy = JdbcLibrary.Adapters.on(dataSource(), dialect).library(Clock.systemUTC());
        healthy.updateSettings(tenant, "main", JdbcLibrary.SETTINGS);
        optionId = healthy.createOption(tenant, RedemptionOptionDraft.of("voucher", OPTION_POINTS,
                CouponTemplate.absolute("1 EUR off", "1", "EUR"))).id();
        for (int c = 0; c < CUSTOMERS; c++) {
            healthy.addPoints(AddPoints.of(tenant, customer(c), SEED_POINTS).withId("seed-" + c));
        }
    }

    static String customer(int number) {
        return "c-" + number;
    }

    // ------------------------------------------------------------------ faults

    /** Breaks connections at random while enabled; counts what it did. */
    static final class RandomFaults implements InterceptedDataSource.Interceptor {
        volatile boolean enabled;
        final AtomicInteger refusedConnections = new AtomicInteger();
        final AtomicInteger brokenBeforeStatement = new AtomicInteger();
        final AtomicInteger brokenAfterStatement = new AtomicInteger();
        final AtomicInteger brokenBeforeCommit = new AtomicInteger();
        final AtomicInteger brokenAfterCommit = new AtomicInteger();

        private static boolean roll(int percent) {
            return ThreadLocalRandom.current().nextInt(100) < percent;
        }

        @Override
        public void beforeGetConnection() throws SQLException {
            if (enabled && roll(4)) {
                refusedConnections.incrementAndGet();
                throw new SQLException("Connection to the database refused (simulated)", "08006");
            }
        }

        @Override
        public void beforeStatement(Connection real, String sql) throws SQLException {
            if (enabled && roll(3)) {
                brokenBeforeStatement.incrementAndGet();
                throw new InterceptedDataSource.BrokenConnection(
                        "An I/O error occurred while sending to the backend (simulated)", "08006");
            }
        }

        @Override
        public void afterStatement(Connection real, String sql) throws SQLException {
            if (enabled && roll(3)) {
                brokenAfterStatement.incrementAndGet();
                throw new InterceptedDataSource.BrokenConnection(
                        "An I/O error occurred while receiving from the backend (simulated)", "08006");
            }
        }

        @Override
        public void commit(Connection real) throws SQLException {
            if (enabled && roll(5)) {
                brokenBeforeCommit.incrementAndGet();
                throw new InterceptedDataSource.BrokenConnection("This connection has been closed (simulated)", "08003");
            }
            real.commit();
            if (enabled && roll(8)) {
                brokenAfterCommit.incrementAndGet();
                throw new InterceptedDataSource.BrokenConnection(
                        "An I/O error occurred while receiving the commit's answer (simulated)", "08006");
            }
        }

        int total() {
            return refusedConnections.get() + brokenBeforeStatement.get() + brokenAfterStatement.get()
                    + brokenBeforeCommit.get() + brokenAfterCommit.get();
        }

        @Override
        public String toString() {
            return "faults[refused connections " + refusedConnections + ", before statement " + brokenBeforeStatement
                    + ", after statement " + brokenAfterStatement + ", before commit " + brokenBeforeCommit
                    + ", after commit " + brokenAfterCommit + "]";
        }
    }

    // ------------------------------------------------------------------ operations

    /** An idempotent operation: every run with the same content must apply it at most once. */
    sealed interface Operation {
        /** Runs it; returns what identifies its effect (lot id, debit id, coupon code). */
        String run(RewardPoints ledger, String tenant, String optionId);

        /** Whether the operation is finished given its result (a reversal of an uncredited order is not). */
        default boolean finished(String result) {
            return true;
        }
    }

    record Credit(String orderId, String customer, int value) implements Operation {
        @Override
        public String run(RewardPoints ledger, String tenant, String optionId) {
            CreditResult result = ledger.orderCompleted(OrderCompletion.of(tenant, "main", customer, orderId,
                    String.valueOf(value), "EUR"));
            assertThat(result.status()).isIn(CreditResult.Status.CREDITED, CreditResult.Status.ALREADY_CREDITED);
            return result.lot().orElseThrow().id();
        }
    }

    record Add(String id, String customer, long points) implements Operation {
        @Override
        public String run(RewardPoints ledger, String tenant, String optionId) {
            return ledger.addPoints(AddPoints.of(tenant, customer, points).withId(id)).id();
        }
    }

    record Redeem(String id, String customer, long points) implements Operation {
        @Override
        public String run(RewardPoints ledger, String tenant, String optionId) {
            return ledger.redeemPoints(RedeemPoints.of(tenant, customer, points)
                    .withDescription("redeemed under faults").withId(id)).id();
        }
    }

    record Coupon(String requestId, String customer) implements Operation {
        /** Result of a request whose reservation was released: it ends without a coupon. */
        static final String RELEASED = "released";

        @Override
        public String run(RewardPoints ledger, String tenant, String optionId) {
            try {
                return ledger.redeemForCoupon(CouponRedemption.of(tenant, customer, optionId).withRequestId(requestId)).code();
            } catch (CouponIssuingException e) {
                if (e.isPointsStillReserved()) {
                    throw e; // not finished: a retry resumes the reservation
                }
                return RELEASED;
            }
        }
    }

    record Reversal(String orderId, String returnId) implements Operation {
        static final String NOT_CREDITED = "not credited";

        @Override
        public String run(RewardPoints ledger, String tenant, String optionId) {
            ReversalResult result = ledger.orderReturned(OrderReturn.partial(tenant, orderId, returnId,
                    String.valueOf(RETURN_POINTS), "EUR"));
            if (result.status() == ReversalResult.Status.ORDER_NOT_CREDITED) {
                return NOT_CREDITED;
            }
            assertThat(result.requestedPoints()).isEqualTo(RETURN_POINTS);
            return result.debit().orElseThrow().id();
        }

        @Override
        public boolean finished(String result) {
            return !NOT_CREDITED.equals(result);
        }
    }

    /** A deterministic mix: new and repeated order deliveries, adds, redemptions, coupons, returns. */
    static List<Operation> operations(long seed) {
        Random random = new Random(seed);
        List<Operation> operations = new ArrayList<>();
        List<Credit> credits = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            String customer = customer(random.nextInt(CUSTOMERS));
            int roll = random.nextInt(100);
            Operation next;
            if (roll < 25 || credits.isEmpty()) {
                Credit credit = new Credit("o-" + i, customer, 10 + random.nextInt(90));
                credits.add(credit);
                next = credit;
            } else if (roll < 33) {
                next = credits.get(random.nextInt(credits.size())); // a duplicate delivery
            } else if (roll < 45) {
                next = new Add("a-" + i, customer, 1 + random.nextInt(50));
            } else if (roll < 57) {
                next = new Redeem("r-" + i, customer, 1 + random.nextInt(20));
            } else if (roll < 87) {
                next = new Coupon("q-" + i, customer);
            } else if (roll < 95) {
                next = new Reversal(credits.get(random.nextInt(credits.size())).orderId(), "return-" + random.nextInt(2));
            } else {
                next = operations.get(random.nextInt(operations.size())); // any repeat
            }
            operations.add(next);
        }
        return operations;
    }

    // ------------------------------------------------------------------ the test

    @Test
    void randomConnectionFaults_surfaceAsStorageExceptionsAndRetriesCompleteEachOperationExactlyOnce() throws Exception {
        RandomFaults faults = new RandomFaults();
        RewardPoints underTest = JdbcLibrary.Adapters.on(faulty(dataSource(), faults), dialect).library(Clock.systemUTC());
        List<Operation> operations = operations(tenant.hashCode());
        Map<Operation, String> results = new ConcurrentHashMap<>();
        Map<String, Throwable> wrongFailures = new ConcurrentHashMap<>();
        AtomicInteger storageFailures = new AtomicInteger();
        AtomicInteger unknownOutcomes = new AtomicInteger();
        AtomicInteger couponFailures = new AtomicInteger();

        faults.enabled = true;
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> work = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                work.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < operations.size(); i = next.getAndIncrement()) {
                        Operation operation = operations.get(i);
                        try {
                            String result = operation.run(underTest, tenant, optionId);
                            if (operation.finished(result)) {
                                results.putIfAbsent(operation, result);
                            }
                        } catch (DuplicateKeyException e) {
                            wrongFailures.put(i + " " + operation, e); // must be retried inside the library
                        } catch (StorageException e) {
                            storageFailures.incrementAndGet();
                            if (e.getMessage().contains("outcome")) {
                                unknownOutcomes.incrementAndGet();
                            }
                        } catch (CouponIssuingException e) {
                            if (operation instanceof Coupon && causedByStorage(e)) {
                                couponFailures.incrementAndGet();
                            } else {
                                wrongFailures.put(i + " " + operation, e);
                            }
                        } catch (RuntimeException | AssertionError e) {
                            wrongFailures.put(i + " " + operation, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
            faults.enabled = false;
        }
        if (!wrongFailures.isEmpty()) {
            AssertionError error = new AssertionError("Failures other than StorageException under " + faults + ": "
                    + wrongFailures.keySet());
            wrongFailures.values().forEach(error::addSuppressed);
            throw error;
        }
        assertThat(faults.total()).as("faults injected").isGreaterThan(OPERATIONS / 10);
        assertThat(storageFailures).as("operations failed by the faults " + faults).hasPositiveValue();
        assertThat(unknownOutcomes).as("commits with unknown outcome " + faults).hasPositiveValue();

        // the faults stopped: each unfinished operation completes when retried, credits first
        List<Operation> ordered = new ArrayList<>(operations);
        ordered.sort((a, b) -> Boolean.compare(!(a instanceof Credit), !(b instanceof Credit)));
        for (Operation operation : ordered) {
            if (!results.containsKey(operation)) {
                String result = operation.run(underTest, tenant, optionId);
                assertThat(operation.finished(result)).as("%s finished after the faults", operation).isTrue();
                results.put(operation, result);
            }
        }
        assertThat(underTest.recoverReservations(Duration.ZERO).failed()).isZero();

        // a replay of every operation finds it done and returns the same effect
        for (Operation operation : new LinkedHashSet<>(operations)) {
            assertThat(operation.run(underTest, tenant, optionId)).as("replay of %s", operation)
                    .isEqualTo(results.get(operation));
        }

        assertLedgerIsExactly(new LinkedHashSet<>(operations), results);
    }

    private static boolean causedByStorage(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException) {
                return true;
            }
        }
        return false;
    }

    private void assertLedgerIsExactly(Set<Operation> operations, Map<Operation, String> results) {
        Map<String, Long> expected = new HashMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            expected.put(customer(c), SEED_POINTS);
        }
        Map<String, String> customerOfOrder = new HashMap<>();
        int coupons = 0;
        for (Operation operation : operations) {
            if (operation instanceof Credit credit) {
                expected.merge(credit.customer(), (long) credit.value(), Long::sum);
                customerOfOrder.put(credit.orderId(), credit.customer());
            } else if (operation instanceof Add add) {
                expected.merge(add.customer(), add.points(), Long::sum);
            } else if (operation instanceof Redeem redeem) {
                expected.merge(redeem.customer(), -redeem.points(), Long::sum);
            } else if (operation instanceof Coupon coupon && !Coupon.RELEASED.equals(results.get(coupon))) {
                expected.merge(coupon.customer(), -OPTION_POINTS, Long::sum);
                coupons++;
            }
        }
        for (Operation operation : operations) {
            if (operation instanceof Reversal reversal) {
                expected.merge(customerOfOrder.get(reversal.orderId()), -RETURN_POINTS, Long::sum);
            }
        }
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String customer : expected.keySet()) {
            actual.put(customer, healthy.balance(tenant, customer));
        }
        assertThat(actual).as("balances: seed + credits + adds - redemptions - coupons - returns, each once")
                .isEqualTo(expected);

        DataSource db = dataSource();
        long credits = operations.stream().filter(Credit.class::isInstance).count();
        long adds = operations.stream().filter(Add.class::isInstance).count();
        long redeems = operations.stream().filter(Redeem.class::isInstance).count();
        long reversals = operations.stream().filter(Reversal.class::isInstance).count();
        assertThat(JdbcLibrary.strings(db, "SELECT idempotency_key FROM rp_lots WHERE tenant = ?"
                + " GROUP BY idempotency_key HAVING COUNT(*) > 1", tenant)).as("keys credited twice").isEmpty();
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key LIKE 'order:%'",
                tenant)).as("order lots").isEqualTo(credits);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key LIKE 'add:%'",
                tenant)).as("added lots, seeds included").isEqualTo(adds + CUSTOMERS);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_lots WHERE tenant = ?", tenant))
                .as("lots: no compensation lot was minted").isEqualTo(credits + adds + CUSTOMERS);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ? AND kind = 'REDEMPTION'",
                tenant)).as("redemptions").isEqualTo(redeems);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ? AND kind = 'REVERSAL'",
                tenant)).as("reversals").isEqualTo(reversals);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                + " AND kind = 'COUPON_REDEMPTION' AND status = 'CONFIRMED'", tenant)).as("confirmed coupon redemptions")
                .isEqualTo(coupons);
        assertThat(JdbcLibrary.count(db, "SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant))
                .as("issued coupons").isEqualTo(coupons);
        assertThat(JdbcLibrary.unpairedCoupons(db, tenant)).as("coupons without redemption or the reverse").isEmpty();
        assertThat(JdbcLibrary.pendingReservations(db, tenant)).as("pending reservations").isZero();
        LedgerInvariants.assertHold(db, tenant);
        org.rewardpoints.testing.LedgerInvariants.check(
                JdbcLibrary.Adapters.on(db, dialect).store(), tenant, Clock.systemUTC().instant(), false);
    }
}
