package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.RedemptionOptionStoreContractTest;
import org.rewardpoints.spi.RedemptionOptionStore;

class MariaDbRedemptionOptionStoreContractTest extends RedemptionOptionStoreContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("option_contract"), 8);
    private static final JdbcRedemptionOptionStore STORE =
            JdbcRedemptionOptionStore.builder(POOL).schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected RedemptionOptionStore newStore() {
        return STORE;
    }
}
