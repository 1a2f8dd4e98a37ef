package org.rewardpoints.jdbc;

import org.rewardpoints.contract.LedgerStoreContractTest;
import org.rewardpoints.spi.LedgerStore;

class H2LedgerStoreContractTest extends LedgerStoreContractTest {
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(TestDatabases.h2("contract"));

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
