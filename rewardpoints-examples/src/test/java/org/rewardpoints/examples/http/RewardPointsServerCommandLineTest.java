package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rewardpoints.ExpiryAlignment;

class RewardPointsServerCommandLineTest {

    @Test
    void options_defaultToPort8080AndTheEmbeddedDatabase() {
        ServerOptions options = ServerOptions.parse();
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.jdbcUrl()).isNull();
        assertThat(options.tokens()).isNull();
    }

    @Test
    void options_readEveryFlag() {
        ServerOptions options = ServerOptions.parse("--port", "0", "--jdbc-url", "jdbc:postgresql://db/rp",
                "--jdbc-user", "rp", "--jdbc-password", "secret", "--tokens", "tokens.properties");
        assertThat(options).isEqualTo(new ServerOptions(0, "jdbc:postgresql://db/rp", "rp", "secret",
                Path.of("tokens.properties"), false, false, ServerOptions.ReferenceBehaviour.REFERENCE));
    }

    @Test
    void options_defaultToTheReferenceBehaviourAndReadItsFlags() {
        assertThat(ServerOptions.parse().ledger()).isEqualTo(new ServerOptions.ReferenceBehaviour(
                ExpiryAlignment.START_OF_DAY, "Bonuspunkte für Bestellung {orderId}", Currency.getInstance("EUR")));

        ServerOptions options = ServerOptions.parse("--expiry-alignment", "exact", "--order-lot-description",
                "Points for order {orderId}", "--default-currency", "CHF");

        assertThat(options.ledger()).isEqualTo(new ServerOptions.ReferenceBehaviour(ExpiryAlignment.EXACT,
                "Points for order {orderId}", Currency.getInstance("CHF")));
        assertThatThrownBy(() -> ServerOptions.parse("--expiry-alignment", "noon"))
                .hasMessageContaining("--expiry-alignment 'noon'");
        assertThatThrownBy(() -> ServerOptions.parse("--default-currency", "EURO"))
                .hasMessageContaining("--default-currency 'EURO'");
        assertThatThrownBy(() -> ServerOptions.parse("--order-lot-description", " "))
                .hasMessageContaining("--order-lot-description");
    }

    @Test
    void options_refuseBadPortsUnknownFlagsAndMissingValues() {
        assertThatThrownBy(() -> ServerOptions.parse("--port", "http")).hasMessageContaining("--port 'http'");
        assertThatThrownBy(() -> ServerOptions.parse("--port", "70000")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> ServerOptions.parse("--verbose")).hasMessageContaining("Unknown argument '--verbose'");
        assertThatThrownBy(() -> ServerOptions.parse("--jdbc-url")).hasMessageContaining("--jdbc-url needs a value");
    }

    @Test
    void run_withBadArguments_printsUsageAndReturnsExitCode2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = RewardPointsServer.run(new String[] {"--port"}, print(out), print(err), RewardPointsServer::close);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a value").contains("Usage:");
        assertThat(out.size()).isZero();
    }

    @Test
    void run_withHelp_printsUsageAndStartsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = RewardPointsServer.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()),
                RewardPointsServer::close);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: RewardPointsServer");
    }

    @Test
    void run_onAFreePortWithADatabaseUrlAndATokenFile_servesWithThem(@TempDir Path directory) throws Exception {
        Path tokens = Files.writeString(directory.resolve("tokens.properties"), "t1 = employee shop rewardspoints.rewardpoints_view\n");
        String url = "jdbc:h2:mem:command-line-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<RewardPointsServer> started = new AtomicReference<>();

        int status = RewardPointsServer.run(new String[] {"--port", "0", "--jdbc-url", url, "--jdbc-user", "sa",
                "--tokens", tokens.toString()}, print(out), print(new ByteArrayOutputStream()), started::set);

        try {
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Reward points server on " + started.get().baseUri()
                    + ", ledger on H2 at " + url + " (JDBC)");
            HttpCalls http = new HttpCalls(started.get().baseUri());
            assertThat(http.get("/reward-points/summaryBatch", "t1").expect(200, "customerSummaryBatchOut")).isEmpty();
            http.get("/reward-points/summaryBatch", "viewer-token").expect(401, "http/unauthorized");
        } finally {
            started.get().stop(Duration.ZERO);
        }
    }

    @Test
    void tokenTable_resolvesEmployeesAndCustomersAndRefusesMalformedLines() {
        TokenTable table = TokenTable.parse("""
                a = employee acme rewardspoints.rewardpoints_view
                b = customer acme C-1
                """, "test");
        assertThat(table.authenticate("a")).hasValueSatisfying(caller -> assertThat(caller.tenant()).isEqualTo("acme"));
        assertThat(table.authenticate("b")).hasValue(org.rewardpoints.Caller.customer("acme", "C-1"));
        assertThat(table.authenticate("c")).isEmpty();
        assertThatThrownBy(() -> TokenTable.parse("x = customer acme", "test")).hasMessageContaining("Token 'x' in test");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
