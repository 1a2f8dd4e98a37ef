package org.rewardpoints.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.rewardpoints.testing.TestLogging;

/** This module's test {@code simplelogger.properties}: a build prints no log lines of its tests. */
class TestLoggingConfigurationTest {

    @Test
    void testLogging_keepsPoolsDatabasesAndProvokedFailuresQuiet_andOtherWarningsVisible() {
        TestLogging.assertQuietConfiguration();
    }

    @Test
    void aPoolStartingAndClosing_printsNothing() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:logging_check");
        config.setMaximumPoolSize(1);

        String output = TestLogging.outputOf(() -> {
            try (HikariDataSource pool = new HikariDataSource(config);
                 Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT 1")) {
                assertThat(result.next()).isTrue();
            }
        });

        assertThat(output).isEmpty();
    }
}
