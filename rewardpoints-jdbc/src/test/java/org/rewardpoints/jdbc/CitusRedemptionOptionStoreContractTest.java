package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.RedemptionOptionStoreContractTest;
import org.rewardpoints.spi.RedemptionOptionStore;

class CitusRedemptionOptionStoreContractTest extends RedemptionOptionStoreContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("option_contract");
    private static final JdbcRedemptionOptionStore STORE =
            JdbcRedemptionOptionStore.builder(CLUSTER.pool(8)).schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected RedemptionOptionStore newStore() {
        return STORE;
    }
}
