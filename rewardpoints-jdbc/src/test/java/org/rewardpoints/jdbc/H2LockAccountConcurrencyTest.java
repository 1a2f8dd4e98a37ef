package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

class H2LockAccountConcurrencyTest extends LockAccountConcurrencyTest {
    private static final DataSource DATABASE = TestDatabases.h2("lock");

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    boolean someoneWaitsForALock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")) {
            rows.next();
            return rows.getInt(1) > 0;
        }
    }
}
