package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.RedemptionOptionStoreContractTest;
import org.rewardpoints.spi.RedemptionOptionStore;

/** Redemption options on Citus by customer. */
class CitusByCustomerRedemptionOptionStoreContractTest extends RedemptionOptionStoreContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("option_by_customer");
    private static final JdbcRedemptionOptionStore STORE =
            JdbcRedemptionOptionStore.builder(CLUSTER.pool(8)).dialect(CitusDialect.BY_CUSTOMER)
                    .schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected RedemptionOptionStore newStore() {
        return STORE;
    }
}
