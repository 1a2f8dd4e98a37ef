package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the databases {@link JdbcLedgerStore} supports. One small class per
 * database; the store picks one from {@code DatabaseMetaData.getDatabaseProductName()} unless the
 * builder names one. Sealed: supporting another database means adding a dialect to this library.
 */
public sealed interface SqlDialect permits H2Dialect, PostgresDialect {

    /** Human-readable database name, as used in messages. */
    String name();

    /** Whether this dialect serves a database whose JDBC product name is {@code productName}. */
    boolean supports(String productName);

    /** Folder under {@code org/rewardpoints/jdbc/schema/} holding this database's DDL files. */
    String schemaFolder();

    /**
     * Whether the driver sends several {@code ;}-separated statements of one prepared statement
     * in a single round trip, so a unit's buffered writes can be flushed at once.
     */
    boolean pipelinesMultipleStatements();

    /** Whether DDL takes part in transactions (so a failed schema creation leaves nothing). */
    boolean transactionalDdl();

    /**
     * Serializes schema creation among instances starting at once, for the current transaction.
     * Dialects without such a lock rely on {@code IF NOT EXISTS} and tolerate a concurrent creator.
     */
    void lockSchemaCreation(Connection connection, String tablePrefix) throws SQLException;

    /** Clause that appends to a query to skip rows other transactions hold locked, or empty. */
    String skipLockedClause();

    /** A query running {@code insert} and returning {@code column} of each row it inserted. */
    String insertReturning(String insert, String column);

    /** The SQL type name used for arrays of ids bound with {@link Connection#createArrayOf}. */
    String idArrayType();

    /** Placeholder for a JSON document bound as text, cast to the column's JSON type where there is one. */
    default String jsonParameter() {
        return "?";
    }

    /** An unquoted identifier as the database stores it in its catalog (for metadata lookups). */
    default String catalogName(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the failure is a uniqueness violation. SQLState class {@code 23} (integrity
     * constraint violation) except the codes that name another kind of constraint (not null,
     * foreign key, check), which are programming errors rather than concurrent duplicates.
     */
    default boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23")
                && !state.equals("23502") && !state.equals("23503")
                && !state.equals("23513") && !state.equals("23514");
    }

    /** Whether the failure is a serialization failure or deadlock, after which a retry may succeed. */
    default boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }
}
