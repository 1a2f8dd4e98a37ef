package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class PostgresStoreBehaviourTest extends JdbcStoreBehaviourTest {
    private static final HikariDataSource DATABASE =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("behaviour"), 4);

    @AfterAll
    static void closePool() {
        DATABASE.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
