package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/**
 * MariaDB whose session time zone (UTC+14) differs from the JVM's, on a pool at READ COMMITTED:
 * the DATETIME(6) columns must hold UTC, never a local time of either side.
 */
class MariaDbSessionTimeZoneContractTest extends SeamsContractTest {
    private static final HikariDataSource POOL = TestDatabases.mariaDbPool(
            TestDatabases.newMariaDbDatabase("time_zone"), 8, config -> {
                config.setConnectionInitSql("SET time_zone = '" + TestDatabases.MARIADB_FAR_ZONE + "'");
                config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            });
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
                .isNotEqualTo(TimeZone.getTimeZone(TestDatabases.MARIADB_FAR_ZONE).getRawOffset());
        RewardPoints ledger = ledger();
        Instant validUntil = Instant.parse("2024-03-31T23:30:00Z"); // already April 1st at UTC+14
        AddedPoints added = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withValidUntil(validUntil));

        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT @@session.time_zone,"
                     + " CAST(valid_until AS CHAR), CAST(created_at AS CHAR) FROM rp_lots WHERE tenant = ? AND id = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, added.id());
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(TestDatabases.MARIADB_FAR_ZONE);
                assertThat(row.getString(2)).isEqualTo("2024-03-31 23:30:00.000000");
                assertThat(row.getString(3)).isEqualTo("2024-01-15 10:00:00.000000");
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
