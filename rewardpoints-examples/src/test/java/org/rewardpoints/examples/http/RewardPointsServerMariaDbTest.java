package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rewardpoints.examples.EmbeddedMariaDb;

/** The HTTP example on MariaDB, chosen by {@code --jdbc-url} alone. */
class RewardPointsServerMariaDbTest {
    @Test
    void mariaDbUrl_servesTheLedgerFromThere() throws Exception {
        String url = EmbeddedMariaDb.newDatabase("http");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<RewardPointsServer> started = new AtomicReference<>();

        int status = RewardPointsServer.run(new String[] {"--port", "0", "--jdbc-url", url, "--jdbc-user", "root"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), started::set);

        try {
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Reward points server on " + started.get().baseUri()
                    + ", ledger on MariaDB at " + url + " (JDBC)");
            HttpCalls http = new HttpCalls(started.get().baseUri());
            assertThat(http.get("/reward-points/summaryBatch", "viewer-token").expect(200, "customerSummaryBatchOut"))
                    .isEmpty();
        } finally {
            started.get().stop(Duration.ZERO);
        }
    }
}
