package org.rewardpoints.jdbc;

import javax.sql.DataSource;
import org.rewardpoints.contract.EventsContractTest;
import org.rewardpoints.spi.LedgerStore;

class H2EventsTest extends EventsContractTest {
    private static final DataSource DATABASE = TestDatabases.h2("events");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(DATABASE);

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
