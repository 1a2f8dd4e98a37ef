package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.testing.TestLogging;

/**
 * This module's {@code simplelogger.properties}: a build prints no log lines of its tests, though
 * they start dozens of pools on three databases and provoke database errors on purpose.
 */
class TestLoggingConfigurationTest {

    @Test
    void testLogging_keepsPoolsDatabasesAndProvokedFailuresQuiet_andOtherWarningsVisible() {
        TestLogging.assertQuietConfiguration();
    }

    @Test
    void aPoolOnPostgres_startingAndMeetingADuplicateKeyAndClosing_printsNothing() throws Exception {
        String database = TestDatabases.newPostgresDatabase("logging"); // the server starts outside the capture

        String output = TestLogging.outputOf(() -> {
            try (HikariDataSource pool = TestDatabases.postgresPool(database, 2)) {
                provokeDuplicateKey(pool);
            }
        });

        assertThat(output).isEmpty();
    }

    @Test
    void aPoolOnMariaDb_startingAndMeetingADuplicateKeyAndClosing_printsNothing() throws Exception {
        String database = TestDatabases.newMariaDbDatabase("logging");

        String output = TestLogging.outputOf(() -> {
            try (HikariDataSource pool = TestDatabases.mariaDbPool(database, 2)) {
                provokeDuplicateKey(pool);
            }
        });

        assertThat(output).isEmpty();
    }

    private static void provokeDuplicateKey(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE logging_check (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO logging_check (id) VALUES (1)");
            assertThatThrownBy(() -> statement.execute("INSERT INTO logging_check (id) VALUES (1)"))
                    .isInstanceOf(SQLException.class);
        }
    }
}
