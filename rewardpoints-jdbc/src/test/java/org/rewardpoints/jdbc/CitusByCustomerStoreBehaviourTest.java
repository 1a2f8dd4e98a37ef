package org.rewardpoints.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The store behaviour on Citus by customer: ids unique per account. */
class CitusByCustomerStoreBehaviourTest extends JdbcStoreBehaviourTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("behaviour_by_customer");
    private static final DataSource DATABASE = CLUSTER.pool(4);

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource).dialect(CitusDialect.BY_CUSTOMER);
    }

    @Override
    boolean idsUniqueAcrossCustomers() {
        return false;
    }
}
