package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.PendingPointsContractTest;
import org.rewardpoints.spi.LedgerStore;

class CitusPendingPointsTest extends PendingPointsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("pending");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(CLUSTER.pool(4));

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
