package org.rewardpoints.jdbc;

import org.rewardpoints.contract.AsOfContractTest;
import org.rewardpoints.spi.LedgerStore;

class H2AsOfContractTest extends AsOfContractTest {
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(TestDatabases.h2("asof"));

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
