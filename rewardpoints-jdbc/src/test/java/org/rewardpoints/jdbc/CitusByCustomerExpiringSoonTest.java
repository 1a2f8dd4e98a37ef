package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.ExpiringSoonContractTest;
import org.rewardpoints.spi.LedgerStore;

/** Expiring soon on Citus by customer, two instances (announcements locked one account at a time). */
class CitusByCustomerExpiringSoonTest extends ExpiringSoonContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("expiring_by_customer");
    private static final JdbcLedgerStore STORE = CitusCluster.byCustomerStore(CLUSTER.pool(8));
    private static final JdbcLedgerStore OTHER_INSTANCE = CitusCluster.byCustomerStore(CLUSTER.pool(8));

    private int calls;

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected LedgerStore newStore() {
        return calls++ == 0 ? STORE : OTHER_INSTANCE;
    }
}
