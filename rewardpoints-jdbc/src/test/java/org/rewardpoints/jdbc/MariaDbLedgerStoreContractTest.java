package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** MariaDB through a HikariCP pool with its defaults (autocommit on, REPEATABLE READ). */
class MariaDbLedgerStoreContractTest extends SeamsContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("contract"), 8);
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }
}
