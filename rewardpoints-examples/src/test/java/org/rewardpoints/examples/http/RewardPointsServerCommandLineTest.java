package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
                Path.of("tokens.properties"), false));
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

        int status = RewardPointsServer.run(new String[] {"--port"}, print(out), print(err));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a value").contains("Usage:");
        assertThat(out.size()).isZero();
    }

    @Test
    void run_withHelp_printsUsageAndStartsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = RewardPointsServer.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: RewardPointsServer");
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
