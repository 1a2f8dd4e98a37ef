package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.ExpiringSoonContractTest;
import org.rewardpoints.spi.LedgerStore;

/** Two instances, each with a pool of its own, on one MariaDB database. */
class MariaDbExpiringSoonTest extends ExpiringSoonContractTest {
    private static final String DATABASE = TestDatabases.newMariaDbDatabase("expiring");
    private static final HikariDataSource POOL = TestDatabases.mariaDbPool(DATABASE, 8);
    private static final HikariDataSource OTHER_POOL = TestDatabases.mariaDbPool(DATABASE, 8);
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);
    private static final JdbcLedgerStore OTHER_INSTANCE = TestDatabases.createStore(OTHER_POOL);

    private int calls;

    @AfterAll
    static void closePools() {
        POOL.close();
        OTHER_POOL.close();
    }

    @Override
    protected LedgerStore newStore() {
        return calls++ == 0 ? STORE : OTHER_INSTANCE;
    }
}
