package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.RewardPoints;

/** The module README's snippet wiring all JDBC adapters, verbatim between the markers, run on H2. */
class JdbcAdaptersReadmeTest {

    @Test
    void readmeSnippet_runsAndIsInTheReadme() throws IOException {
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
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8)).contains(snippet());
    }

    /** The lines between the markers of this file, re-indented as in the README. */
    private static String snippet() throws IOException {
        List<String> lines = Files.readAllLines(
                Path.of("src/test/java/org/rewardpoints/jdbc/JdbcAdaptersReadmeTest.java"), StandardCharsets.UTF_8);
        List<String> markers = lines.stream().map(String::strip).toList();
        int start = markers.indexOf("// README snippet start") + 1;
        int end = markers.indexOf("// README snippet end");
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(start, end)) {
            text.append(line.substring(8)).append('\n');
        }
        return text.toString();
    }
}
