package org.rewardpoints.jdbc;

import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

class H2LedgerStoreContractTest extends SeamsContractTest {
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(TestDatabases.h2("contract"));

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
