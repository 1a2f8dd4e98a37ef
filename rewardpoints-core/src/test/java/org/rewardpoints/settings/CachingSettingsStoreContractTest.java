package org.rewardpoints.settings;

import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.SettingsStore;
import org.rewardpoints.spi.SettingsStoreContract;

/** The cache in front of a store behaves as a store. */
class CachingSettingsStoreContractTest extends SettingsStoreContract {

    @Override
    protected SettingsStore newStore() {
        return CachingSettingsStore.of(new InMemorySettingsStore());
    }
}
