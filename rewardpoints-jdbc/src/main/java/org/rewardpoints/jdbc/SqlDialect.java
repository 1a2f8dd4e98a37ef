package org.rewardpoints.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * What differs between databases for the JDBC adapters of this package. One small class per
 * database; the builders pick one of the built-in dialects ({@link H2Dialect},
 * {@link PostgresDialect}, {@link MariaDbDialect}) from
 * {@code DatabaseMetaData.getDatabaseProductName()} unless the builder is given one, and
 * {@link CitusDialect} for a PostgreSQL database with the {@code citus} extension.
 *
 * <p><b>Adding a database.</b> Implement this interface (delegating to a built-in dialect where
 * your database behaves the same) and pass it to the builders with
 * {@code JdbcLedgerStore.builder(dataSource).dialect(myDialect)}; the same dialect goes to
 * {@code JdbcSettingsStore}, {@code JdbcCouponIssuer} and {@code JdbcRedemptionOptionStore}.
 * Detection is not consulted when a dialect is given. The dialect also names the folder of its
 * DDL ({@link #schemaFolder()}): put {@code org/rewardpoints/jdbc/schema/<folder>/V1__reward_points.sql}
 * on the class path for {@link SchemaMode#CREATE}, or apply your DDL yourself and use
 * {@link SchemaMode#VALIDATE}. The DDL must give the tables and columns of the shipped files,
 * the same primary and unique keys (every idempotency key is unique), instants in UTC with
 * microsecond precision, and ids compared and ordered by code point. Run the contract suites of
 * {@code rewardpoints-core}'s test-jar against your database before relying on it.
 *
 * <p>Methods with a default implement standard SQL as PostgreSQL and H2 accept it; override them
 * where your database differs. Implementations must be immutable and thread-safe.
 */
public interface SqlDialect {

    /**
     * Human-readable database name, as used in messages.
     *
     * @return the name, such as {@code PostgreSQL}
     */
    String name();

    /**
     * Whether this dialect serves a database whose JDBC product name is {@code productName}.
     *
     * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()} of a connection
     * @return true if this dialect serves that database
     */
    boolean supports(String productName);

    /**
     * Folder under {@code org/rewardpoints/jdbc/schema/} holding this database's DDL files.
     *
     * @return the folder's name, such as {@code postgresql}
     */
    String schemaFolder();

    /**
     * Whether the driver sends several {@code ;}-separated statements of one prepared statement
     * in a single round trip, so a unit's buffered writes can be flushed at once.
     *
     * @return true if several statements go in one round trip
     */
    boolean pipelinesMultipleStatements();

    /**
     * Whether DDL takes part in transactions (so a failed schema creation leaves nothing).
     *
     * @return true if DDL is transactional
     */
    boolean transactionalDdl();

    /**
     * Serializes schema creation among instances starting at once, for the current transaction.
     * Dialects without such a lock rely on {@code IF NOT EXISTS} and tolerate a concurrent creator.
     *
     * @param connection the connection creating the schema, in its transaction
     * @param tablePrefix the prefix of the tables being created
     * @throws SQLException if the database refuses the lock
     */
    void lockSchemaCreation(Connection connection, String tablePrefix) throws SQLException;

    /**
     * Clause that appends to a locking query ({@code SELECT ... LIMIT ?}) to lock its rows and skip
     * rows other transactions hold locked, for the expiry sweep and the event relay running on
     * several instances; empty where the database has none (the query then locks without skipping,
     * or not at all).
     *
     * @return the clause, with a leading space, or an empty string
     */
    String skipLockedClause();

    /**
     * Whether a locking statement ({@code FOR UPDATE}) must stay within one tenant's rows: true
     * where tables are distributed by tenant and the database refuses to lock rows of several
     * shards in one statement ({@link CitusDialect}). The expiry sweep, the expiring-soon
     * announcements and the event relay then read their candidates without locks and lock them
     * one tenant at a time. False by default: one locking statement across all tenants.
     *
     * @return true if locking statements name one tenant
     */
    default boolean locksOneTenantAtATime() {
        return false;
    }

    /**
     * A statement running {@code insert} (an {@code INSERT ... SELECT}) and returning
     * {@code column} of each row it inserted as its result set, in the same round trip.
     *
     * @param insert the {@code INSERT} statement
     * @param column the column to return
     * @return the statement to prepare
     */
    String insertReturning(String insert, String column);

    /**
     * The SQL type name used for arrays of ids bound with {@link Connection#createArrayOf}.
     *
     * @return the type name, such as {@code varchar}
     */
    String idArrayType();

    /**
     * A predicate true when {@code column} is one of a list of ids, bound as one parameter by
     * {@link #bindIds}. The default, {@code column = ANY (?)}, takes an SQL array.
     *
     * @param column the column compared
     * @return the predicate, with one parameter
     */
    default String idIn(String column) {
        return column + " = ANY (?)";
    }

    /**
     * Binds the ids of an {@link #idIn} predicate. The default binds an array of {@link #idArrayType()}.
     *
     * @param statement the statement holding the predicate
     * @param index the index of the predicate's parameter
     * @param ids the ids
     * @throws SQLException if the driver refuses the value
     */
    default void bindIds(PreparedStatement statement, int index, String[] ids) throws SQLException {
        Array array = statement.getConnection().createArrayOf(idArrayType(), ids);
        statement.setArray(index, array);
    }

    /**
     * A predicate true when {@code column}, a {@code BIGINT}, is one of a list of numbers, bound as
     * one parameter by {@link #bindNumbers}. The default, {@code column = ANY (?)}, takes an SQL array.
     *
     * @param column the column compared
     * @return the predicate, with one parameter
     */
    default String numberIn(String column) {
        return column + " = ANY (?)";
    }

    /**
     * Binds the numbers of a {@link #numberIn} predicate. The default binds an SQL array of {@code BIGINT}.
     *
     * @param statement the statement holding the predicate
     * @param index the index of the predicate's parameter
     * @param numbers the numbers
     * @throws SQLException if the driver refuses the value
     */
    default void bindNumbers(PreparedStatement statement, int index, long[] numbers) throws SQLException {
        Long[] boxed = Arrays.stream(numbers).boxed().toArray(Long[]::new);
        statement.setArray(index, statement.getConnection().createArrayOf("BIGINT", boxed));
    }

    /**
     * Binds an instant, given in UTC and truncated to microseconds, to a parameter compared with
     * or stored in an instant column. The default binds the {@link OffsetDateTime}, for columns of
     * type {@code TIMESTAMP WITH TIME ZONE}.
     *
     * @param statement the statement
     * @param index the index of the parameter
     * @param utc the instant, at offset UTC
     * @throws SQLException if the driver refuses the value
     */
    default void bindInstant(PreparedStatement statement, int index, OffsetDateTime utc) throws SQLException {
        statement.setObject(index, utc);
    }

    /**
     * Reads an instant column written through {@link #bindInstant}.
     *
     * @param row the result set, on the row to read
     * @param column the column's name
     * @return the instant, or null for SQL NULL
     * @throws SQLException if the driver cannot read the column
     */
    default Instant readInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Placeholder for a JSON document bound as text, cast to the column's JSON type where there is one.
     *
     * @return the placeholder; the default is {@code ?}
     */
    default String jsonParameter() {
        return "?";
    }

    /**
     * Isolation levels at which the store's units are not correct on this database. A unit on a
     * connection at such a level runs at READ COMMITTED instead (the connection's level is restored
     * afterwards, at the cost of two round trips: configure the pool instead), a store configured
     * for such a level is refused, and a store joining a transaction at such a level refuses to
     * work in it. Empty by default; MariaDB: REPEATABLE READ, where reads without a lock keep the
     * transaction's first snapshot while locking reads see newer rows.
     *
     * @return the unsafe levels
     */
    default Set<TransactionIsolation> unsafeIsolationLevels() {
        return Set.of();
    }

    /**
     * An unquoted identifier as the database stores it in its catalog (for metadata lookups).
     *
     * @param identifier the identifier as written in the DDL
     * @return the identifier as the catalog holds it; the default is lower case
     */
    default String catalogName(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the failure is a uniqueness violation (then surfacing as
     * {@link org.rewardpoints.spi.DuplicateKeyException}); never decided by message text. SQLState class {@code 23} (integrity
     * constraint violation) except the codes that name another kind of constraint (not null,
     * foreign key, check), which are programming errors rather than concurrent duplicates.
     *
     * @param e the failure
     * @return true if it is a uniqueness violation
     */
    default boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23")
                && !state.equals("23502") && !state.equals("23503")
                && !state.equals("23513") && !state.equals("23514");
    }

    /**
     * Whether the failure is a serialization failure, deadlock or lock wait timeout, after which
     * the whole unit is rolled back and run again; never decided by message text.
     *
     * @param e the failure
     * @return true if the unit is worth running again
     */
    default boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }
}
