package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class PostgresLockAccountConcurrencyTest extends LockAccountConcurrencyTest {
    private static final HikariDataSource DATABASE =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("lock"), 4);

    @AfterAll
    static void closePool() {
        DATABASE.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    boolean someoneWaitsForALock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_locks WHERE NOT granted")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}
