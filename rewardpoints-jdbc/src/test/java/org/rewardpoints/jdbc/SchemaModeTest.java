package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.memory.InMemorySettingsStore;

/** Schema modes against fresh, empty databases. */
abstract class SchemaModeTest {
    /** A fresh empty database; each call to {@link #pool()} opens another independent pool on it. */
    interface Database {
        DataSource pool();
    }

    abstract Database freshDatabase();

    abstract SqlDialect expectedDialect();

    /** A store builder on {@code dataSource}; a database with several models sets the tested one's dialect. */
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource);
    }

    /** Pools opened by a test, closed after it. */
    final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closePools() throws Exception {
        for (AutoCloseable pool : opened) {
            pool.close();
        }
    }

    DataSource track(DataSource dataSource) {
        if (dataSource instanceof AutoCloseable closeable) {
            opened.add(closeable);
        }
        return dataSource;
    }

    static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void validate_onAnEmptyDatabase_namesTheMissingTablesAndTheRemedy() {
        DataSource dataSource = track(freshDatabase().pool());

        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("table rp_accounts is missing")
                .hasMessageContaining("table rp_lots is missing")
                .hasMessageContaining("table rp_schema_version is missing")
                .hasMessageContaining("SchemaMode.CREATE")
                .hasMessageContaining(JdbcLedgerStore.schemaResource(expectedDialect()));
    }

    @Test
    void validate_aMissingTableOrColumn_isNamed() {
        DataSource dataSource = track(freshDatabase().pool());
        storeBuilder(dataSource).schemaMode(SchemaMode.CREATE).build();
        execute(dataSource, "DROP TABLE rp_allocations");
        execute(dataSource, "ALTER TABLE rp_debits DROP COLUMN coupon_code");

        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("table rp_allocations is missing")
                .hasMessageContaining("column rp_debits.coupon_code is missing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("rp_lots"));
    }

    @Test
    void validate_anOlderOrMissingSchemaVersion_isRefused() {
        DataSource dataSource = track(freshDatabase().pool());
        storeBuilder(dataSource).schemaMode(SchemaMode.CREATE).build();
        execute(dataSource, "DELETE FROM rp_schema_version");

        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("records no schema version");

        execute(dataSource, "INSERT INTO rp_schema_version (version, description) VALUES (0, 'prehistoric')");
        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 0 is older than version 1")
                .hasMessageContaining("UPGRADING.md");
    }

    @Test
    void validate_aNewerSchemaVersion_isRefused() {
        DataSource dataSource = track(freshDatabase().pool());
        storeBuilder(dataSource).schemaMode(SchemaMode.CREATE).build();
        execute(dataSource, "INSERT INTO rp_schema_version (version, description) VALUES (2, 'from the future')");

        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 2 is newer")
                .hasMessageContaining("upgrade rewardpoints-jdbc");
    }

    @Test
    void create_runTwice_isHarmlessAndRecordsVersionOnce() throws SQLException {
        DataSource dataSource = track(freshDatabase().pool());

        storeBuilder(dataSource).schemaMode(SchemaMode.CREATE).build();
        JdbcLedgerStore store = storeBuilder(dataSource).schemaMode(SchemaMode.CREATE).build();

        assertThat(store.dialect()).isEqualTo(expectedDialect());
        storeBuilder(dataSource).build(); // VALIDATE passes
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(version) FROM rp_schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getInt(2)).isEqualTo(JdbcLedgerStore.SCHEMA_VERSION);
        }
    }

    @Test
    void create_byTwoInstancesStartingAtOnce_succeeds() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 2; round++) {
                Database database = freshDatabase();
                List<DataSource> pools = List.of(track(database.pool()), track(database.pool()));
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<JdbcLedgerStore>> builds = new ArrayList<>();
                for (DataSource pool : pools) {
                    builds.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return storeBuilder(pool).schemaMode(SchemaMode.CREATE).build();
                    }));
                }
                for (Future<JdbcLedgerStore> build : builds) {
                    assertThat(build.get(60, TimeUnit.SECONDS).dialect()).isEqualTo(expectedDialect());
                }
                storeBuilder(pools.get(0)).build();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void create_withATablePrefix_usesOnlyPrefixedNames() {
        DataSource dataSource = track(freshDatabase().pool());

        JdbcLedgerStore shop = storeBuilder(dataSource).tablePrefix("shop_").schemaMode(SchemaMode.CREATE).build();
        RewardPoints points = RewardPoints.builder().store(shop)
                .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
        points.orderCompleted(OrderCompletion.of("t", "main", "c", "o", "42", "EUR"));

        assertThat(points.balance("t", "c")).isEqualTo(42);
        assertThat(shop.tablePrefix()).isEqualTo("shop_");
        assertThatThrownBy(() -> storeBuilder(dataSource).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("table rp_lots is missing");
        storeBuilder(dataSource).tablePrefix("shop_").build();
    }

    @Test
    void shippedDdl_appliedByHand_passesValidation() {
        DataSource dataSource = track(freshDatabase().pool());
        String ddl = JdbcLedgerStore.schemaDdl(expectedDialect(), JdbcLedgerStore.DEFAULT_TABLE_PREFIX);

        for (String statement : SchemaManager.statements(ddl)) {
            execute(dataSource, statement);
        }

        assertThat(storeBuilder(dataSource).build().dialect()).isEqualTo(expectedDialect());
        assertThat(getClass().getClassLoader().getResource(JdbcLedgerStore.schemaResource(expectedDialect()))).isNotNull();
    }

    @Test
    void none_trustsTheSchemaAndFailsLaterWithoutSqlException() {
        DataSource dataSource = track(freshDatabase().pool());

        JdbcLedgerStore store = storeBuilder(dataSource).schemaMode(SchemaMode.NONE).build();

        assertThatThrownBy(() -> store.findAccount("t", "c", Instant.EPOCH))
                .isExactlyInstanceOf(StorageException.class)
                .hasCauseInstanceOf(SQLException.class);
    }
}
