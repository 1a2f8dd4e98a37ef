package org.rewardpoints.memory;

import org.rewardpoints.contract.AsOfContractTest;
import org.rewardpoints.spi.LedgerStore;

class InMemoryAsOfTest extends AsOfContractTest {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
