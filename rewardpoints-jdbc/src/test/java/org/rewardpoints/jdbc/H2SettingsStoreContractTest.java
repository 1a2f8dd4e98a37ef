package org.rewardpoints.jdbc;

import org.rewardpoints.spi.SettingsStore;
import org.rewardpoints.spi.SettingsStoreContract;

class H2SettingsStoreContractTest extends SettingsStoreContract {

    @Override
    protected SettingsStore newStore() {
        // the contract needs an empty store per test: a new in-memory database is the cheapest
        return JdbcSettingsStore.builder(TestDatabases.h2("settings")).schemaMode(SchemaMode.CREATE).build();
    }
}
