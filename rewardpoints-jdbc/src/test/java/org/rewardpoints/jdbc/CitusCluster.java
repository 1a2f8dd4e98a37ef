package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The Citus cluster of the Citus suite ({@code mvn verify -Pcitus}): its coordinator's JDBC URL,
 * user and password included, in the system property {@value #URL_PROPERTY}. Each test class
 * works in a schema of its own, created fresh and dropped at the end, so that runs never see each
 * other's rows. Without the property, or when no Citus coordinator with workers answers, the
 * test class fails: the suite is never skipped.
 */
final class CitusCluster implements AutoCloseable {
    static final String URL_PROPERTY = "rewardpoints.citus.url";

    private final String schema;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private CitusCluster(String schema) {
        this.schema = schema;
    }

    /** A fresh schema on the cluster, for one test class. */
    static CitusCluster newSchema(String hint) {
        String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT count(*) FROM citus_get_active_worker_nodes()")) {
                row.next();
                if (row.getLong(1) == 0) {
                    throw new IllegalStateException("The Citus coordinator at " + shown() + " has no active workers");
                }
            }
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("No Citus coordinator answers at " + shown() + " (" + URL_PROPERTY + "): "
                    + e.getMessage(), e);
        }
        return new CitusCluster(name);
    }

    static String url() {
        String url = System.getProperty(URL_PROPERTY, "");
        if (url.isBlank()) {
            throw new IllegalStateException("The Citus suite needs -D" + URL_PROPERTY
                    + "=jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD, the cluster's coordinator");
        }
        return url;
    }

    /** The URL without its parameters, which may hold a password. */
    private static String shown() {
        return url().replaceFirst("\\?.*", "");
    }

    String schema() {
        return schema;
    }

    /** A pool of {@code size} connections working in this schema; closed with it. */
    HikariDataSource pool(int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url());
        hikari.setSchema(schema);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        hikari.setPoolName("citus-" + schema + "-" + pools.size());
        HikariDataSource pool = new HikariDataSource(hikari);
        pools.add(pool);
        return pool;
    }

    /** A store of Citus by customer ({@link CitusDialect#BY_CUSTOMER}) on {@code pool}, its schema created. */
    static JdbcLedgerStore byCustomerStore(DataSource pool) {
        return JdbcLedgerStore.builder(pool).dialect(CitusDialect.BY_CUSTOMER).schemaMode(SchemaMode.CREATE).build();
    }

    /** Closes the pools and drops the schema with its distributed tables. */
    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        try (Connection connection = DriverManager.getConnection(url());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
