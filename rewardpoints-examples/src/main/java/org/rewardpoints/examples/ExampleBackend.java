package org.rewardpoints.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SecuredRewardPoints;
import org.rewardpoints.StorageException;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;
import org.rewardpoints.jdbc.SchemaMode;
import org.rewardpoints.spi.CouponIssuer;

/**
 * The wiring every example shares: one {@link RewardPoints} on a database through the JDBC
 * adapters (ledger, site settings, redemption options, issued coupons), with the schema created
 * from the DDL shipped in {@code rewardpoints-jdbc} when it is missing. Close it to close the pool.
 */
public final class ExampleBackend implements AutoCloseable {
    /** Connections of the pool; the server's request threads share them. */
    public static final int POOL_SIZE = 10;

    private final String description;
    private final HikariDataSource pool;
    private final boolean shutdownDatabase;
    private final RewardPoints ledger;
    private final SecuredRewardPoints secured;

    private ExampleBackend(String description, HikariDataSource pool, boolean shutdownDatabase, Clock clock,
                           UnaryOperator<CouponIssuer> couponIssuer, UnaryOperator<RewardPoints.Builder> ledgerOptions) {
        this.description = description;
        this.pool = pool;
        this.shutdownDatabase = shutdownDatabase;
        try {
            // CREATE makes what is missing from the shipped DDL (all tables, one schema), then validates;
            // a production setup would apply the DDL by hand or with its migration tool and VALIDATE
            this.ledger = ledgerOptions.apply(RewardPoints.builder())
                    .store(JdbcLedgerStore.builder(pool).schemaMode(SchemaMode.CREATE).build())
                    .settings(JdbcSettingsStore.builder(pool).schemaMode(SchemaMode.VALIDATE).build())
                    .redemptionOptions(JdbcRedemptionOptionStore.builder(pool).schemaMode(SchemaMode.VALIDATE).build())
                    .couponIssuer(couponIssuer.apply(JdbcCouponIssuer.builder(pool).schemaMode(SchemaMode.VALIDATE).build()))
                    .clock(clock)
                    .build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.secured = new SecuredRewardPoints(ledger);
    }

    /** A fresh H2 database in memory, gone when the backend is closed. */
    public static ExampleBackend embeddedH2(Clock clock) {
        return embeddedH2(clock, UnaryOperator.identity());
    }

    /**
     * {@link #embeddedH2(Clock)} with the JDBC coupon issuer passed through {@code couponIssuer}:
     * wrap it to see how the API answers an unreliable coupon service.
     */
    public static ExampleBackend embeddedH2(Clock clock, UnaryOperator<CouponIssuer> couponIssuer) {
        return embeddedH2(clock, couponIssuer, UnaryOperator.identity());
    }

    /**
     * {@link #embeddedH2(Clock, UnaryOperator)} with the ledger's builder passed through
     * {@code ledgerOptions} before it is built (expiry alignment, order lot description, ...).
     */
    public static ExampleBackend embeddedH2(Clock clock, UnaryOperator<CouponIssuer> couponIssuer,
                                            UnaryOperator<RewardPoints.Builder> ledgerOptions) {
        // a name of its own, so several backends in one JVM (as in the tests) never share data;
        // LOCK_TIMEOUT: concurrent requests on one account wait for its row lock longer than H2's 1 s default
        String url = "jdbc:h2:mem:rewardpoints-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        return new ExampleBackend("embedded H2 in memory (JDBC)", pool(url, "sa", ""), true, clock, couponIssuer,
                ledgerOptions);
    }

    /**
     * The database at {@code jdbcUrl} (H2 or PostgreSQL); user and password may be null.
     *
     * @throws StorageException when the database cannot be reached or its schema cannot be created
     */
    public static ExampleBackend database(String jdbcUrl, String user, String password, Clock clock) {
        return database(jdbcUrl, user, password, clock, UnaryOperator.identity());
    }

    /** {@link #database(String, String, String, Clock)} with the ledger's builder passed through {@code ledgerOptions}. */
    public static ExampleBackend database(String jdbcUrl, String user, String password, Clock clock,
                                          UnaryOperator<RewardPoints.Builder> ledgerOptions) {
        HikariDataSource pool;
        String product;
        try {
            pool = pool(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StorageException("Cannot connect to " + withoutSecrets(jdbcUrl) + ": " + cause.getMessage(), e);
        }
        try (Connection connection = pool.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            pool.close();
            throw new StorageException("Cannot connect to " + withoutSecrets(jdbcUrl) + ": " + e.getMessage(), e);
        }
        return new ExampleBackend(product + " at " + withoutSecrets(jdbcUrl) + " (JDBC)", pool, false, clock,
                UnaryOperator.identity(), ledgerOptions);
    }

    /** Where the ledger lives, for people reading the output. */
    public String description() {
        return description;
    }

    /** The trusted entry point: for the backend's own order pipeline. */
    public RewardPoints ledger() {
        return ledger;
    }

    /** The entry point for calls on behalf of employees and customers. */
    public SecuredRewardPoints secured() {
        return secured;
    }

    @Override
    public void close() {
        if (pool.isClosed()) {
            return;
        }
        if (shutdownDatabase) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN"); // frees the in-memory database at once
            } catch (SQLException e) {
                // the pool closes below anyway; the memory goes with the JVM at the latest
            }
        }
        pool.close();
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("rewardpoints-examples");
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** The URL as printed: a password given as a URL parameter is masked. */
    static String withoutSecrets(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
