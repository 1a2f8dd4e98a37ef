package org.rewardpoints.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.LotRecord;

/** Binding parameters and mapping rows; every method lets {@link SQLException} through. */
final class Sql {
    /** A null parameter of a given SQL type (drivers want the type of a null). */
    record Null(int sqlType) {
    }

    /** Ids bound as one parameter of the dialect's {@link SqlDialect#idIn} predicate. */
    record IdArray(String[] ids) {
    }

    /** Numbers bound as one parameter of the dialect's {@link SqlDialect#numberIn} predicate. */
    record NumberArray(long[] numbers) {
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** A statement's text and its parameters. */
    record Step(String sql, Object... params) {
    }

    private static final Null NULL_VARCHAR = new Null(Types.VARCHAR);
    private static final Null NULL_NUMERIC = new Null(Types.NUMERIC);
    private static final Null NULL_TIMESTAMP = new Null(Types.TIMESTAMP_WITH_TIMEZONE);

    private Sql() {
    }

    static Object text(String value) {
        return value == null ? NULL_VARCHAR : value;
    }

    static Object instantOrNull(Instant value) {
        return value == null ? NULL_TIMESTAMP : value;
    }

    static Object money(BigDecimal value) {
        return value == null ? NULL_NUMERIC : value;
    }

    /** Earliest instant both databases store: the first day of year 1. */
    static final Instant MIN_STORED = Instant.parse("0001-01-01T00:00:00Z");
    /** Latest instant both databases store at microsecond precision: the end of year 9999. */
    static final Instant MAX_STORED = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * An instant as bound to a statement. Instants are kept with microsecond precision
     * (PostgreSQL's); truncating here, not in the database, makes both databases agree and never
     * moves an instant later. Bounds outside the storable range (a caller's {@code Instant.MAX}
     * meaning "whenever") are clamped to it, which keeps every comparison's answer; stored values
     * are checked by {@link #stored} first.
     */
    static OffsetDateTime utc(Instant instant) {
        Instant clamped = instant.isBefore(MIN_STORED) ? MIN_STORED : instant.isAfter(MAX_STORED) ? MAX_STORED : instant;
        return OffsetDateTime.ofInstant(clamped.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** An instant to be stored: refused, naming it, when the databases cannot hold it. */
    static Instant stored(String field, Instant instant) {
        if (instant.isBefore(MIN_STORED) || instant.isAfter(MAX_STORED)) {
            throw new StorageException(field + " " + instant + " cannot be stored: the database keeps instants from "
                    + MIN_STORED + " to " + MAX_STORED);
        }
        return instant;
    }

    static Instant instant(ResultSet row, String column, SqlDialect dialect) throws SQLException {
        return dialect.readInstant(row, column);
    }

    static void bind(PreparedStatement statement, int index, Object value, SqlDialect dialect) throws SQLException {
        if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof BigDecimal decimal) {
            statement.setBigDecimal(index, decimal);
        } else if (value instanceof Boolean flag) {
            statement.setBoolean(index, flag);
        } else if (value instanceof Instant instant) {
            dialect.bindInstant(statement, index, utc(instant));
        } else if (value instanceof Null typed) {
            statement.setNull(index, typed.sqlType());
        } else if (value instanceof IdArray array) {
            dialect.bindIds(statement, index, array.ids());
        } else if (value instanceof NumberArray array) {
            dialect.bindNumbers(statement, index, array.numbers());
        } else {
            throw new IllegalArgumentException("Unsupported parameter type " + value.getClass().getName());
        }
    }

    static int bindAll(PreparedStatement statement, int firstIndex, Object[] values, SqlDialect dialect)
            throws SQLException {
        int index = firstIndex;
        for (Object value : values) {
            bind(statement, index++, value, dialect);
        }
        return index;
    }

    /**
     * Prepares the steps joined with {@code ;} as one statement (sent in one round trip where the
     * dialect {@linkplain SqlDialect#pipelinesMultipleStatements() pipelines}), binds each step's
     * parameters in turn and executes it. The caller reads the results in step order and closes
     * the statement.
     */
    static PreparedStatement executeJoined(Connection connection, SqlDialect dialect, List<Step> steps)
            throws SQLException {
        StringJoiner text = new StringJoiner(";\n");
        steps.forEach(step -> text.add(step.sql()));
        PreparedStatement statement = connection.prepareStatement(text.toString());
        try {
            int index = 1;
            for (Step step : steps) {
                index = bindAll(statement, index, step.params(), dialect);
            }
            statement.execute();
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Runs the steps, all in one round trip where the dialect pipelines, else one after the other. */
    static void executeAll(Connection connection, SqlDialect dialect, List<Step> steps) throws SQLException {
        if (dialect.pipelinesMultipleStatements()) {
            executeJoined(connection, dialect, steps).close();
            return;
        }
        for (Step step : steps) {
            executeJoined(connection, dialect, List.of(step)).close();
        }
    }

    static <T> List<T> list(Connection connection, SqlDialect dialect, String sql, RowMapper<T> mapper,
                            Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bindAll(statement, 1, params, dialect);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    static <T> Optional<T> one(Connection connection, SqlDialect dialect, String sql, RowMapper<T> mapper,
                               Object... params) throws SQLException {
        List<T> rows = list(connection, dialect, sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static LotRecord lot(ResultSet row, SqlDialect dialect) throws SQLException {
        return new LotRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("customer_id"),
                row.getString("idempotency_key"),
                row.getString("order_id"),
                row.getBigDecimal("order_value"),
                row.getString("currency"),
                row.getString("reference_id"),
                row.getString("description"),
                row.getLong("points"),
                row.getLong("remaining"),
                instant(row, "created_at", dialect),
                instant(row, "valid_until", dialect),
                activatesAt(row, dialect),
                row.getLong("balance_after"));
    }

    private static Object pendingOnly(LotRecord lot) {
        return instantOrNull(lot.wasPending() ? stored("activatesAt", lot.activatesAt()) : null);
    }

    /** A lot's activatesAt: stored only for a lot credited pending, else its createdAt. */
    private static Instant activatesAt(ResultSet row, SqlDialect dialect) throws SQLException {
        Instant stored = instant(row, "activates_at", dialect);
        return stored != null ? stored : instant(row, "created_at", dialect);
    }

    /**
     * A lot's values in the order of {@link Statements#LOT_INSERT_COLUMNS}: activates_at and
     * pending_until are its activatesAt when it was credited pending, else null.
     */
    static Object[] lotParams(LotRecord lot) {
        return new Object[] {lot.id(), lot.tenant(), lot.customerId(), text(lot.idempotencyKey()), text(lot.orderId()),
                money(lot.orderValue()), text(lot.currency()), text(lot.referenceId()), text(lot.description()),
                lot.points(), lot.remaining(), stored("createdAt", lot.createdAt()), stored("validUntil", lot.validUntil()),
                pendingOnly(lot), pendingOnly(lot), lot.balanceAfter()};
    }

    static DebitRecord debit(ResultSet row, SqlDialect dialect) throws SQLException {
        return new DebitRecord(
                row.getString("id"),
                row.getString("tenant"),
                row.getString("customer_id"),
                DebitKind.valueOf(row.getString("kind")),
                DebitStatus.valueOf(row.getString("status")),
                row.getString("idempotency_key"),
                row.getString("order_id"),
                row.getBigDecimal("refunded_value"),
                row.getString("description"),
                row.getLong("points"),
                row.getLong("requested_points"),
                instant(row, "created_at", dialect),
                row.getLong("balance_after"),
                row.getString("redeem_option_id"),
                row.getString("coupon_code"),
                instant(row, "resolved_at", dialect));
    }

    /** The columns of {@link Statements#EVENT_INSERT_COLUMNS}, in order. */
    static Object[] eventParams(EventRecord event) {
        return new Object[] {event.id(), aggregateId(event.tenant(), event.customerId()), event.tenant(),
                event.customerId(), event.type(), text(event.entryId()), event.points(), event.balanceAfter(),
                stored("occurredAt", event.occurredAt()), event.payload()};
    }

    /** The account an event is about, unambiguously: the tenant's length, the tenant, the customer. */
    static String aggregateId(String tenant, String customerId) {
        return tenant.length() + ":" + tenant + ":" + customerId;
    }

    static EventRecord event(ResultSet row, SqlDialect dialect) throws SQLException {
        return new EventRecord(row.getLong("position"), row.getString("id"), row.getString("tenant"),
                row.getString("customer_id"), row.getString("type"), row.getString("entry_id"), row.getLong("points"),
                row.getLong("balance_after"), instant(row, "occurred_at", dialect), row.getString("payload"),
                row.getInt("attempts"));
    }

    static Object[] debitParams(DebitRecord debit) {
        return new Object[] {debit.id(), debit.tenant(), debit.customerId(), debit.kind().name(), debit.status().name(),
                text(debit.idempotencyKey()), text(debit.orderId()), money(debit.refundedValue()),
                text(debit.description()), debit.points(), debit.requestedPoints(), stored("createdAt", debit.createdAt()),
                debit.balanceAfter(), text(debit.redeemOptionId()), text(debit.couponCode()),
                instantOrNull(debit.resolvedAt() == null ? null : stored("resolvedAt", debit.resolvedAt()))};
    }
}
