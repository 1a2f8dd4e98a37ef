package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.EventsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** The events contract on Citus by customer, two instances (events claimed one account at a time). */
class CitusByCustomerEventsTest extends EventsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("events_by_customer");
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
