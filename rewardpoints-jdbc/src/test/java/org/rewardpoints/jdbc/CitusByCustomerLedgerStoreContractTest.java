package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** The ledger contract with its invariants on Citus by customer. */
class CitusByCustomerLedgerStoreContractTest extends SeamsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("contract_by_customer");
    private static final JdbcLedgerStore STORE = CitusCluster.byCustomerStore(CLUSTER.pool(8));

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
