package org.rewardpoints.memory;

import org.rewardpoints.contract.ExpiringSoonContractTest;
import org.rewardpoints.spi.LedgerStore;

class InMemoryExpiringSoonTest extends ExpiringSoonContractTest {
    private final InMemoryLedgerStore store = new InMemoryLedgerStore();

    @Override
    protected LedgerStore newStore() {
        return store; // one store holds the data in memory: a second instance is the same object
    }
}
