package org.rewardpoints.memory;

import org.rewardpoints.contract.RedemptionOptionStoreContractTest;
import org.rewardpoints.spi.RedemptionOptionStore;

class InMemoryRedemptionOptionStoreTest extends RedemptionOptionStoreContractTest {
    @Override
    protected RedemptionOptionStore newStore() {
        return new InMemoryRedemptionOptionStore();
    }
}
