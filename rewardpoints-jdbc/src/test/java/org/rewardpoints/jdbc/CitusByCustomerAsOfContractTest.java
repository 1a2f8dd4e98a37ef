package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.AsOfContractTest;
import org.rewardpoints.spi.LedgerStore;

/** The as-of contract on Citus by customer. */
class CitusByCustomerAsOfContractTest extends AsOfContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("asof_by_customer");
    private static final JdbcLedgerStore STORE = CitusCluster.byCustomerStore(CLUSTER.pool(4));

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
