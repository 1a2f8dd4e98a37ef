package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsProvider;

/** The module README's snippet, verbatim between the markers, run on H2; the README must contain it. */
class JdbcGettingStartedTest {

    @Test
    void readmeSnippet_runsAndIsInTheReadme() throws IOException {
        DataSource dataSource = TestDatabases.h2("readme");
        // README snippet start
        JdbcLedgerStore store = JdbcLedgerStore.builder(dataSource) // your pool, e.g. HikariCP
                .schemaMode(SchemaMode.CREATE)                     // default VALIDATE: apply the DDL yourself
                .build();
        RewardPoints points = RewardPoints.builder()
                .store(store)
                .settings(new InMemorySettingsProvider()
                        .put("acme", "main", SiteSettings.of(new BigDecimal("1"), 24, "ACME", "EUR")))
                .build();

        points.orderCompleted(OrderCompletion.of("acme", "main", "customer-7", "order-1", "120.50", "EUR"));
        long balance = points.balance("acme", "customer-7"); // 120
        // README snippet end

        assertThat(balance).isEqualTo(120);
        assertThat(readme()).contains(snippet());
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    /** The lines between the markers of this file, re-indented as in the README. */
    private static String snippet() throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of("src/test/java/org/rewardpoints/jdbc/JdbcGettingStartedTest.java"), StandardCharsets.UTF_8);
        int start = indexOf(lines, "// README snippet start") + 1;
        int end = indexOf(lines, "// README snippet end");
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(start, end)) {
            text.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        return text.toString();
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker) && !lines.get(i).contains("\"")) {
                return i;
            }
        }
        throw new IllegalStateException("marker missing: " + marker);
    }
}
