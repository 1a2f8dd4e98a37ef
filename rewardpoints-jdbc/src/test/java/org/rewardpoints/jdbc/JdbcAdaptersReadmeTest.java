package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.testing.ReadmeSnippets;

/** The module README's snippets wiring the JDBC adapters, verbatim between the markers, run on H2. */
class JdbcAdaptersReadmeTest {
    private static final Path SOURCE = Path.of("src/test/java/org/rewardpoints/jdbc/JdbcAdaptersReadmeTest.java");

    @Test
    void moduleReadmeSnippet_runsAndIsInTheReadme() {
        DataSource dataSource = TestDatabases.h2("readme_adapters");
        JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        // README snippet start
        RewardPoints points = RewardPoints.builder()
                .store(JdbcLedgerStore.builder(dataSource).build())
                .settings(JdbcSettingsStore.builder(dataSource).build())
                .couponIssuer(JdbcCouponIssuer.builder(dataSource).build())
                .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).build())
                .build();
        // README snippet end

        assertThat(points.listOptions("acme")).isEmpty();
        ReadmeSnippets.assertReadmeContains(Path.of("README.md"), SOURCE, "");
    }

    @Test
    void everyAdapter_createsItsSchema() {
        DataSource dataSource = TestDatabases.h2("readme_root");
        RewardPoints points = RewardPoints.builder()
                .store(JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .settings(JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .couponIssuer(JdbcCouponIssuer.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .build();

        assertThat(points.listOptions("acme")).isEmpty();
    }

    @Test
    void ownDialectSnippet_buildsTheAdaptersWithThatDialect() {
        DataSource dataSource = TestDatabases.h2("readme_dialect");
        JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        // README snippet start own-dialect
        SqlDialect mine = new MyDatabaseDialect(); // implements SqlDialect
        JdbcLedgerStore store = JdbcLedgerStore.builder(dataSource).dialect(mine).build();
        JdbcSettingsStore settings = JdbcSettingsStore.builder(dataSource).dialect(mine).build();
        // README snippet end own-dialect

        RewardPoints points = RewardPoints.builder().store(store).settings(settings).build();
        points.updateSettings("acme", "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")));
        points.orderCompleted(OrderCompletion.of("acme", "main", "c", "o-1", "15", "EUR"));
        assertThat(points.balance("acme", "c")).isEqualTo(15);
        assertThat(MyDatabaseDialect.insertsReturning).as("statements built by the own dialect").isPositive();
        ReadmeSnippets.assertReadmeContains(Path.of("README.md"), SOURCE, "own-dialect");
    }

    /** Stands for a dialect of your own database: H2's, by delegation, counting what it builds. */
    private static final class MyDatabaseDialect implements SqlDialect {
        static int insertsReturning;

        @Override
        public String name() {
            return "mine";
        }

        @Override
        public boolean supports(String productName) {
            return false;
        }

        @Override
        public String schemaFolder() {
            return H2Dialect.INSTANCE.schemaFolder();
        }

        @Override
        public boolean pipelinesMultipleStatements() {
            return H2Dialect.INSTANCE.pipelinesMultipleStatements();
        }

        @Override
        public boolean transactionalDdl() {
            return H2Dialect.INSTANCE.transactionalDdl();
        }

        @Override
        public void lockSchemaCreation(Connection connection, String tablePrefix) {
            H2Dialect.INSTANCE.lockSchemaCreation(connection, tablePrefix);
        }

        @Override
        public String skipLockedClause() {
            return H2Dialect.INSTANCE.skipLockedClause();
        }

        @Override
        public String insertReturning(String insert, String column) {
            insertsReturning++;
            return H2Dialect.INSTANCE.insertReturning(insert, column);
        }

        @Override
        public String idArrayType() {
            return H2Dialect.INSTANCE.idArrayType();
        }

        @Override
        public String catalogName(String identifier) {
            return H2Dialect.INSTANCE.catalogName(identifier);
        }
    }
}
