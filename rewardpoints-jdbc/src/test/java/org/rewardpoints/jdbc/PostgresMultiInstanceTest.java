package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class PostgresMultiInstanceTest extends MultiInstanceTest {
    private static final String DATABASE = TestDatabases.newPostgresDatabase("multi_instance");
    private static final HikariDataSource FIRST_POOL = TestDatabases.postgresPool(DATABASE, THREADS_PER_INSTANCE);
    private static final HikariDataSource SECOND_POOL = TestDatabases.postgresPool(DATABASE, THREADS_PER_INSTANCE);

    @AfterAll
    static void closePools() {
        FIRST_POOL.close();
        SECOND_POOL.close();
    }

    @Override
    DataSource firstPool() {
        return FIRST_POOL;
    }

    @Override
    DataSource secondPool() {
        return SECOND_POOL;
    }
}
