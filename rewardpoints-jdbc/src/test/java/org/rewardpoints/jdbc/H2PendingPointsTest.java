package org.rewardpoints.jdbc;

import org.rewardpoints.contract.PendingPointsContractTest;
import org.rewardpoints.spi.LedgerStore;

class H2PendingPointsTest extends PendingPointsContractTest {
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(TestDatabases.h2("pending"));

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
