package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Sessions ended by {@code KILL CONNECTION}, made to wait by {@code LOCK TABLES ... WRITE} (a
 * table lock of the server, released by {@code UNLOCK TABLES}, not by a rollback).
 */
class MariaDbSessionTerminationTest extends SessionTerminationTest {
    private static final String DATABASE = TestDatabases.newMariaDbDatabase("terminated");
    private static final HikariDataSource SIDE = TestDatabases.mariaDbPool(DATABASE, 4);
    private static final CuttingTcpProxy PROXY = proxyTo(TestDatabases.mariaDbUrl(DATABASE));
    private static final SqlDialect DIALECT = JdbcLibrary.createSchema(SIDE);

    @AfterAll
    static void close() {
        PROXY.close();
        SIDE.close();
    }

    private static String proxiedUrl() {
        return "jdbc:mariadb://localhost:" + PROXY.port() + "/" + DATABASE;
    }

    @Override
    DataSource side() {
        return SIDE;
    }

    @Override
    SqlDialect dialect() {
        return DIALECT;
    }

    @Override
    CuttingTcpProxy proxy() {
        return PROXY;
    }

    @Override
    DataSource unpooledThroughProxy() {
        try {
            MariaDbDataSource unpooled = new MariaDbDataSource(proxiedUrl());
            unpooled.setUser("root");
            return unpooled;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void throughProxy(HikariConfig config) {
        config.setJdbcUrl(proxiedUrl());
        config.setUsername("root");
    }

    @Override
    long sessionId(Connection real) throws SQLException {
        try (Statement statement = real.createStatement(); ResultSet row = statement.executeQuery("SELECT CONNECTION_ID()")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    void lockTable(Connection holder, String table) throws SQLException {
        try (Statement lock = holder.createStatement()) {
            lock.execute("LOCK TABLES " + table + " WRITE");
        }
    }

    @Override
    void releaseTable(Connection holder) throws SQLException {
        try (Statement unlock = holder.createStatement()) {
            unlock.execute("UNLOCK TABLES");
        }
        holder.rollback();
    }

    @Override
    boolean waitsOnLock(Connection side, long session) throws SQLException {
        try (PreparedStatement waiting = side.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE ID = ? AND STATE LIKE 'Waiting for table%'")) {
            waiting.setLong(1, session);
            try (ResultSet row = waiting.executeQuery()) {
                row.next();
                return row.getInt(1) == 1;
            }
        }
    }

    /** {@code KILL CONNECTION}, then waiting until the session has left the process list. */
    @Override
    void terminate(Connection side, long session) throws SQLException {
        try (Statement kill = side.createStatement()) {
            kill.execute("KILL CONNECTION " + session);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (PreparedStatement present = side.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?")) {
            present.setLong(1, session);
            while (true) {
                try (ResultSet row = present.executeQuery()) {
                    row.next();
                    if (row.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    fail("Session " + session + " did not end after KILL");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
