package org.rewardpoints.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Calendar;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;

/**
 * MariaDB 10.6 and later (InnoDB), through MariaDB Connector/J 3.x.
 *
 * <p>Instants are {@code DATETIME(6)} columns holding UTC: they are bound as local date-times in
 * UTC and read with a UTC calendar, so neither the server's nor the session's time zone, nor the
 * JVM's, nor the driver's {@code connectionTimeZone} changes a stored or compared value. Lists of
 * ids are bound as one JSON array read by {@code JSON_TABLE}. Statements are sent one at a time
 * (the driver joins {@code ;}-separated statements only with {@code allowMultiQueries}), with
 * JDBC batches for a unit's writes of one kind.
 *
 * <p>Units run at READ COMMITTED (or SERIALIZABLE): on a connection at InnoDB's default,
 * REPEATABLE READ, the store switches each unit to READ COMMITTED and back (see
 * {@link #unsafeIsolationLevels()}); configure the pool with READ COMMITTED to save those round trips.
 *
 * <p>Failures are classified by SQLState and vendor code: duplicate keys are error 1062
 * ({@code ER_DUP_ENTRY}, SQLState 23000; 1586 and 1022 are its variants), while other
 * constraint violations of SQLState 23000 (not null 1048, foreign keys 1451/1452, checks 4025)
 * are not. SQLState 40001, deadlocks (1213) and lock wait timeouts (1205) are retried.
 *
 * <p>MySQL 8.0 shares most of this SQL but is not supported by this dialect: it has no
 * {@code INSERT ... RETURNING}, and it is not tested.
 */
public final class MariaDbDialect implements SqlDialect {
    /** The one instance. */
    public static final MariaDbDialect INSTANCE = new MariaDbDialect();

    private static final int ER_DUP_KEY = 1022;
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_DUP_ENTRY_WITH_KEY_NAME = 1586;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private MariaDbDialect() {
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public boolean supports(String productName) {
        return "MariaDB".equalsIgnoreCase(productName);
    }

    @Override
    public String schemaFolder() {
        return "mariadb";
    }

    @Override
    public boolean pipelinesMultipleStatements() {
        return false; // Connector/J sends "a; b" only with allowMultiQueries, which users rarely set
    }

    @Override
    public boolean transactionalDdl() {
        return false; // DDL commits implicitly
    }

    @Override
    public void lockSchemaCreation(Connection connection, String tablePrefix) {
        // not called without transactional DDL: concurrent creators are tolerated by IF NOT EXISTS
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String insertReturning(String insert, String column) {
        return insert + " RETURNING " + column;
    }

    @Override
    public String idArrayType() {
        return "VARCHAR"; // unused: ids are bound as a JSON array
    }

    @Override
    public String idIn(String column) {
        return column + " IN (SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id VARCHAR(128)"
                + " CHARACTER SET utf8mb4 PATH '$')) j)";
    }

    @Override
    public void bindIds(PreparedStatement statement, int index, String[] ids) throws SQLException {
        bindJsonArray(statement, index, ids);
    }

    @Override
    public String numberIn(String column) {
        return column + " IN (SELECT j.n FROM JSON_TABLE(?, '$[*]' COLUMNS (n BIGINT PATH '$')) j)";
    }

    @Override
    public void bindNumbers(PreparedStatement statement, int index, long[] numbers) throws SQLException {
        bindJsonArray(statement, index, numbers);
    }

    /** The values of an {@code IN (... JSON_TABLE ...)} list, bound as one JSON array. */
    private static void bindJsonArray(PreparedStatement statement, int index, Object array) throws SQLException {
        try {
            statement.setString(index, JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("values cannot be written as JSON", e); // never for strings and numbers
        }
    }

    @Override
    public void bindInstant(PreparedStatement statement, int index, OffsetDateTime utc) throws SQLException {
        statement.setObject(index, utc.toLocalDateTime());
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column, Calendar.getInstance(UTC, Locale.ROOT));
        return value == null ? null : value.toInstant();
    }

    @Override
    public Set<TransactionIsolation> unsafeIsolationLevels() {
        return Set.of(TransactionIsolation.REPEATABLE_READ); // InnoDB's default: units run at READ COMMITTED
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        int code = e.getErrorCode();
        return code == ER_DUP_ENTRY || code == ER_DUP_ENTRY_WITH_KEY_NAME || code == ER_DUP_KEY;
    }

    @Override
    public boolean isTransient(SQLException e) {
        int code = e.getErrorCode();
        return "40001".equals(e.getSQLState()) || code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT;
    }

    @Override
    public String toString() {
        return name();
    }
}
