package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** Two instances x 8 threads sharing accounts on Citus by customer. */
class CitusByCustomerMultiInstanceTest extends MultiInstanceTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("multi_instance_by_customer");
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

    @Override
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource).dialect(CitusDialect.BY_CUSTOMER);
    }
}
