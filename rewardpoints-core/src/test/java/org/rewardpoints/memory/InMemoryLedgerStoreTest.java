package org.rewardpoints.memory;

import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

class InMemoryLedgerStoreTest extends SeamsContractTest {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
