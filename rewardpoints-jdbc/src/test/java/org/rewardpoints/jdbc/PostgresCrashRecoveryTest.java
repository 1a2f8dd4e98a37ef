package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.RecoveryResult;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;

/**
 * Crashes: a child JVM ({@link CrashChild}) delivers orders and redeems points for coupons on 4
 * threads against the embedded PostgreSQL and is killed with SIGKILL at a random moment, 20 times
 * in a row. After each kill a fresh library instance recovers the reservations the dead process
 * left (nothing is in flight any more) and the ledger must be whole: no pending reservation, the
 * invariants of every account, every order credited at most once and with its own value, exactly
 * one issued coupon per confirmed coupon redemption, and no lot minted as compensation. The child
 * relays events as it goes, so kills also fall between a commit and its delivery: every committed
 * change must have exactly one event row, none may exist for anything that did not commit, and
 * every event must have reached a listener (the child's, recorded in a file, or the restarted
 * instance's) at least once.
 * {@code -Drewardpoints.soak=N} multiplies the kills.
 */
class PostgresCrashRecoveryTest {
    static final int KILLS = 20 * Integer.getInteger("rewardpoints.soak", 1);
    static final long OPTION_POINTS = 5;

    private static final String DATABASE = TestDatabases.newPostgresDatabase("crash");
    private static final HikariDataSource POOL = TestDatabases.postgresPool(DATABASE, 4);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    private final String tenant = "t-" + UUID.randomUUID();

    @Test
    void childKilledAtRandomMoments_recoveryLeavesNoPendingReservationAndAWholeLedger() throws Exception {
        SqlDialect dialect = JdbcLibrary.createSchema(POOL);
        RewardPoints setup = JdbcLibrary.Adapters.on(POOL, dialect).library(Clock.systemUTC());
        setup.updateSettings(tenant, "main", JdbcLibrary.SETTINGS);
        String optionId = setup.createOption(tenant, RedemptionOptionDraft.of("voucher", OPTION_POINTS,
                CouponTemplate.percent("5 % off", "5"))).id();
        Random random = new Random();
        Path childDelivered = Files.createTempFile("rewardpoints-crash-events", ".log");
        childDelivered.toFile().deleteOnExit();
        Set<String> heard = new HashSet<>();
        int confirmed = 0;
        int released = 0;

        for (int run = 0; run < KILLS; run++) {
            Child child = Child.start(TestDatabases.postgresUrl(DATABASE), tenant, optionId, run, childDelivered);
            try {
                child.awaitRunning();
                assertThat(childSessions()).as("sessions of the running child").isPositive();
                Thread.sleep(100 + random.nextInt(501));
                child.kill();
            } finally {
                child.process.destroyForcibly();
            }
            awaitChildSessionsEnded();

            // a fresh instance, as after a restart; the dead child has nothing in flight
            JdbcLibrary.Adapters adapters = JdbcLibrary.Adapters.on(POOL, dialect);
            RecoveryResult recovery = adapters.library(Clock.systemUTC()).recoverReservations(Duration.ZERO);
            assertThat(recovery.failed()).as("reservations recovery could not resolve after kill %d", run).isZero();
            confirmed += recovery.confirmed();
            released += recovery.released();
            assertLedgerIsWhole(adapters, "after kill " + run + " (" + recovery + ")");
            // the restarted instance relays what the child did not; past the dead child's claims
            RewardPoints relay = RewardPoints.builder().store(adapters.store()).settings(adapters.settings())
                    .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2))).listener(event -> {
                        if (event.tenant().equals(tenant)) {
                            heard.add(event.id());
                        }
                    }).build();
            while (relay.events().deliver().delivered() > 0) {
                // until nothing is due
            }
            assertEventsAreWhole("after kill " + run);
        }

        heard.addAll(Files.readAllLines(childDelivered));
        assertThat(JdbcLibrary.strings(POOL, "SELECT id FROM rp_events WHERE tenant = ?", tenant))
                .as("events that reached no listener").allMatch(heard::contains);
        assertThat(Files.readAllLines(childDelivered)).as("events the child delivered before it was killed").isNotEmpty();
        assertThat(confirmed + released).as("reservations the kills left pending (%d confirmed, %d released)",
                confirmed, released).isPositive();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant))
                .as("coupons issued over all runs").isPositive();
    }

    private void assertLedgerIsWhole(JdbcLibrary.Adapters adapters, String when) {
        analyze();
        assertThat(JdbcLibrary.pendingReservations(POOL, tenant)).as("pending reservations " + when).isZero();
        assertThat(adapters.store().pendingReservations(java.time.Instant.MAX, null, 1000))
                .as("pending reservations through the SPI " + when).noneMatch(debit -> debit.tenant().equals(tenant));
        LedgerInvariants.assertHold(POOL, tenant);
        org.rewardpoints.testing.LedgerInvariants.check(adapters.store(), tenant, Clock.systemUTC().instant(), false);

        assertThat(JdbcLibrary.strings(POOL, "SELECT order_id FROM rp_lots WHERE tenant = ? AND order_id IS NOT NULL"
                + " GROUP BY order_id HAVING COUNT(*) > 1", tenant)).as("orders credited twice " + when).isEmpty();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_lots WHERE tenant = ?"
                + " AND (order_id IS NULL OR idempotency_key <> 'order:' || order_id)", tenant))
                .as("lots that are not order credits (compensation) " + when).isZero();
        for (String lot : JdbcLibrary.strings(POOL, "SELECT order_id || ' ' || customer_id || ' ' || points"
                + " FROM rp_lots WHERE tenant = ?", tenant)) {
            String orderId = lot.substring(0, lot.indexOf(' '));
            assertThat(lot).as("order lot " + when)
                    .isEqualTo(orderId + " " + CrashChild.customerOf(orderId) + " " + CrashChild.valueOf(orderId));
        }
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                + " AND (kind <> 'COUPON_REDEMPTION' OR points <> " + OPTION_POINTS + ")", tenant))
                .as("debits other than coupon redemptions of the option " + when).isZero();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant))
                .as("issued coupons = confirmed coupon redemptions " + when)
                .isEqualTo(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ?"
                        + " AND kind = 'COUPON_REDEMPTION' AND status = 'CONFIRMED'", tenant));
        assertThat(JdbcLibrary.unpairedCoupons(POOL, tenant)).as("coupons and redemptions that do not pair " + when)
                .isEmpty();
    }

    /** Exactly one event per committed change, none for anything else, all delivered. */
    private void assertEventsAreWhole(String when) {
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_lots l WHERE l.tenant = ? AND (SELECT COUNT(*)"
                + " FROM rp_events e WHERE e.tenant = l.tenant AND e.entry_id = l.id AND e.type = 'CREDITED') <> 1",
                tenant)).as("credits without exactly one event " + when).isZero();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_debits d WHERE d.tenant = ? AND (SELECT COUNT(*)"
                + " FROM rp_events e WHERE e.tenant = d.tenant AND e.entry_id = d.id AND e.type = CASE d.status"
                + " WHEN 'CONFIRMED' THEN 'COUPON_ISSUED' ELSE 'RESERVATION_RELEASED' END) <> 1", tenant))
                .as("coupon redemptions without exactly one event of their outcome " + when).isZero();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_events e WHERE e.tenant = ? AND NOT EXISTS"
                + " (SELECT 1 FROM rp_lots l WHERE l.tenant = e.tenant AND l.id = e.entry_id) AND NOT EXISTS"
                + " (SELECT 1 FROM rp_debits d WHERE d.tenant = e.tenant AND d.id = e.entry_id)", tenant))
                .as("events of changes that did not commit " + when).isZero();
        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_events WHERE tenant = ? AND delivered_at IS NULL",
                tenant)).as("undelivered events " + when).isZero();
    }

    /** Fresh statistics: the tables grew from empty within seconds, faster than autovacuum analyses them. */
    private static void analyze() {
        try (Connection connection = POOL.getConnection(); java.sql.Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the server has ended every session of the killed child, so that none of its work is in flight. */
    private static void awaitChildSessionsEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (childSessions() > 0) {
            if (System.nanoTime() > deadline) {
                fail("The killed child's sessions did not end within 20 s");
            }
            Thread.sleep(10);
        }
    }

    private static long childSessions() {
        return JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?",
                CrashChild.APPLICATION_NAME);
    }

    /** A running child JVM. */
    private static final class Child {
        private final Process process;
        private final Path errors;
        private final CountDownLatch running = new CountDownLatch(1);

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            Thread reader = new Thread(this::readOutput, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(String url, String tenant, String optionId, int run, Path delivered) throws IOException {
            Path errors = Files.createTempFile("rewardpoints-crash-child", ".log");
            errors.toFile().deleteOnExit();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // a short-lived JVM: start fast, stay small
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), url, "postgres", tenant, optionId, String.valueOf(run),
                    delivered.toString());
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            return new Child(process, errors);
        }

        private void readOutput() {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    if (line.equals(CrashChild.RUNNING)) {
                        running.countDown();
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }

        void awaitRunning() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!running.await(50, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    fail("The child exited with status " + process.exitValue() + " before running:\n" + errors());
                }
                if (System.nanoTime() > deadline) {
                    fail("The child did not start running within 60 s:\n" + errors());
                }
            }
        }

        /** SIGKILL, and checks that the child was still running when killed (it never fails by itself). */
        void kill() throws InterruptedException {
            if (!process.isAlive()) {
                fail("The child exited with status " + process.exitValue() + " before it was killed:\n" + errors());
            }
            process.destroyForcibly();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("child killed").isTrue();
        }

        private String errors() {
            try {
                return Files.readString(errors);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
