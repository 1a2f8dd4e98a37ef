package org.rewardpoints.jdbc;

import javax.sql.DataSource;
import org.rewardpoints.contract.ExpiringSoonContractTest;
import org.rewardpoints.spi.LedgerStore;

/** Two store instances on one H2 database. */
class H2ExpiringSoonTest extends ExpiringSoonContractTest {
    private static final DataSource DATABASE = TestDatabases.h2("expiring");
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(DATABASE);
    private static final JdbcLedgerStore OTHER_INSTANCE = TestDatabases.createStore(DATABASE);

    private int calls;

    @Override
    protected LedgerStore newStore() {
        return calls++ == 0 ? STORE : OTHER_INSTANCE;
    }
}
