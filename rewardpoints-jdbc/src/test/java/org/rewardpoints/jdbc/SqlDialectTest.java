package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlDialectTest {

    @ParameterizedTest
    @CsvSource({
        "23505, true, false", // unique_violation (PostgreSQL and H2)
        "23000, true, false", // integrity constraint violation without detail (other drivers)
        "23503, false, false", // foreign key: a programming error, not a concurrent duplicate
        "23502, false, false", // not null
        "23514, false, false", // check
        "40001, false, true", // serialization failure
        "40P01, false, true", // deadlock detected
        "08006, false, false", // connection failure
        "42P01, false, false" // undefined table
    })
    void failures_areClassifiedBySqlStateAlone(String sqlState, boolean unique, boolean transientFailure) {
        for (SqlDialect dialect : new SqlDialect[] {H2Dialect.INSTANCE, PostgresDialect.INSTANCE}) {
            SQLException failure = new SQLException("message text is never read", sqlState);
            assertThat(dialect.isUniqueViolation(failure)).as(dialect + " unique " + sqlState).isEqualTo(unique);
            assertThat(dialect.isTransient(failure)).as(dialect + " transient " + sqlState).isEqualTo(transientFailure);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "23000, 1062, true, false", // ER_DUP_ENTRY
        "23000, 1586, true, false", // ER_DUP_ENTRY_WITH_KEY_NAME
        "23000, 1022, true, false", // ER_DUP_KEY
        "23000, 1048, false, false", // not null: same SQLState, another vendor code
        "23000, 1452, false, false", // foreign key
        "23000, 4025, false, false", // check constraint
        "40001, 1213, false, true", // deadlock
        "HY000, 1205, false, true", // lock wait timeout
        "40001, 0, false, true", // serialization failure without a vendor code
        "08000, 0, false, false", // connection failure
        "42S02, 1146, false, false" // no such table
    })
    void mariaDbFailures_areClassifiedBySqlStateAndVendorCode(String sqlState, int code, boolean unique,
                                                              boolean transientFailure) {
        SQLException failure = new SQLException("message text is never read", sqlState, code);
        assertThat(MariaDbDialect.INSTANCE.isUniqueViolation(failure)).as("unique " + code).isEqualTo(unique);
        assertThat(MariaDbDialect.INSTANCE.isTransient(failure)).as("transient " + code).isEqualTo(transientFailure);
    }

    @ParameterizedTest
    @CsvSource({"PostgreSQL, PostgreSQL", "H2, H2", "postgresql, PostgreSQL", "MariaDB, MariaDB", "MySQL, none"})
    void dialects_recogniseTheirProductNames(String product, String dialect) {
        assertThat(PostgresDialect.INSTANCE.supports(product)).isEqualTo(dialect.equals("PostgreSQL"));
        assertThat(H2Dialect.INSTANCE.supports(product)).isEqualTo(dialect.equals("H2"));
        assertThat(MariaDbDialect.INSTANCE.supports(product)).isEqualTo(dialect.equals("MariaDB"));
    }
}
