package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.AsOfContractTest;
import org.rewardpoints.spi.LedgerStore;

/** PostgreSQL through a HikariCP pool with its defaults. */
class PostgresAsOfContractTest extends AsOfContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("asof"), 4);
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
