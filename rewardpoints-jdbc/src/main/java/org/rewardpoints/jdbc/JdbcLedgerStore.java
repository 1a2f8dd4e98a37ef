package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.CustomerExpiry;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.EntriesAfter;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.spi.ReservationCursor;

/**
 * A {@link LedgerStore} on plain JDBC over a {@link DataSource}, for H2, PostgreSQL and MariaDB, and
 * for other databases through a {@link SqlDialect} of your own. Thread-safe;
 * build one per data source with {@link #builder(DataSource)} and share it.
 *
 * <p><b>Transactions.</b> Each {@link #inAccount} unit runs in its own transaction on a connection
 * of the data source: {@code SELECT ... FOR UPDATE} on the account row, reads as the work asks,
 * writes buffered and sent together before the commit. The store switches autocommit off (and the
 * isolation level when configured) for the unit and restores both afterwards. Correct at READ
 * COMMITTED and above but for the levels the dialect names unsafe
 * ({@link SqlDialect#unsafeIsolationLevels()}: MariaDB's REPEATABLE READ, where units run at READ
 * COMMITTED instead). To take part in a transaction of your own, use {@link #joining(Connection)}.
 *
 * <p><b>Failures.</b> A uniqueness violation (as the dialect classifies it: SQLState class
 * {@code 23} on H2 and PostgreSQL, error 1062 on MariaDB) rolls the unit back and surfaces as
 * {@link DuplicateKeyException}. Serialization failures and deadlocks (SQLState {@code 40001},
 * {@code 40P01}; on MariaDB also lock wait timeouts) roll back and re-run the whole unit, at most
 * {@link Builder#maxRetries(int)} times; {@link #retryCount()} counts these re-runs. Every other
 * failure surfaces as {@link StorageException}; no {@code SQLException} leaves the store.
 *
 * <p><b>Commit with unknown outcome.</b> When the commit itself fails for another reason, typically
 * the connection breaking, the database may or may not have committed. The store then does not
 * retry (that could apply the unit twice): it throws a {@link StorageException} whose message says
 * the outcome is unknown. Repeating the library operation is safe, because its idempotency key
 * (order id, redemption id, return id) makes a committed first attempt come back as already done.
 *
 * <p><b>Time.</b> Instants are stored in UTC with microsecond precision (sub-microsecond parts are
 * truncated); the session time zone of the database does not matter. Money is {@code NUMERIC(24,6)}
 * and reads back with scale 6.
 */
public final class JdbcLedgerStore implements LedgerStore {
    /** Prefix of every table, index and constraint name. */
    public static final String DEFAULT_TABLE_PREFIX = "rp_";
    /** Longest accepted table prefix: keeps every identifier within PostgreSQL's 63 characters. */
    public static final int MAX_TABLE_PREFIX_LENGTH = 30;
    /** What the builder does about the schema: check it, change nothing. */
    public static final SchemaMode DEFAULT_SCHEMA_MODE = SchemaMode.VALIDATE;
    /** Re-runs of a unit after serialization failures or deadlocks before giving up. */
    public static final int DEFAULT_MAX_RETRIES = 10;
    /** Largest accepted {@code maxRetries}. */
    public static final int MAX_MAX_RETRIES = 100;
    /** Isolation level of the store's transactions: whatever the pool's connections have. */
    public static final TransactionIsolation DEFAULT_TRANSACTION_ISOLATION = TransactionIsolation.CONNECTION_DEFAULT;
    /** The schema version this library reads and writes. */
    public static final int SCHEMA_VERSION = SchemaManager.CURRENT_VERSION;

    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]*");
    private static final List<SqlDialect> DIALECTS = List.of(PostgresDialect.INSTANCE, MariaDbDialect.INSTANCE,
            H2Dialect.INSTANCE);

    /** Runs the units and reads: its own transactions, or the caller's in a {@link #joining} view. */
    private final JdbcTransactions transactions;
    private final SqlDialect dialect;
    private final Statements sql;
    private final String tablePrefix;

    private JdbcLedgerStore(JdbcTransactions transactions, String tablePrefix) {
        this.transactions = transactions;
        this.dialect = transactions.dialect();
        this.tablePrefix = tablePrefix;
        this.sql = new Statements(tablePrefix, dialect);
    }

    /**
     * A builder of a store on {@code dataSource}, with the defaults {@code DEFAULT_*}.
     *
     * @param dataSource the database, pooled in production
     * @return the builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * A view of this store that runs every operation on {@code connection}, inside the caller's
     * transaction: it never commits, rolls back the caller's work, or changes autocommit or
     * isolation. {@link #inAccount} needs autocommit off and wraps each unit in a savepoint, so a
     * failed unit (including {@link DuplicateKeyException}) leaves the caller's transaction usable.
     * Serialization failures are not retried: they surface as {@link StorageException} and the
     * caller re-runs its whole transaction. The view is as thread-safe as the connection (not).
     *
     * <p>The events of the view's changes are rows of the caller's transaction: they commit or roll
     * back with it, and the relay delivers only what committed.
     *
     * @param connection the caller's connection, in the caller's transaction
     * @return the view
     */
    public JdbcLedgerStore joining(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        return new JdbcLedgerStore(transactions.joining(connection), tablePrefix);
    }

    /**
     * How many times units (and single-statement reads) were re-run after a serialization failure
     * or deadlock since the store was built; shared with its {@link #joining} views, which never
     * re-run. For monitoring contention.
     *
     * @return the number of re-runs
     */
    public long retryCount() {
        return transactions.retryCount();
    }

    /**
     * The dialect in use, detected or configured.
     *
     * @return the dialect
     */
    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * The table prefix in use.
     *
     * @return the prefix
     */
    public String tablePrefix() {
        return tablePrefix;
    }

    /** The store's transactions, which the other JDBC adapters of this package run theirs with. */
    JdbcTransactions transactions() {
        return transactions;
    }

    /**
     * The DDL this library ships for a database, with {@code tablePrefix} applied: what
     * {@link SchemaMode#CREATE} runs. For applying by hand or feeding a migration tool.
     *
     * @param dialect the database's dialect
     * @param tablePrefix the prefix of every table, index and constraint name
     * @return the DDL statements
     */
    public static String schemaDdl(SqlDialect dialect, String tablePrefix) {
        Objects.requireNonNull(dialect, "dialect");
        return SchemaManager.ddl(dialect, checkPrefix(tablePrefix));
    }

    /**
     * Class-path location of the DDL of the current schema version for a database.
     *
     * @param dialect the database's dialect
     * @return the resource path, such as {@code org/rewardpoints/jdbc/schema/postgresql/V1__reward_points.sql}
     */
    public static String schemaResource(SqlDialect dialect) {
        return SchemaManager.resourcePath(Objects.requireNonNull(dialect, "dialect"), SCHEMA_VERSION);
    }

    // ------------------------------------------------------------------ units

    @Override
    public <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work) {
        Objects.requireNonNull(work, "work");
        String what = "unit on customer '" + customerId + "' in tenant '" + tenant + "'";
        return transactions.inTransaction(what, connection -> {
            JdbcAccountSession session = new JdbcAccountSession(connection, transactions, sql, tenant, customerId);
            T result = work.apply(session);
            session.flush();
            return result;
        });
    }

    /** One transaction for all the accounts, their writes sent together before the commit. */
    @Override
    public <T> List<T> inAccounts(List<AccountKey> accounts, BiFunction<AccountKey, AccountSession, T> work) {
        Objects.requireNonNull(work, "work");
        if (accounts.size() < 2) {
            return LedgerStore.super.inAccounts(accounts, work);
        }
        return transactions.inTransaction("unit on " + accounts.size() + " accounts", connection -> {
            List<T> results = new ArrayList<>(accounts.size());
            List<JdbcAccountSession> sessions = new ArrayList<>(accounts.size());
            for (AccountKey account : accounts) {
                JdbcAccountSession session = new JdbcAccountSession(connection, transactions, sql, account.tenant(),
                        account.customerId());
                sessions.add(session);
                results.add(work.apply(account, session));
            }
            JdbcAccountSession.flush(sessions);
            return results;
        });
    }

    /**
     * On PostgreSQL one call of the DDL's credit function, on MariaDB of its credit procedure
     * (which commits, so not in a caller's transaction), in autocommit: one round trip. Elsewhere
     * three statements, sent in one round trip where the driver pipelines them, then COMMIT: add
     * the points to an account without debt, insert the lot with the balance read from the locked
     * account, and insert its event with the lot's balance. Anything but one updated account, one
     * inserted lot and one event rolls back and declines, as does a taken id or key.
     */
    @Override
    public Optional<LotRecord> tryCredit(LotRecord lot, Instant asOf, EventRecord event) {
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(asOf, "asOf");
        String what = "credit of customer '" + lot.customerId() + "' in tenant '" + lot.tenant() + "'";
        try {
            if (sql.creditFunction != null && !(sql.creditCallCommits && transactions.joinsCallerTransaction())) {
                return transactions.inOneStatement(what, connection -> callCredit(connection, lot, asOf, event))
                        .map(lot::withBalanceAfter);
            }
            return Optional.of(transactions.inTransaction(what,
                    connection -> lot.withBalanceAfter(writeCredit(connection, lot, asOf, event))));
        } catch (CreditDeclined | DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    /** The credit function's balance after the lot, or empty when it declined. */
    private Optional<Long> callCredit(Connection connection, LotRecord lot, Instant asOf, EventRecord event)
            throws SQLException {
        Object[] lotValues = Sql.lotParams(lot);
        Object[] params = {lot.tenant(), lot.customerId(), lot.id(), lotValues[3], lotValues[4], lotValues[5],
            lotValues[6], lotValues[7], lotValues[8], lot.points(), lotValues[11], lotValues[12], lotValues[13],
            MAX_OPEN_POINTS, asOf, event.id(), Sql.aggregateId(event.tenant(), event.customerId()), event.type(),
            event.points(), Sql.stored("occurredAt", event.occurredAt()), event.payload()};
        return Sql.one(connection, dialect, sql.creditFunction, row -> {
            long balance = row.getLong(1);
            return row.wasNull() ? Optional.<Long>empty() : Optional.of(balance);
        }, params).orElseThrow();
    }

    /** The account did not qualify for a write-only credit: its unit is rolled back. */
    private static final class CreditDeclined extends RuntimeException {
        CreditDeclined() {
            super("declined", null, false, false);
        }
    }

    private long writeCredit(Connection connection, LotRecord lot, Instant asOf, EventRecord event) throws SQLException {
        Sql.Step update = new Sql.Step(sql.creditAccountWithoutDebt, lot.points(), lot.tenant(), lot.customerId(),
                MAX_OPEN_POINTS - lot.points());
        // the lot's columns but the computed balance_after, then the expired and pending points' and the account's keys
        List<Object> lotColumns = new ArrayList<>(Arrays.asList(Sql.lotParams(lot)));
        lotColumns.remove(lotColumns.size() - 1);
        lotColumns.addAll(List.of(lot.tenant(), lot.customerId(), asOf, lot.tenant(), lot.customerId(), asOf, asOf,
                lot.isPendingAt(asOf) ? lot.points() : 0, lot.tenant(), lot.customerId()));
        // the event's columns but balance_after, which comes from the lot
        List<Object> eventColumns = new ArrayList<>(Arrays.asList(Sql.eventParams(event)));
        eventColumns.remove(7);
        // by customer, the lot's key row first: a key taken, by whichever customer, fails before the account is locked
        List<Sql.Step> steps = new ArrayList<>();
        if (sql.byCustomer && lot.idempotencyKey() != null) {
            steps.add(new Sql.Step(sql.insertLotKey, lot.idempotencyKey(), lot.tenant(), lot.customerId(), lot.id()));
        }
        if (dialect.pipelinesMultipleStatements()) {
            // the update, then the lot and its event as one statement, in one round trip
            List<Object> params = new ArrayList<>(lotColumns);
            params.addAll(eventColumns);
            steps.add(update);
            steps.add(new Sql.Step(sql.insertCreditedLotWithEvent, params.toArray()));
            try (PreparedStatement statement = Sql.executeJoined(connection, dialect, steps)) {
                for (int i = 2; i < steps.size(); i++) {
                    statement.getMoreResults(); // past the key row's insert
                }
                int updated = statement.getUpdateCount();
                statement.getMoreResults();
                try (ResultSet inserted = statement.getResultSet()) {
                    return creditedBalance(updated, inserted);
                }
            }
        }
        if (!steps.isEmpty()) {
            Sql.executeAll(connection, dialect, steps);
        }
        int updated;
        try (PreparedStatement statement = Sql.executeJoined(connection, dialect, List.of(update))) {
            updated = statement.getUpdateCount();
        }
        if (updated != 1) {
            throw new CreditDeclined();
        }
        long balance;
        try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                List.of(new Sql.Step(sql.insertCreditedLot, lotColumns.toArray())));
             ResultSet inserted = statement.getResultSet()) {
            balance = creditedBalance(updated, inserted);
        }
        eventColumns.addAll(List.of(lot.tenant(), lot.customerId(), lot.id()));
        try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                List.of(new Sql.Step(sql.insertCreditedEvent, eventColumns.toArray())))) {
            if (statement.getUpdateCount() != 1) {
                throw new CreditDeclined();
            }
        }
        return balance;
    }

    private static long creditedBalance(int updatedAccounts, ResultSet inserted) throws SQLException {
        if (updatedAccounts != 1 || inserted == null || !inserted.next()) {
            throw new CreditDeclined();
        }
        return inserted.getLong(1);
    }

    /**
     * The account's row lock and a conditional update of the debit, sent in one round trip where
     * the driver pipelines them; the update, a statement of its own, runs once the lock is held.
     */
    @Override
    public boolean confirmReservation(String tenant, String customerId, String debitId, String couponCode,
                                      Instant confirmedAt, EventRecord event) {
        Sql.Step lock = new Sql.Step(sql.lockAccountRow, tenant, customerId);
        Sql.Step confirm = new Sql.Step(sql.confirmReservation, couponCode,
                Sql.stored("confirmedAt", confirmedAt), tenant, customerId, debitId);
        Sql.Step insertEvent = new Sql.Step(sql.insertEvent, Sql.eventParams(event));
        return transactions.inTransaction("confirmation of reservation '" + debitId + "' of customer '" + customerId
                + "' in tenant '" + tenant + "'", connection -> {
            if (dialect.pipelinesMultipleStatements()) {
                // the update and the event as one statement: the event only where the update confirmed
                List<Object> params = new ArrayList<>(Arrays.asList(confirm.params()));
                params.addAll(Arrays.asList(Sql.eventParams(event)));
                Sql.Step confirmWithEvent = new Sql.Step(sql.confirmReservationWithEvent, params.toArray());
                try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                        List.of(lock, confirmWithEvent))) {
                    statement.getMoreResults();
                    return statement.getUpdateCount() == 1;
                }
            }
            if (Sql.one(connection, dialect, lock.sql(), row -> row.getLong(1), lock.params()).isEmpty()) {
                return false;
            }
            try (PreparedStatement statement = Sql.executeJoined(connection, dialect, List.of(confirm))) {
                if (statement.getUpdateCount() != 1) {
                    return false;
                }
            }
            Sql.executeAll(connection, dialect, List.of(insertEvent));
            return true;
        });
    }

    @Override
    public Erasure deleteAccount(String tenant, String customerId, EventRecord event) {
        String what = "delete customer '" + customerId + "' in tenant '" + tenant + "'";
        return transactions.inTransaction(what, connection -> {
            // the row lock makes a unit running on the account finish first, or wait and find nothing
            if (Sql.one(connection, dialect, sql.lockAccountRow, row -> row.getLong(1), tenant, customerId)
                    .isEmpty()) {
                return Erasure.NO_ACCOUNT;
            }
            if (Sql.one(connection, dialect, sql.pendingReservationOfAccount, row -> row.getString(1), tenant, customerId)
                    .isPresent()) {
                return Erasure.RESERVATION_PENDING;
            }
            List<Sql.Step> steps = new ArrayList<>();
            if (sql.byCustomer) {
                steps.add(new Sql.Step(sql.deleteLotKeys, tenant, tenant, customerId));
                steps.add(new Sql.Step(sql.deleteDebitKeys, tenant, tenant, customerId));
            }
            Stream.of(sql.deleteAllocations, sql.deleteDebits, sql.deleteLots, sql.deleteAccount)
                    .forEach(delete -> steps.add(new Sql.Step(delete, tenant, customerId)));
            steps.add(new Sql.Step(sql.insertEvent, Sql.eventParams(event)));
            Sql.executeAll(connection, dialect, steps);
            return Erasure.DELETED;
        });
    }

    // ------------------------------------------------------------------ reads without locks

    @Override
    public Optional<AccountRecord> findAccount(String tenant, String customerId, Instant asOf) {
        return transactions.read("read the account", connection -> Sql.one(connection, dialect, sql.findAccount,
                row -> new AccountRecord(tenant, customerId, row.getLong("open_points"), row.getLong("debt"),
                        Sql.instant(row, "created_at", dialect), row.getLong("version"), row.getLong("expired_points"),
                        row.getLong("pending_points")),
                tenant, customerId, asOf, tenant, customerId, asOf, asOf, tenant, customerId));
    }

    @Override
    public Optional<LotRecord> findLotByKey(String tenant, String idempotencyKey) {
        return transactions.read("find a lot by idempotency key", connection -> JdbcAccountSession.lotByKey(connection,
                sql, dialect, tenant, idempotencyKey));
    }

    @Override
    public Optional<DebitRecord> findDebitByKey(String tenant, String idempotencyKey) {
        return transactions.read("find a debit by idempotency key", connection -> JdbcAccountSession.debitByKey(
                connection, sql, dialect, tenant, idempotencyKey));
    }

    @Override
    public List<LotRecord> lots(String tenant, String customerId, HistoryCursor after, int limit) {
        checkLimit(limit);
        return transactions.read("read lots", connection -> after == null
                ? Sql.list(connection, dialect, sql.firstLots, sql.lot, tenant, customerId, limit)
                : Sql.list(connection, dialect, sql.nextLots, sql.lot, tenant, customerId,
                        after.createdAt(), after.id(), limit));
    }

    @Override
    public List<DebitRecord> confirmedDebits(String tenant, String customerId, HistoryCursor after, int limit) {
        checkLimit(limit);
        return transactions.read("read debits", connection -> after == null
                ? Sql.list(connection, dialect, sql.firstConfirmedDebits, sql.debit, tenant, customerId, limit)
                : Sql.list(connection, dialect, sql.nextConfirmedDebits, sql.debit, tenant, customerId,
                        after.createdAt(), after.id(), limit));
    }

    @Override
    public List<AllocationRecord> confirmedAllocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        if (lotIds.isEmpty()) {
            return List.of();
        }
        return transactions.read("read allocations", connection -> Sql.list(connection, dialect,
                sql.confirmedAllocationsOfLots,
                row -> new AllocationRecord(row.getString("debit_id"), row.getString("lot_id"), row.getLong("points")),
                tenant, customerId, new Sql.IdArray(lotIds.toArray(String[]::new))));
    }

    @Override
    public List<String> customerIds(String tenant, String after, int limit) {
        checkLimit(limit);
        return transactions.read("list customers", connection -> after == null
                ? Sql.list(connection, dialect, sql.firstCustomerIds, row -> row.getString(1), tenant, limit)
                : Sql.list(connection, dialect, sql.nextCustomerIds, row -> row.getString(1), tenant, after, limit));
    }

    @Override
    public List<AccountKey> accountsWithExpiredLots(Instant asOf, int limit) {
        checkLimit(limit);
        // twice as many candidates as asked, so that skipping locked ones still fills the answer
        int candidates = (int) Math.min(Integer.MAX_VALUE, 2L * limit);
        return unlockedAccounts("find accounts with expired lots", sql.accountsWithExpiredLots,
                sql.expiredLotCandidates, limit, asOf, candidates);
    }

    /**
     * The accounts of a candidates query, skipping those another transaction holds locked: one
     * locking statement ({@code locked}: the candidates' parameters, then the limit), or where the
     * dialect locks one tenant at a time, the candidates read without locks and then one locking
     * statement per tenant among them.
     */
    private List<AccountKey> unlockedAccounts(String what, String locked, String candidates, int limit,
                                              Object... candidateParams) {
        Sql.RowMapper<AccountKey> key = row -> new AccountKey(row.getString(1), row.getString(2));
        return transactions.read(what, connection -> {
            if (!dialect.locksOneTenantAtATime()) {
                Object[] params = Arrays.copyOf(candidateParams, candidateParams.length + 1);
                params[candidateParams.length] = limit;
                return Sql.list(connection, dialect, locked, key, params);
            }
            List<AccountKey> result = new ArrayList<>();
            if (sql.byCustomer) {
                // a tenant spans shards: one account at a time
                for (AccountKey candidate : new LinkedHashSet<>(Sql.list(connection, dialect, candidates, key,
                        candidateParams))) {
                    if (result.size() == limit) {
                        break;
                    }
                    Sql.one(connection, dialect, sql.unlockedAccount, key, candidate.tenant(), candidate.customerId())
                            .ifPresent(result::add);
                }
                return result;
            }
            for (Map.Entry<String, List<AccountKey>> tenant : byTenant(Sql.list(connection, dialect, candidates, key,
                    candidateParams), AccountKey::tenant).entrySet()) {
                if (result.size() == limit) {
                    break;
                }
                String[] customerIds = tenant.getValue().stream().map(AccountKey::customerId).toArray(String[]::new);
                result.addAll(Sql.list(connection, dialect, sql.unlockedAccountsOfTenant, key, tenant.getKey(),
                        new Sql.IdArray(customerIds), limit - result.size()));
            }
            return result;
        });
    }

    @Override
    public List<AccountKey> accountsWithActivationsToRecord(Instant asOf, int limit) {
        checkLimit(limit);
        int candidates = (int) Math.min(Integer.MAX_VALUE, 2L * limit); // as for the expired lots
        return unlockedAccounts("find accounts with activations to record", sql.accountsWithActivationsToRecord,
                sql.activationCandidates, limit, asOf, candidates);
    }

    @Override
    public List<DebitRecord> pendingReservations(Instant createdAtOrBefore, ReservationCursor after, int limit) {
        checkLimit(limit);
        return transactions.read("find pending reservations", connection -> after == null
                ? Sql.list(connection, dialect, sql.firstPendingReservations, sql.debit, createdAtOrBefore, limit)
                : Sql.list(connection, dialect, sql.nextPendingReservations, sql.debit, createdAtOrBefore,
                        after.createdAt(), after.createdAt(), after.tenant(), after.tenant(), after.id(), limit));
    }

    // ------------------------------------------------------------------ the outbox

    /**
     * One transaction: the claimable events, locked (skipping rows another relay holds locked, where
     * the database can); the delivery, while the locks are held; then the failures, one statement
     * each, and the delivered events, one statement for the batch. Where the dialect locks one
     * tenant at a time, the claimable events are read without locks, then locked tenant by tenant.
     */
    @Override
    public int deliverEvents(Instant now, int limit, Delivery delivery) {
        checkLimit(limit);
        return transactions.inTransaction("delivery of events", connection -> {
            List<EventRecord> held = dialect.locksOneTenantAtATime() ? holdTenantByTenant(connection, now, limit)
                    : Sql.list(connection, dialect, sql.claimableEvents, sql.event, now, limit);
            if (held.isEmpty()) {
                return 0;
            }
            Outcome outcome = delivery.deliver(held);
            Set<Long> failed = new HashSet<>();
            List<Sql.Step> steps = new ArrayList<>();
            for (Failure failure : outcome.failures()) {
                failed.add(failure.position());
                String error = failure.error();
                steps.add(new Sql.Step(sql.eventFailed, failure.nextAttemptAt(),
                        Sql.instantOrNull(failure.park() ? failure.nextAttemptAt() : null),
                        Sql.text(error == null || error.length() <= 1000 ? error : error.substring(0, 1000)),
                        failure.position()));
            }
            long[] delivered = held.stream().mapToLong(EventRecord::position).filter(p -> !failed.contains(p)).toArray();
            if (delivered.length > 0) {
                steps.add(new Sql.Step(sql.eventsDelivered, outcome.deliveredAt(), new Sql.NumberArray(delivered)));
            }
            Sql.executeAll(connection, dialect, steps);
            return held.size();
        });
    }

    private List<EventRecord> holdTenantByTenant(Connection connection, Instant now, int limit) throws SQLException {
        List<EventRecord> candidates = Sql.list(connection, dialect, sql.claimableEventCandidates, sql.event, now,
                limit);
        // by customer a tenant spans shards: one account at a time
        Function<EventRecord, String> shard = sql.byCustomer
                ? event -> Sql.aggregateId(event.tenant(), event.customerId()) : EventRecord::tenant;
        List<EventRecord> held = new ArrayList<>();
        for (List<EventRecord> group : byTenant(candidates, shard).values()) {
            EventRecord first = group.get(0);
            held.addAll(sql.byCustomer
                    ? Sql.list(connection, dialect, sql.claimableEventsOfAccount, sql.event, now, first.tenant(),
                            first.customerId(), positions(group))
                    : Sql.list(connection, dialect, sql.claimableEventsOfTenant, sql.event, now, first.tenant(),
                            positions(group)));
        }
        held.sort(Comparator.comparingLong(EventRecord::position));
        return held;
    }

    /** Rows grouped by tenant (or another key), in the order each group first appears. */
    private static <T> Map<String, List<T>> byTenant(List<T> rows, Function<T, String> tenant) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(tenant.apply(row), key -> new ArrayList<>()).add(row));
        return groups;
    }

    private static Sql.NumberArray positions(List<EventRecord> events) {
        return new Sql.NumberArray(events.stream().mapToLong(EventRecord::position).toArray());
    }

    @Override
    public int retryParkedEvents(Instant now) {
        return transactions.inTransaction("retry of parked events", connection -> {
            try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                    List.of(new Sql.Step(sql.retryParkedEvents, now)))) {
                return statement.getUpdateCount();
            }
        });
    }

    @Override
    public List<EventRecord> eventsAfter(long afterPosition, int limit) {
        checkLimit(limit);
        return transactions.read("read events", connection -> Sql.list(connection, dialect, sql.eventsAfter, sql.event,
                afterPosition, limit));
    }

    @Override
    public int purgeDeliveredEvents(Instant deliveredBefore, int limit) {
        checkLimit(limit);
        return transactions.inTransaction("purge of delivered events", connection -> {
            try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                    List.of(new Sql.Step(sql.purgeDeliveredEvents, deliveredBefore, limit)))) {
                return statement.getUpdateCount();
            }
        });
    }

    @Override
    public OutboxStatus outboxStatus() {
        return transactions.read("read the outbox status", connection -> Sql.one(connection, dialect, sql.outboxStatus,
                row -> new OutboxStatus(Optional.ofNullable(Sql.instant(row, "oldest", dialect)), row.getLong("undelivered"),
                        row.getLong("parked"))).orElseThrow());
    }

    // ------------------------------------------------------------------ expiring soon

    @Override
    public List<CustomerExpiry> customersWithExpiringLots(String tenant, Instant after, Instant until,
                                                          String afterCustomerId, int limit) {
        checkLimit(limit);
        Sql.RowMapper<CustomerExpiry> row = result -> new CustomerExpiry(result.getString("customer_id"),
                result.getLong("points"), Sql.instant(result, "earliest", dialect));
        return transactions.read("list customers with expiring points", connection -> afterCustomerId == null
                ? Sql.list(connection, dialect, sql.firstCustomersWithExpiringLots, row, tenant, after, until, limit)
                : Sql.list(connection, dialect, sql.nextCustomersWithExpiringLots, row, tenant, after, until,
                        afterCustomerId, limit));
    }

    @Override
    public List<AccountKey> accountsWithLotsToAnnounce(Instant asOf, Instant until, long windowSeconds, int limit) {
        checkLimit(limit);
        // twice as many candidates as asked, so that skipping locked ones still fills the answer
        int candidates = (int) Math.min(Integer.MAX_VALUE, 2L * limit);
        return unlockedAccounts("find accounts with lots to announce", sql.accountsWithLotsToAnnounce,
                sql.lotsToAnnounceCandidates, limit, asOf, until, windowSeconds, candidates);
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    private static String checkPrefix(String tablePrefix) {
        if (tablePrefix == null || !TABLE_PREFIX.matcher(tablePrefix).matches()
                || tablePrefix.length() > MAX_TABLE_PREFIX_LENGTH) {
            throw new InvalidInputException("tablePrefix", tablePrefix, "must be 1 to " + MAX_TABLE_PREFIX_LENGTH
                    + " characters: a lower-case letter, then lower-case letters, digits or underscores");
        }
        return tablePrefix;
    }

    // ------------------------------------------------------------------ as of an instant

    @Override
    public Optional<EntriesAfter> entriesAfter(String tenant, String customerId, Instant instant) {
        // nothing is stored before MIN_STORED, so the account is younger than any earlier instant
        Instant at = instant.isBefore(Sql.MIN_STORED) ? Sql.MIN_STORED : instant;
        return transactions.read("read the account as of an instant", connection -> Sql.one(connection, dialect,
                sql.entriesAfter, row -> new EntriesAfter(
                        new AccountRecord(tenant, customerId, row.getLong("open_points"), row.getLong("debt"),
                                Sql.instant(row, "created_at", dialect), row.getLong("version"),
                                row.getLong("expired_points")),
                        row.getLong("later_lots"), row.getLong("later_allocations"),
                        row.getLong("released_allocations"), row.getLong("later_debt"),
                        row.getLong("later_settlements")),
                sql.entriesAfterParams(tenant, customerId, at)));
    }

    @Override
    public List<DatedAllocation> allocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        if (lotIds.isEmpty()) {
            return List.of();
        }
        return transactions.read("read allocations of lots", connection -> Sql.list(connection, dialect,
                sql.allocationsOfLots, row -> new DatedAllocation(row.getString("debit_id"), row.getString("lot_id"),
                        row.getLong("points"), DebitKind.valueOf(row.getString("kind")),
                        DebitStatus.valueOf(row.getString("status")), Sql.instant(row, "created_at", dialect),
                        Sql.instant(row, "resolved_at", dialect)),
                tenant, customerId, new Sql.IdArray(lotIds.toArray(String[]::new))));
    }

    @Override
    public List<LotRecord> lotsPendingAt(String tenant, String customerId, Instant instant) {
        return transactions.read("read lots pending at an instant", connection -> Sql.list(connection, dialect,
                sql.lotsPendingAt, sql.lot, tenant, customerId, instant, instant, instant));
    }

    @Override
    public String toString() {
        return "JdbcLedgerStore[" + dialect.name() + ", prefix " + tablePrefix
                + (transactions.joinsCallerTransaction() ? ", joined" : "") + "]";
    }

    /** Builds a {@link JdbcLedgerStore}; every setter rejects a bad value at once, naming it. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private SchemaMode schemaMode = DEFAULT_SCHEMA_MODE;
        private SqlDialect dialect;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private TransactionIsolation isolation = DEFAULT_TRANSACTION_ISOLATION;

        private Builder(DataSource dataSource) {
            this.dataSource = Checks.required("dataSource", dataSource);
        }

        /**
         * Prefix of every table, index and constraint name; default {@link #DEFAULT_TABLE_PREFIX}.
         *
         * @param tablePrefix the prefix
         * @return this builder
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = checkPrefix(tablePrefix);
            return this;
        }

        /**
         * What {@link #build()} does about the schema; default {@link #DEFAULT_SCHEMA_MODE}.
         *
         * @param schemaMode what to do about the schema
         * @return this builder
         */
        public Builder schemaMode(SchemaMode schemaMode) {
            this.schemaMode = Checks.required("schemaMode", schemaMode);
            return this;
        }

        /**
         * The database's dialect; by default detected from the database product name among the
         * built-in dialects ({@link PostgresDialect}, {@link MariaDbDialect}, {@link H2Dialect}),
         * and {@link CitusDialect#INSTANCE} (by tenant) for a PostgreSQL database with the
         * {@code citus} extension. Give one to use a database of your own (see {@link SqlDialect}),
         * Citus by customer ({@link CitusDialect#BY_CUSTOMER}, never detected), or to skip detection.
         *
         * @param dialect the dialect
         * @return this builder
         */
        public Builder dialect(SqlDialect dialect) {
            this.dialect = Checks.required("dialect", dialect); // leave it unset to detect it
            return this;
        }

        /**
         * Re-runs of a unit after serialization failures or deadlocks, 0 to {@link #MAX_MAX_RETRIES};
         * default {@link #DEFAULT_MAX_RETRIES}.
         *
         * @param maxRetries the number of re-runs
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > MAX_MAX_RETRIES) {
                throw new InvalidInputException("maxRetries", maxRetries, "must be between 0 and " + MAX_MAX_RETRIES);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Isolation level of the store's own transactions; default {@link #DEFAULT_TRANSACTION_ISOLATION}.
         * Setting a level other than the connections' costs round trips per unit to set and restore
         * it: prefer configuring the pool.
         *
         * @param isolation the level
         * @return this builder
         */
        public Builder transactionIsolation(TransactionIsolation isolation) {
            this.isolation = Checks.required("transactionIsolation", isolation);
            return this;
        }

        /**
         * Detects the dialect when none was set and applies the schema mode.
         *
         * @return the store
         * @throws StorageException when the database cannot be reached, is not supported, or its
         *                          schema fails validation (the message names what is missing)
         */
        public JdbcLedgerStore build() {
            SqlDialect chosen = dialect != null ? dialect : detect();
            if (chosen.unsafeIsolationLevels().contains(isolation)) {
                throw new InvalidInputException("transactionIsolation", isolation, "is not safe on " + chosen.name()
                        + "; use READ_COMMITTED, SERIALIZABLE or CONNECTION_DEFAULT");
            }
            SchemaManager schema = new SchemaManager(dataSource, chosen, tablePrefix);
            if (schemaMode == SchemaMode.CREATE) {
                schema.create();
            }
            if (schemaMode != SchemaMode.NONE) {
                schema.validate();
            }
            return new JdbcLedgerStore(new JdbcTransactions(dataSource, chosen, maxRetries, isolation), tablePrefix);
        }

        private SqlDialect detect() {
            try (Connection connection = dataSource.getConnection()) {
                DatabaseMetaData metaData = connection.getMetaData();
                String product = metaData.getDatabaseProductName();
                SqlDialect byName = DIALECTS.stream().filter(candidate -> candidate.supports(product)).findFirst()
                        .orElseThrow(() -> new StorageException("Database '" + product + "' is not supported; supported: "
                                + DIALECTS.stream().map(SqlDialect::name).toList() + " and " + CitusDialect.INSTANCE.name()
                                + ". Set one with JdbcLedgerStore.builder(...).dialect(...) if it is compatible."));
                // Citus reports itself as PostgreSQL: its extension tells them apart
                return byName == PostgresDialect.INSTANCE && CitusDialect.installedIn(connection)
                        ? CitusDialect.INSTANCE : byName;
            } catch (SQLException e) {
                throw new StorageException("Could not connect to detect the database dialect: " + e.getMessage(), e);
            }
        }
    }
}
