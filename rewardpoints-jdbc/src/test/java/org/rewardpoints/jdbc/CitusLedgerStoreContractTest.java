package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** The ledger contract with its invariants on Citus, the dialect detected. */
class CitusLedgerStoreContractTest extends SeamsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("contract");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(CLUSTER.pool(8));

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
