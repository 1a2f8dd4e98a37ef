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
    @CsvSource({"PostgreSQL, PostgreSQL", "H2, H2", "postgresql, PostgreSQL"})
    void dialects_recogniseTheirProductNames(String product, String dialect) {
        assertThat(PostgresDialect.INSTANCE.supports(product)).isEqualTo(dialect.equals("PostgreSQL"));
        assertThat(H2Dialect.INSTANCE.supports(product)).isEqualTo(dialect.equals("H2"));
    }
}
