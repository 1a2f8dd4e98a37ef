package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/**
 * PostgreSQL whose session time zone (UTC+14) differs from the JVM's: instants must be stored and
 * compared as UTC instants, never as local times of either side.
 */
class PostgresSessionTimeZoneContractTest extends SeamsContractTest {
    static final String SESSION_ZONE = "Pacific/Kiritimati";
    private static final HikariDataSource POOL = TestDatabases.postgresPool(
            TestDatabases.newPostgresDatabase("time_zone"), 8,
            config -> config.setConnectionInitSql("SET TIME ZONE '" + SESSION_ZONE + "'"));
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }

    @Test
    void instants_areStoredAsUtcWhateverTheSessionZone() throws SQLException {
        assertThat(TimeZone.getDefault().getRawOffset()).as("JVM zone differs from the session's")
                .isNotEqualTo(TimeZone.getTimeZone(SESSION_ZONE).getRawOffset());
        RewardPoints ledger = ledger();
        Instant validUntil = Instant.parse("2024-03-31T23:30:00Z"); // already April 1st in Kiritimati
        AddedPoints added = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withValidUntil(validUntil));

        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT current_setting('TimeZone'),"
                     + " valid_until AT TIME ZONE 'UTC', created_at AT TIME ZONE 'UTC' FROM rp_lots WHERE tenant = ? AND id = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, added.id());
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(SESSION_ZONE);
                assertThat(row.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2024-03-31T23:30:00"));
                assertThat(row.getObject(3, LocalDateTime.class)).isEqualTo(LocalDateTime.parse("2024-01-15T10:00:00"));
            }
        }
        clock.set(validUntil.minusNanos(1000));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(10);
        clock.set(validUntil);
        assertThat(ledger.balance(tenant, CUSTOMER)).isZero();
        assertThat(ledger.summary(tenant, CUSTOMER).addedPointsList()).singleElement()
                .satisfies(lot -> assertThat(lot.validUntil()).isEqualTo(validUntil));
    }
}
