package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The faults on a Hikari pool: a broken connection is closed underneath the pool, which evicts it. */
class MariaDbConnectionFaultSoakTest extends ConnectionFaultSoakTest {
    private static final HikariDataSource DATABASE =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("connection_faults"), THREADS + 2);

    @AfterAll
    static void closePool() {
        DATABASE.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
