package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.spi.SettingsStore;
import org.rewardpoints.spi.SettingsStoreContract;

/** Settings on Citus by customer. */
class CitusByCustomerSettingsStoreContractTest extends SettingsStoreContract {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("settings_by_customer");
    private static final HikariDataSource POOL = CLUSTER.pool(4);
    private static final JdbcSettingsStore STORE =
            JdbcSettingsStore.builder(POOL).dialect(CitusDialect.BY_CUSTOMER).schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected SettingsStore newStore() {
        // the contract needs an empty store per test and uses fixed tenants
        try (Connection connection = POOL.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM rp_site_settings");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return STORE;
    }
}
