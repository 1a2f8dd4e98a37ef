package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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

/**
 * The library's database session is terminated by the server (from another session:
 * {@code pg_terminate_backend} on PostgreSQL, {@code KILL} on MariaDB) at chosen moments of chosen units: while a statement waits on a lock, just
 * before the commit, after the commit was executed but before its answer reached the driver (cut
 * by {@link CuttingTcpProxy}), and just after the commit returned; for a unit that is one
 * statement committed as it runs (PostgreSQL's credit function), that statement is its commit. Each idempotent operation (order
 * credit, add, redemption, reversal, each of the three units of a coupon redemption through an
 * issuer elsewhere, and the one unit of a redemption whose issuer shares the database) must
 * fail with {@link StorageException} (saying the outcome is unknown when the commit was under
 * way), or as {@link CouponIssuingException} with its points given back, or succeed; repeating it
 * with the same id must then apply it exactly once, and recovery must leave no reservation
 * pending. Run on unpooled connections, where the outcome of each case is known exactly, and, for
 * a session ended just after its commit, on a one-connection Hikari pool, which hands the dead
 * connection out once more (Hikari logs a warning each time it then evicts it). Bound to a database
 * by a subclass, which says how sessions are found, made to wait and terminated there.
 */
abstract class SessionTerminationTest {
    private static final int REPEATS = Integer.getInteger("rewardpoints.soak", 1);

    private static final long SEED = 100;
    private static final long SETUP_ORDER = 50;
    private static final long ORDER = 30;
    private static final long ADD = 20;
    private static final long REDEEM = 15;
    private static final long REFUND = 10;
    private static final long OPTION = 10;

    // ------------------------------------------------------------------ the database

    /** Side sessions, straight to the database: set up, hold locks, terminate the library's session, check. */
    abstract DataSource side();

    /** The dialect, the schema created through {@link #side()}. */
    abstract SqlDialect dialect();

    /** The proxy every connection of the library goes through. */
    abstract CuttingTcpProxy proxy();

    /** A data source of new, unpooled sessions through the proxy. */
    abstract DataSource unpooledThroughProxy();

    /** Sets the URL and user of a pool through the proxy. */
    abstract void throughProxy(HikariConfig config);

    /** The server's id of the session of {@code real}. */
    abstract long sessionId(Connection real) throws SQLException;

    /** Takes a lock on {@code table} in {@code holder} that every other session's statement on it waits for. */
    abstract void lockTable(Connection holder, String table) throws SQLException;

    /** Gives the lock of {@link #lockTable} back. */
    abstract void releaseTable(Connection holder) throws SQLException;

    /** Whether the session waits on a lock, as seen from {@code side}. */
    abstract boolean waitsOnLock(Connection side, long session) throws SQLException;

    /** Terminates the session from {@code side} and returns once it has ended. */
    abstract void terminate(Connection side, long session) throws SQLException;

    static CuttingTcpProxy proxyTo(String url) {
        Matcher address = Pattern.compile("//([^:/]+):(\\d+)/").matcher(url);
        if (!address.find()) {
            throw new IllegalStateException("No host and port in " + url);
        }
        return new CuttingTcpProxy(address.group(1), Integer.parseInt(address.group(2)));
    }

    /** How the library gets its connections (always through the proxy). */
    enum Connections {
        /** A new session per unit: what happens to each session is exactly the case's. */
        UNPOOLED,
        /** A Hikari pool of one connection: a dead connection may be handed out once more. */
        HIKARI_ONE
    }

    /** The operation, and which of its units (transactions) is hit. */
    enum Target {
        ORDER_CREDIT(1), ADD_WITH_ID(1), REDEEM_WITH_ID(1), ORDER_RETURN(1),
        /** The three units of a coupon redemption through an issuer in another database (a saga). */
        COUPON_RESERVE(1), COUPON_ISSUE(2), COUPON_CONFIRM(3),
        /** A coupon redemption whose issuer writes into the ledger's database: reserve, issue and confirm are one unit. */
        COUPON_ONE_UNIT(1);

        final int unit;

        Target(int unit) {
            this.unit = unit;
        }

        boolean coupon() {
            return name().startsWith("COUPON");
        }

        boolean saga() {
            return coupon() && this != COUPON_ONE_UNIT;
        }
    }

    /** When the session is terminated. */
    enum Moment {
        /** While the unit's first statement waits on a table lock another session holds. */
        IN_STATEMENT,
        /** Right before the commit is sent. */
        BEFORE_COMMIT,
        /** The server committed; its answer is held back, the session terminated, the connection cut. */
        AFTER_COMMIT_BEFORE_ANSWER,
        /** Right after the commit returned, before the library restores and closes the connection. */
        AFTER_COMMIT
    }

    /** What the library reports. */
    enum Report { SUCCESS, ROLLED_BACK, OUTCOME_UNKNOWN, COUPON_FAILED_POINTS_BACK }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : Target.values()) {
            for (Moment moment : Moment.values()) {
                cases.add(Arguments.of(Connections.UNPOOLED, target, moment));
            }
            // where the pool matters: the session ended after a commit that returned, the pool still holds it
            cases.add(Arguments.of(Connections.HIKARI_ONE, target, Moment.AFTER_COMMIT));
        }
        return cases.stream();
    }

    /** Whether the target's unit is one statement committed as it runs (the credit function). */
    private boolean oneStatement(Target target) {
        return (target == Target.ORDER_CREDIT || target == Target.ADD_WITH_ID)
                && Statements.creditCall(dialect(), "rp_") != null;
    }

    /**
     * What an unpooled library reports, and whether the effect is stored before the repeat. A
     * one-statement unit whose session ends while it waits cannot tell that from an end after
     * its commit: its outcome is unknown.
     */
    Report expectedReport(Target target, Moment moment) {
        if (moment == Moment.IN_STATEMENT && oneStatement(target)) {
            return Report.OUTCOME_UNKNOWN;
        }
        if (target == Target.COUPON_CONFIRM) {
            return Report.SUCCESS; // the coupon exists: the customer gets it, recovery confirms
        }
        if (target == Target.COUPON_ISSUE) {
            // the library asks the issuer, and when the coupon is missing issues once more under the same key
            return Report.SUCCESS;
        }
        return switch (moment) {
            case IN_STATEMENT -> Report.ROLLED_BACK;
            case BEFORE_COMMIT, AFTER_COMMIT_BEFORE_ANSWER -> Report.OUTCOME_UNKNOWN;
            case AFTER_COMMIT -> Report.SUCCESS;
        };
    }

    /** Whether the hit unit's own effect is stored before the repeat (for coupons: reservation, coupon, confirmation). */
    static boolean expectedStoredBeforeRepeat(Target target, Moment moment) {
        return target == Target.COUPON_ISSUE // issued by the library's second attempt if not by the first
                || moment == Moment.AFTER_COMMIT_BEFORE_ANSWER || moment == Moment.AFTER_COMMIT;
    }

    @ParameterizedTest(name = "{0}: {1} terminated {2}")
    @MethodSource("cases")
    void terminatedSession_failsAsStorageExceptionOrSucceeds_andRepeatingAppliesOnce(Connections connections,
            Target target, Moment moment) throws Exception {
        for (int repeat = 0; repeat < REPEATS; repeat++) {
            runCase(connections, target, moment);
        }
    }

    private void runCase(Connections connections, Target target, Moment moment) throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        RewardPoints healthy = JdbcLibrary.Adapters.on(side(), dialect()).library(Clock.systemUTC());
        healthy.updateSettings(tenant, "main", JdbcLibrary.SETTINGS);
        String optionId = healthy.createOption(tenant, RedemptionOptionDraft.of("voucher", OPTION,
                CouponTemplate.absolute("10 EUR off", "10", "EUR"))).id();
        healthy.addPoints(AddPoints.of(tenant, "c", SEED).withId("seed"));
        healthy.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-setup", String.valueOf(SETUP_ORDER), "EUR"));

        Terminator terminator = new Terminator(target, moment);
        HikariDataSource pool = null;
        DataSource direct;
        if (connections == Connections.UNPOOLED) {
            direct = unpooledThroughProxy();
        } else {
            HikariConfig config = new HikariConfig();
            throughProxy(config);
            config.setMaximumPoolSize(1);
            config.setPoolName("terminated-one");
            pool = new HikariDataSource(config);
            direct = pool;
        }
        try {
            JdbcLibrary.Adapters adapters = JdbcLibrary.Adapters.on(InterceptedDataSource.wrap(direct, terminator),
                    dialect());
            RewardPoints library = target.saga() ? adapters.libraryWithIssuerElsewhere(Clock.systemUTC())
                    : adapters.library(Clock.systemUTC());

            terminator.armed = true;
            Object first;
            try {
                first = operate(library, target, tenant, optionId);
            } catch (RuntimeException e) {
                first = e;
            } finally {
                terminator.armed = false;
            }
            terminator.awaitDone();
            assertThat(terminator.fired).as("the session was terminated at the chosen moment").isTrue();
            Report report = report(first);
            String context = connections + " " + target + " " + moment + ": " + first;

            if (connections == Connections.UNPOOLED) {
                assertThat(report).as(context).isEqualTo(expectedReport(target, moment));
                assertThat(stored(tenant, target)).as("effect stored before the repeat, " + context)
                        .isEqualTo(expectedStoredBeforeRepeat(target, moment));
            } else {
                assertThat(report).as(context).isIn(target.coupon()
                        ? List.of(Report.SUCCESS, Report.ROLLED_BACK, Report.OUTCOME_UNKNOWN, Report.COUPON_FAILED_POINTS_BACK)
                        : List.of(Report.SUCCESS, Report.ROLLED_BACK, Report.OUTCOME_UNKNOWN));
            }
            if (report == Report.OUTCOME_UNKNOWN && connections == Connections.UNPOOLED) {
                assertThat(((Throwable) first).getMessage()).contains("outcome", "unknown", "idempotency key");
            }

            // the same operation again, now without termination: a dead pooled connection may fail it once more
            Object again = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    again = operate(library, target, tenant, optionId);
                    break;
                } catch (StorageException e) {
                    assertThat(connections).as("a repeat failed on a fresh session: %s", e).isEqualTo(Connections.HIKARI_ONE);
                    again = e;
                } catch (CouponIssuingException e) {
                    again = e;
                    break;
                }
            }
            boolean couponGivenBack = report == Report.COUPON_FAILED_POINTS_BACK
                    || again instanceof CouponIssuingException;
            if (couponGivenBack) {
                assertThat(again).as("repeat of a redemption whose points were given back, " + context)
                        .isInstanceOfSatisfying(CouponIssuingException.class,
                                e -> assertThat(e.isPointsStillReserved()).isFalse());
            } else {
                assertThat(again).as("repeat, " + context).isNotInstanceOf(RuntimeException.class);
            }
            if (first instanceof String firstEffect) {
                assertThat(again).as("the repeat returns the lot, debit or coupon of the first call").isEqualTo(firstEffect);
            }
            assertThat(healthy.recoverReservations(Duration.ZERO).failed()).isZero();

            assertAppliedExactlyOnce(healthy, tenant, target, !couponGivenBack, context);
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }

    private static Report report(Object outcome) {
        if (outcome instanceof CouponIssuingException e) {
            assertThat(e.isPointsStillReserved()).as("points given back: %s", e).isFalse();
            assertThat(e.getCause()).as("cause of %s", e).isInstanceOf(StorageException.class);
            return Report.COUPON_FAILED_POINTS_BACK;
        }
        if (outcome instanceof StorageException e) {
            return e.getMessage().contains("outcome") ? Report.OUTCOME_UNKNOWN : Report.ROLLED_BACK;
        }
        if (outcome instanceof Throwable e) {
            throw new AssertionError("Neither StorageException nor success", e);
        }
        return Report.SUCCESS;
    }

    /** Runs the target's operation; returns what identifies its effect (a coupon's code for coupons). */
    private static Object operate(RewardPoints library, Target target, String tenant, String optionId) {
        return switch (target) {
            case ORDER_CREDIT -> {
                CreditResult result = library.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1",
                        String.valueOf(ORDER), "EUR"));
                assertThat(result.status()).isIn(CreditResult.Status.CREDITED, CreditResult.Status.ALREADY_CREDITED);
                yield result.lot().orElseThrow().id();
            }
            case ADD_WITH_ID -> library.addPoints(AddPoints.of(tenant, "c", ADD).withId("add-1")).id();
            case REDEEM_WITH_ID -> library.redeemPoints(RedeemPoints.of(tenant, "c", REDEEM)
                    .withDescription("by hand").withId("redeem-1")).id();
            case ORDER_RETURN -> {
                ReversalResult result = library.orderReturned(OrderReturn.partial(tenant, "o-setup", "return-1",
                        String.valueOf(REFUND), "EUR"));
                assertThat(result.status()).isIn(ReversalResult.Status.REVERSED, ReversalResult.Status.ALREADY_REVERSED);
                yield result.debit().orElseThrow().id();
            }
            case COUPON_RESERVE, COUPON_ISSUE, COUPON_CONFIRM, COUPON_ONE_UNIT -> library.redeemForCoupon(
                    CouponRedemption.of(tenant, "c", optionId).withRequestId("request-1")).code();
        };
    }

    /** Whether the effect of the unit the target hits is stored. */
    private boolean stored(String tenant, Target target) {
        return switch (target) {
            case ORDER_CREDIT -> count("SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key = 'order:o-1'",
                    tenant) > 0;
            case ADD_WITH_ID -> count("SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key = 'add:add-1'",
                    tenant) > 0;
            case REDEEM_WITH_ID -> count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                    + " AND idempotency_key = 'redeem:redeem-1'", tenant) > 0;
            case ORDER_RETURN -> count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                    + " AND idempotency_key = 'return/v2:7:o-setup:return-1'", tenant) > 0;
            case COUPON_RESERVE -> count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                    + " AND idempotency_key = 'coupon/v2:1:c:request-1'", tenant) > 0;
            case COUPON_ISSUE -> count("SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant) > 0;
            case COUPON_CONFIRM, COUPON_ONE_UNIT -> count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                    + " AND idempotency_key = 'coupon/v2:1:c:request-1' AND status = 'CONFIRMED'", tenant) > 0;
        };
    }

    private void assertAppliedExactlyOnce(RewardPoints healthy, String tenant, Target target, boolean couponConfirmed,
                                                 String context) {
        long expected = SEED + SETUP_ORDER + switch (target) {
            case ORDER_CREDIT -> ORDER;
            case ADD_WITH_ID -> ADD;
            case REDEEM_WITH_ID -> -REDEEM;
            case ORDER_RETURN -> -REFUND;
            case COUPON_RESERVE, COUPON_ISSUE, COUPON_CONFIRM, COUPON_ONE_UNIT -> couponConfirmed ? -OPTION : 0;
        };
        assertThat(healthy.balance(tenant, "c")).as("balance after the repeat, " + context).isEqualTo(expected);
        String key = switch (target) {
            case ORDER_CREDIT -> "order:o-1";
            case ADD_WITH_ID -> "add:add-1";
            case REDEEM_WITH_ID -> "redeem:redeem-1";
            case ORDER_RETURN -> "return/v2:7:o-setup:return-1";
            case COUPON_RESERVE, COUPON_ISSUE, COUPON_CONFIRM, COUPON_ONE_UNIT -> "coupon/v2:1:c:request-1";
        };
        long entries = count("SELECT COUNT(*) FROM rp_lots WHERE tenant = ? AND idempotency_key = '" + key + "'", tenant)
                + count("SELECT COUNT(*) FROM rp_debits WHERE tenant = ? AND idempotency_key = '" + key + "'", tenant);
        assertThat(entries).as("entries under " + key + ", " + context).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM rp_lots WHERE tenant = ?", tenant))
                .as("lots: seed, setup order and at most the credit, no compensation, " + context)
                .isEqualTo(target == Target.ORDER_CREDIT || target == Target.ADD_WITH_ID ? 3 : 2);
        assertThat(count("SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant)).as("coupons, " + context)
                .isEqualTo(target.coupon() && couponConfirmed ? 1 : 0);
        assertThat(JdbcLibrary.unpairedCoupons(side(), tenant)).as(context).isEmpty();
        assertThat(JdbcLibrary.pendingReservations(side(), tenant)).as(context).isZero();
        LedgerInvariants.assertHold(side(), tenant);
        org.rewardpoints.testing.LedgerInvariants.check(JdbcLibrary.Adapters.on(side(), dialect()).store(), tenant,
                Clock.systemUTC().instant(), false);
    }

    private long count(String sql, String tenant) {
        return JdbcLibrary.count(side(), sql, tenant);
    }

    // ------------------------------------------------------------------ terminating sessions

    /** Terminates the library's session at the case's moment, once, while armed. */
    private final class Terminator implements InterceptedDataSource.Interceptor {
        private final Target target;
        private final Moment moment;
        volatile boolean armed;
        volatile boolean fired;
        private int units;
        private int statementsInUnit;
        /** Set for a case whose session ends right after a statement that commits on its own. */
        private boolean terminateAfterStatement;
        private CompletableFuture<Void> background = CompletableFuture.completedFuture(null);
        private final String creditCall = Statements.creditCall(dialect(), "rp_");

        Terminator(Target target, Moment moment) {
            this.target = target;
            this.moment = moment;
        }

        private boolean inTargetUnit() {
            return armed && !fired && units == target.unit;
        }

        @Override
        public void transactionStarted(Connection real) {
            if (armed) {
                units++;
                statementsInUnit = 0;
            }
        }

        /**
         * A call of the credit function runs with autocommit: a unit of its own, whose one
         * statement is also its commit.
         */
        private boolean commitsOnItsOwn(Connection real, String sql) throws SQLException {
            return sql != null && creditCall != null && sql.startsWith(creditCall) && real.getAutoCommit();
        }

        @Override
        public void beforeStatement(Connection real, String sql) throws SQLException {
            if (armed && commitsOnItsOwn(real, sql)) {
                transactionStarted(real);
                if (inTargetUnit() && moment != Moment.IN_STATEMENT) {
                    fired = true;
                    long session = sessionId(real);
                    switch (moment) {
                        case BEFORE_COMMIT -> terminate(session);
                        case AFTER_COMMIT_BEFORE_ANSWER -> proxy().cutBeforeNextAnswer(() -> terminate(session));
                        case AFTER_COMMIT -> terminateAfterStatement = true;
                        default -> throw new IllegalStateException(moment.name());
                    }
                    return;
                }
            }
            if (inTargetUnit() && moment == Moment.IN_STATEMENT && statementsInUnit++ == 0) {
                fired = true;
                long session = sessionId(real);
                String table = sql.contains("rp_issued_coupons") ? "rp_issued_coupons" : "rp_accounts";
                // hold a lock the statement waits for, terminate the session while it waits, release
                Connection holder = side().getConnection();
                holder.setAutoCommit(false);
                lockTable(holder, table);
                background = CompletableFuture.runAsync(() -> {
                    try (holder) {
                        awaitLockWait(session);
                        terminate(session);
                        releaseTable(holder);
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }

        @Override
        public void afterStatement(Connection real, String sql) throws SQLException {
            if (terminateAfterStatement) {
                terminateAfterStatement = false;
                terminate(sessionId(real));
            }
        }

        @Override
        public void commit(Connection real) throws SQLException {
            if (!inTargetUnit() || moment == Moment.IN_STATEMENT) {
                real.commit();
                return;
            }
            fired = true;
            long session = sessionId(real);
            switch (moment) {
                case BEFORE_COMMIT -> {
                    terminate(session);
                    real.commit();
                }
                case AFTER_COMMIT_BEFORE_ANSWER -> {
                    proxy().cutBeforeNextAnswer(() -> terminate(session));
                    real.commit();
                }
                case AFTER_COMMIT -> {
                    real.commit();
                    terminate(session);
                }
                default -> throw new IllegalStateException(moment.name());
            }
        }

        void awaitDone() throws Exception {
            background.get(30, TimeUnit.SECONDS);
        }

        private void awaitLockWait(long session) throws SQLException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try (Connection connection = side().getConnection()) {
                while (!waitsOnLock(connection, session)) {
                    if (System.nanoTime() > deadline) {
                        fail("Session " + session + " never waited on the lock");
                    }
                    Thread.sleep(5);
                }
            }
        }

        private void terminate(long session) {
            try (Connection connection = side().getConnection()) {
                SessionTerminationTest.this.terminate(connection, session);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
