package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.PendingPointsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** MariaDB through a HikariCP pool with its defaults. */
class MariaDbPendingPointsTest extends PendingPointsContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("pending"), 4);
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
