package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.AsOfContractTest;
import org.rewardpoints.spi.LedgerStore;

class CitusAsOfContractTest extends AsOfContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("asof");
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
