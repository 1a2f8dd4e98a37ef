package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class MariaDbStoredInputFidelityTest extends StoredInputFidelityTest {
    private static final HikariDataSource DATABASE =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("fidelity"), 2);

    @AfterAll
    static void closePool() {
        DATABASE.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
