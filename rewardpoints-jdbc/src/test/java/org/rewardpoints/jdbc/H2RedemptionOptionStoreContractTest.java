package org.rewardpoints.jdbc;

import org.rewardpoints.contract.RedemptionOptionStoreContractTest;
import org.rewardpoints.spi.RedemptionOptionStore;

class H2RedemptionOptionStoreContractTest extends RedemptionOptionStoreContractTest {
    private static final JdbcRedemptionOptionStore STORE =
            JdbcRedemptionOptionStore.builder(TestDatabases.h2("options")).schemaMode(SchemaMode.CREATE).build();

    @Override
    protected RedemptionOptionStore newStore() {
        return STORE;
    }
}
