package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.EventsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** Two instances, each with a pool of its own, on one Citus schema. */
class CitusEventsTest extends EventsContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("events");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(CLUSTER.pool(8));
    private static final JdbcLedgerStore OTHER_INSTANCE = TestDatabases.createStore(CLUSTER.pool(8));

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
