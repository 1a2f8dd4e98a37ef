package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/** PostgreSQL through a pool whose connections come with autocommit off, as many applications configure it. */
class PostgresAutocommitOffContractTest extends SeamsContractTest {
    private static final HikariDataSource POOL = TestDatabases.postgresPool(
            TestDatabases.newPostgresDatabase("autocommit_off"), 8, config -> config.setAutoCommit(false));
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
