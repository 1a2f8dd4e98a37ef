package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/** Sessions ended by {@code pg_terminate_backend}, made to wait by {@code LOCK TABLE}. */
class PostgresSessionTerminationTest extends SessionTerminationTest {
    private static final String DATABASE = TestDatabases.newPostgresDatabase("terminated");
    private static final HikariDataSource SIDE = TestDatabases.postgresPool(DATABASE, 4);
    private static final CuttingTcpProxy PROXY = proxyTo(TestDatabases.postgresUrl(DATABASE));
    private static final SqlDialect DIALECT = JdbcLibrary.createSchema(SIDE);

    @AfterAll
    static void close() {
        PROXY.close();
        SIDE.close();
    }

    private static String proxiedUrl() {
        return "jdbc:postgresql://localhost:" + PROXY.port() + "/" + DATABASE;
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
        PGSimpleDataSource unpooled = new PGSimpleDataSource();
        unpooled.setUrl(proxiedUrl());
        unpooled.setUser("postgres");
        return unpooled;
    }

    @Override
    void throughProxy(HikariConfig config) {
        config.setJdbcUrl(proxiedUrl());
        config.setUsername("postgres");
    }

    @Override
    long sessionId(Connection real) throws SQLException {
        return real.unwrap(PGConnection.class).getBackendPID();
    }

    @Override
    void lockTable(Connection holder, String table) throws SQLException {
        try (Statement lock = holder.createStatement()) {
            lock.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
    }

    @Override
    void releaseTable(Connection holder) throws SQLException {
        holder.rollback();
    }

    @Override
    boolean waitsOnLock(Connection side, long session) throws SQLException {
        try (PreparedStatement waiting = side.prepareStatement(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
            waiting.setLong(1, session);
            try (ResultSet row = waiting.executeQuery()) {
                row.next();
                return row.getInt(1) == 1;
            }
        }
    }

    /** {@code pg_terminate_backend}, waiting until the session has ended. */
    @Override
    void terminate(Connection side, long session) throws SQLException {
        try (PreparedStatement terminate = side.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
            terminate.setInt(1, Math.toIntExact(session));
            try (ResultSet row = terminate.executeQuery()) {
                row.next();
                assertThat(row.getBoolean(1)).as("session %d terminated", session).isTrue();
            }
        }
    }
}
