package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.ReadmeSnippets;

/** The module README's snippet, verbatim between the markers, run on H2; the README must contain it. */
class JdbcGettingStartedTest {

    @Test
    void readmeSnippet_runsAndIsInTheReadme() {
        DataSource dataSource = TestDatabases.h2("readme");
        // README snippet start
        JdbcLedgerStore store = JdbcLedgerStore.builder(dataSource) // your pool, e.g. HikariCP
                .schemaMode(SchemaMode.CREATE)                     // default VALIDATE: apply the DDL yourself
                .build();
        RewardPoints points = RewardPoints.builder()
                .store(store)
                .settings(new InMemorySettingsStore()
                        .put("acme", "main", SiteSettings.of(new BigDecimal("1"), 24, "ACME", "EUR")))
                .build();

        points.orderCompleted(OrderCompletion.of("acme", "main", "customer-7", "order-1", "120.50", "EUR"));
        long balance = points.balance("acme", "customer-7"); // 120
        // README snippet end

        assertThat(balance).isEqualTo(120);
        ReadmeSnippets.assertReadmeContains(Path.of("README.md"),
                Path.of("src/test/java/org/rewardpoints/jdbc/JdbcGettingStartedTest.java"), "");
    }
}
