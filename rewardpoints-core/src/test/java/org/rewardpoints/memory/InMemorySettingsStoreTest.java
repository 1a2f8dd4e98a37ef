package org.rewardpoints.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.spi.SettingsStore;
import org.rewardpoints.spi.SettingsStoreContract;

class InMemorySettingsStoreTest extends SettingsStoreContract {

    @Override
    protected SettingsStore newStore() {
        return new InMemorySettingsStore();
    }

    @Test
    void put_setsSettingsThatUpdatesThenPatch() {
        InMemorySettingsStore store = new InMemorySettingsStore().put("t", "main", SETTINGS);

        store.update("t", "main", SettingsPatch.EMPTY.withEnabled(false));

        assertThat(store.find("t", "main")).contains(SETTINGS.withEnabled(false));
    }
}
