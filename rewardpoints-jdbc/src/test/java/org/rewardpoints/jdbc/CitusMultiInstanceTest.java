package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class CitusMultiInstanceTest extends MultiInstanceTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("multi_instance");
    private static final HikariDataSource FIRST_POOL = CLUSTER.pool(THREADS_PER_INSTANCE);
    private static final HikariDataSource SECOND_POOL = CLUSTER.pool(THREADS_PER_INSTANCE);

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
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
