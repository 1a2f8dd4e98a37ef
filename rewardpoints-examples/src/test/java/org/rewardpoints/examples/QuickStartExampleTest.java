package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QuickStartExampleTest {

    @Test
    void quickStart_printsEveryStepAndASummaryMatchingTheReferenceSchema() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        QuickStartExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);

        JsonNode summary = TourAssertions.assertCompleteTour(bytes.toString(StandardCharsets.UTF_8),
                "embedded H2 in memory (JDBC)");
        // earned points live 24 months, as the site says
        assertThat(summary.get("summary").get("addedPointsList").get(0).get("validUntil").asText())
                .isEqualTo("2027-03-01T09:00:00.000+00:00");
    }
}
