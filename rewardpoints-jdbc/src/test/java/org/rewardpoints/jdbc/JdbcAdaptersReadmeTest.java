package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.testing.ReadmeSnippets;

/** The READMEs' snippets wiring all JDBC adapters, verbatim between the markers, run on H2. */
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
    void rootReadmeSnippet_createsTheSchemaAndRuns() {
        DataSource dataSource = TestDatabases.h2("readme_root");
        // README snippet start create-schema
        RewardPoints points = RewardPoints.builder()
                .store(JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .settings(JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .couponIssuer(JdbcCouponIssuer.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .redemptionOptions(JdbcRedemptionOptionStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build())
                .build();
        // README snippet end create-schema

        assertThat(points.listOptions("acme")).isEmpty();
        ReadmeSnippets.assertReadmeContains(Path.of("../README.md"), SOURCE, "create-schema");
    }
}
