package org.rewardpoints.memory;

import org.rewardpoints.contract.LedgerStoreContractTest;
import org.rewardpoints.spi.LedgerStore;

class InMemoryLedgerStoreTest extends LedgerStoreContractTest {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
