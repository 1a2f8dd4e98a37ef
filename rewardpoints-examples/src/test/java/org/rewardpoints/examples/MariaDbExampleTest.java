package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database example on MariaDB, chosen by nothing but the JDBC URL on its command line. */
class MariaDbExampleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void mariaDbUrl_runsTheWholeTourAndCreatesTheSchema() throws Exception {
        String url = EmbeddedMariaDb.newDatabase("tour");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = PostgresExample.run(new String[] {url, "root", ""}, Map.of(), print(out),
                print(new ByteArrayOutputStream()), CLOCK);

        assertThat(status).isZero();
        TourAssertions.assertCompleteTour(out.toString(StandardCharsets.UTF_8), "MariaDB at " + url + " (JDBC)");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
