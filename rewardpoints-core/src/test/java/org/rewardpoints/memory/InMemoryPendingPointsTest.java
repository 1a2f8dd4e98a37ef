package org.rewardpoints.memory;

import org.rewardpoints.contract.PendingPointsContractTest;
import org.rewardpoints.spi.LedgerStore;

class InMemoryPendingPointsTest extends PendingPointsContractTest {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
