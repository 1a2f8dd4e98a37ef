package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.PendingPointsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** Pending points on Citus by customer (activations locked one account at a time). */
class CitusByCustomerPendingPointsTest extends PendingPointsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("pending_by_customer");
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
