package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.StorageException;

class PostgresExampleTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE rewardpoints");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void databaseFromTheEnvironment_runsTheWholeTourAndCreatesTheSchema() throws Exception {
        String url = postgres.getJdbcUrl("postgres", "rewardpoints");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = PostgresExample.run(new String[0],
                Map.of(PostgresExample.URL_VARIABLE, url, PostgresExample.USER_VARIABLE, "postgres"),
                print(out), print(new ByteArrayOutputStream()), CLOCK);

        assertThat(status).isZero();
        TourAssertions.assertCompleteTour(out.toString(StandardCharsets.UTF_8), "PostgreSQL at " + url + " (JDBC)");
        assertThat(tables()).contains("rp_accounts", "rp_lots", "rp_site_settings");
    }

    @Test
    void secondRunOnTheSameDatabase_startsFromACleanSlateAndPrintsTheSameTour() throws Exception {
        String url = postgres.getJdbcUrl("postgres", "rewardpoints");
        String[] args = {url, "postgres", ""};
        PostgresExample.run(args, Map.of(), print(new ByteArrayOutputStream()), print(new ByteArrayOutputStream()), CLOCK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = PostgresExample.run(args, Map.of(), print(out), print(new ByteArrayOutputStream()), CLOCK);

        assertThat(status).isZero();
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output.lines().skip(1).findFirst()).hasValue("(removed customer C-1001's account left by an earlier run)");
        TourAssertions.assertCompleteTour(output, "PostgreSQL at " + url + " (JDBC)");
    }

    @Test
    void noDatabaseGiven_printsHowToGiveOneAndExitsWith2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = PostgresExample.run(new String[0], Map.of(PostgresExample.URL_VARIABLE, " "), print(out), print(err),
                CLOCK);

        assertThat(status).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("No database given")
                .contains(PostgresExample.URL_VARIABLE, PostgresExample.USER_VARIABLE, PostgresExample.PASSWORD_VARIABLE);
    }

    @Test
    void unreachableDatabase_failsNamingTheUrlWithoutItsPassword() {
        assertThatThrownBy(() -> ExampleBackend.database("jdbc:postgresql://localhost:1/nowhere?password=secret",
                "postgres", null, CLOCK))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("jdbc:postgresql://localhost:1/nowhere?password=***")
                .hasMessageNotContaining("secret");
    }

    private static java.util.List<String> tables() throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", "rewardpoints").getConnection();
             var result = connection.getMetaData().getTables(null, "public", "rp_%", new String[] {"TABLE"})) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (result.next()) {
                names.add(result.getString("TABLE_NAME"));
            }
            return names;
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
