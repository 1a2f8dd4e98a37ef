package org.rewardpoints.jdbc;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LotRecord;

/**
 * Every SQL statement of the store, built once for a table prefix and dialect. Comments name the
 * index a statement relies on where the plan matters. Paging is by keyset predicates, never OFFSET.
 */
final class Statements {
    static final String LOT_COLUMNS = "id, tenant, customer_id, idempotency_key, order_id, order_value, currency,"
            + " reference_id, description, points, remaining, created_at, valid_until, activates_at, balance_after";
    /** Columns a lot is inserted with: {@link #LOT_COLUMNS} and its {@code pending_until}, balance_after last. */
    static final String LOT_INSERT_COLUMNS = LOT_COLUMNS.replace(", balance_after", ", pending_until, balance_after");
    static final String DEBIT_COLUMNS = "id, tenant, customer_id, kind, status, idempotency_key, order_id,"
            + " refunded_value, description, points, requested_points, created_at, balance_after,"
            + " redeem_option_id, coupon_code, resolved_at";
    /** Columns of an event as the outbox reads it. */
    static final String EVENT_COLUMNS = "position, id, tenant, customer_id, type, entry_id, points, balance_after,"
            + " occurred_at, payload, attempts";
    /** The lot column holding its activatesAt until the activation is recorded (not part of {@link LotRecord}). */
    static final String LOT_PENDING_UNTIL = "pending_until";
    /** The lot column recording its last expiring-soon announcement (not part of {@link LotRecord}). */
    static final String LOT_ANNOUNCED_WINDOW = "announced_window";
    /** Columns an event is inserted with (position and delivery state are the table's). */
    static final String EVENT_INSERT_COLUMNS = "id, aggregate_id, tenant, customer_id, type, entry_id, points,"
            + " balance_after, occurred_at, payload";

    final String accounts;
    final String lots;
    final String debits;
    final String allocations;
    final String events;
    final String schemaVersion;
    /** Citus by customer's key tables ({@link CitusDialect#BY_CUSTOMER}); else null. */
    final String lotKeys;
    final String debitKeys;

    /**
     * Whether the tables are distributed by customer ({@link CitusDialect#BY_CUSTOMER}): every
     * idempotency key is written to its key table with the entry and read through it, the
     * statements below marked "by customer" are set (else null), and locks are taken one account
     * at a time.
     */
    final boolean byCustomer;

    // ---- reads inside a unit
    /** Locks the account row; also returns the version and expired points as the statement's snapshot saw them. */
    final String lockAccount;
    final String lotByKey;
    final String debitByKey;
    final String debitById;
    /** By customer: the account and lot of a lot's idempotency key, from its key table (one shard). */
    final String lotKey;
    /** By customer: the account and debit of a debit's idempotency key, from its key table (one shard). */
    final String debitKey;
    /** By customer: one lot of one account. */
    final String lotById;
    final String firstSpendableLots;
    final String nextSpendableLots;
    final String expiredLots;
    final String lotsByIds;
    final String reversalsOfOrder;
    final String claimsOnLot;
    final String allocationsOfDebit;
    final String unsettledDebts;
    final String lotsWithActivationToRecord;

    // ---- writes inside a unit
    final String insertAccount;
    final String updateAccount;
    final String insertLot;
    final String updateLotRemaining;
    final String insertDebit;
    final String updateDebit;
    final String insertAllocation;
    final String recordActivation;
    /** By customer: a lot's idempotency key, written with the lot (a second lot under the key is a duplicate). */
    final String insertLotKey;
    /** By customer: a debit's idempotency key, written with the debit. */
    final String insertDebitKey;

    // ---- the write-only credit (LedgerStore.tryCredit), two statements in this order
    final String creditAccountWithoutDebt;
    final String insertCreditedLot;
    /** The write-only credit with its event as one call: the DDL's function (PostgreSQL) or procedure (MariaDB); else null. */
    final String creditFunction;
    /** Whether the credit's call commits on its own (a procedure with its own transaction). */
    final boolean creditCallCommits;

    // ---- reads outside units
    final String findAccount;
    final String firstLots;
    final String nextLots;
    final String firstConfirmedDebits;
    final String nextConfirmedDebits;
    final String confirmedAllocationsOfLots;
    final String firstCustomerIds;
    final String nextCustomerIds;
    final String accountsWithExpiredLots;
    /** The candidates of {@link #accountsWithExpiredLots}, across all tenants, without locks. */
    final String expiredLotCandidates;
    final String accountsWithActivationsToRecord;
    /** The candidates of {@link #accountsWithActivationsToRecord}, across all tenants, without locks. */
    final String activationCandidates;
    /** Of one tenant's given accounts, those no other transaction holds locked (a single-shard lock). */
    final String unlockedAccountsOfTenant;
    /** By customer: the account unless another transaction holds it locked (a single-shard lock). */
    final String unlockedAccount;
    final String firstPendingReservations;
    final String nextPendingReservations;
    final String pendingReservationOfAccount;

    // ---- erasure and the one-statement confirmation, both under the account's row lock
    /** Locks the account row without reading its figures. */
    final String lockAccountRow;
    final String confirmReservation;
    final String deleteAllocations;
    final String deleteDebits;
    final String deleteLots;
    final String deleteAccount;
    /** By customer: the key rows of the account's lots and debits, deleted before them (on every key shard). */
    final String deleteLotKeys;
    final String deleteDebitKeys;

    // ---- the outbox
    final String insertEvent;
    /** The event of a write-only credit, with the balance the lot was inserted with. */
    final String insertCreditedEvent;
    /** PostgreSQL: the credited lot and its event in one statement, returning the lot's balance after. */
    final String insertCreditedLotWithEvent;
    /** PostgreSQL: the confirmation and its event in one statement, the event only if the update confirmed. */
    final String confirmReservationWithEvent;
    final String claimableEvents;
    /** The events {@link #claimableEvents} locks, across all tenants, without locks. */
    final String claimableEventCandidates;
    /** Of one tenant's given events, those still claimable and not locked by another relay, locked. */
    final String claimableEventsOfTenant;
    /** By customer: {@link #claimableEventsOfTenant} for one account's events. */
    final String claimableEventsOfAccount;
    final String eventsDelivered;
    final String eventFailed;
    final String retryParkedEvents;
    final String eventsAfter;
    final String purgeDeliveredEvents;
    final String outboxStatus;

    // ---- as of an instant
    /** The account with the sums of {@link org.rewardpoints.spi.EntriesAfter}, in one statement (one snapshot). */
    final String entriesAfter;
    /** Allocations of given lots with their debits' kind, status and times. */
    final String allocationsOfLots;
    final String lotsPendingAt;
    // ---- expiring soon: the per-tenant page, and the announcements' candidates, reads and marks
    final String firstCustomersWithExpiringLots;
    final String nextCustomersWithExpiringLots;
    final String accountsWithLotsToAnnounce;
    /** The candidates of {@link #accountsWithLotsToAnnounce}, across all tenants, without locks. */
    final String lotsToAnnounceCandidates;
    final String lotsToAnnounce;
    final String markAnnounced;

    /**
     * Whether the sub-selects of {@link #entriesAfter} bind the tenant again rather than correlate
     * on it: Citus routes a sub-select correlated on the tenant to every shard, one that names its
     * tenant to one.
     */
    private final boolean bindsTenantAgain;

    // ---- row mappers reading instants through the dialect
    final Sql.RowMapper<LotRecord> lot;
    final Sql.RowMapper<DebitRecord> debit;
    final Sql.RowMapper<EventRecord> event;

    Statements(String prefix, SqlDialect dialect) {
        lot = row -> Sql.lot(row, dialect);
        debit = row -> Sql.debit(row, dialect);
        event = row -> Sql.event(row, dialect);

        accounts = prefix + "accounts";
        lots = prefix + "lots";
        debits = prefix + "debits";
        allocations = prefix + "allocations";
        events = prefix + "events";
        schemaVersion = prefix + "schema_version";
        byCustomer = CitusDialect.byCustomer(dialect);
        lotKeys = byCustomer ? prefix + "lot_keys" : null;
        debitKeys = byCustomer ? prefix + "debit_keys" : null;

        // MariaDB has no partial indexes: its open-lot index is on open_until, valid_until while the lot
        // has points left and NULL once spent (a generated column), so that the spent lots, spent
        // soonest-expiring first, lie outside the ranges the hot paths read instead of in front of them
        boolean mariaDb = dialect instanceof MariaDbDialect;
        String openUntil = mariaDb ? "open_until" : "valid_until";
        String open = mariaDb ? "" : "remaining > 0 AND ";
        // On MariaDB the reads of an account's open and pending lots name their index: the optimizer
        // otherwise weighs every index that begins with (tenant, customer_id) on every execution, a
        // third of a balance read's time and of the hot account's read of its spendable lots
        String openIndex = mariaDb ? " USE INDEX (" + prefix + "lots_open_idx)" : "";
        String pendingIndex = mariaDb ? " USE INDEX (" + prefix + "lots_pending_idx)" : "";
        String expiredSum = "(SELECT COALESCE(SUM(l.remaining), 0) FROM " + lots + " l" + openIndex
                + " WHERE l.tenant = ? AND l.customer_id = ? AND " + (mariaDb ? "" : "l.remaining > 0 AND ") + "l." + openUntil
                + " <= ?)";
        // pending index (tenant, customer_id, activates_at) WHERE activates_at IS NOT NULL: the lots
        // pending now, read from the index alone. Parameters: tenant, customer, asOf, asOf.
        String pendingSum = "(SELECT COALESCE(SUM(l.remaining), 0) FROM " + lots + " l" + pendingIndex
                + " WHERE l.tenant = ? AND l.customer_id = ? AND l.activates_at > ? AND l.remaining > 0"
                + " AND l.valid_until > ?)";
        // Under READ COMMITTED a SELECT ... FOR UPDATE that waited returns the newest row version,
        // while its sub-selects keep the statement's older snapshot; seen_version tells the two apart.
        lockAccount = "SELECT a.open_points, a.debt, a.created_at, a.version,"
                + " (SELECT s.version FROM " + accounts + " s WHERE s.tenant = ? AND s.customer_id = ?) AS seen_version, "
                + expiredSum + " AS expired_points, " + pendingSum + " AS pending_points"
                + " FROM " + accounts + " a WHERE a.tenant = ? AND a.customer_id = ? FOR UPDATE";
        findAccount = "SELECT a.open_points, a.debt, a.created_at, a.version, " + expiredSum + " AS expired_points, "
                + pendingSum + " AS pending_points FROM " + accounts + " a WHERE a.tenant = ? AND a.customer_id = ?";

        lotByKey = "SELECT " + LOT_COLUMNS + " FROM " + lots + " WHERE tenant = ? AND idempotency_key = ?";
        debitByKey = "SELECT " + DEBIT_COLUMNS + " FROM " + debits + " WHERE tenant = ? AND idempotency_key = ?";
        debitById = "SELECT " + DEBIT_COLUMNS + " FROM " + debits + " WHERE tenant = ? AND customer_id = ? AND id = ?";
        lotKey = byCustomer ? "SELECT customer_id, lot_id FROM " + lotKeys + " WHERE tenant = ? AND idempotency_key = ?"
                : null;
        debitKey = byCustomer ? "SELECT customer_id, debit_id FROM " + debitKeys
                + " WHERE tenant = ? AND idempotency_key = ?" : null;
        lotById = byCustomer ? "SELECT " + LOT_COLUMNS + " FROM " + lots + " WHERE tenant = ? AND customer_id = ? AND id = ?"
                : null;
        insertLotKey = byCustomer ? "INSERT INTO " + lotKeys + " (idempotency_key, tenant, customer_id, lot_id)"
                + " VALUES (?, ?, ?, ?)" : null;
        insertDebitKey = byCustomer ? "INSERT INTO " + debitKeys + " (idempotency_key, tenant, customer_id, debit_id)"
                + " VALUES (?, ?, ?, ?)" : null;

        // open-lot index (tenant, customer_id, valid_until, created_at, id) WHERE remaining > 0 (on
        // MariaDB: (tenant, customer_id, open_until, created_at, id), see openUntil). The
        // ORDER BY names the index's leading columns, fixed by the WHERE (accountOrder): PostgreSQL
        // ignores them, while H2 reads the index in order only then (else it sorts all the account's
        // lots). MariaDB is the other way round: given them, it reads the primary key and sorts all
        // the account's lots ("Using filesort"); without them it reads the open-lot index in order.
        String accountOrder = mariaDb ? "" : "tenant, customer_id, ";
        String openOrder = accountOrder + openUntil + ", created_at, id";
        String spendable = "SELECT " + LOT_COLUMNS + " FROM " + lots + openIndex
                + " WHERE tenant = ? AND customer_id = ? AND " + open + openUntil + " > ?"
                + " AND (activates_at IS NULL OR activates_at <= ?)";
        String fifo = " ORDER BY " + openOrder + " LIMIT ?";
        firstSpendableLots = spendable + fifo;
        nextSpendableLots = spendable + " AND (" + openUntil + ", created_at, id) > (?, ?, ?)" + fifo;
        expiredLots = "SELECT " + LOT_COLUMNS + " FROM " + lots + openIndex
                + " WHERE tenant = ? AND customer_id = ? AND " + open + openUntil + " <= ?"
                + " ORDER BY " + openOrder;
        lotsByIds = "SELECT " + LOT_COLUMNS + " FROM " + lots + " WHERE tenant = ? AND customer_id = ? AND "
                + dialect.idIn("id");
        reversalsOfOrder = "SELECT " + DEBIT_COLUMNS + " FROM " + debits
                + " WHERE tenant = ? AND customer_id = ? AND kind = 'REVERSAL' AND order_id = ? ORDER BY created_at, id";
        claimsOnLot = "SELECT COALESCE(SUM(CASE WHEN d.status = 'PENDING' THEN a.points END), 0),"
                + " COALESCE(SUM(CASE WHEN d.kind = 'EXPIRY' THEN a.points END), 0) FROM " + allocations + " a JOIN "
                + debits + " d ON d.tenant = a.tenant AND d.customer_id = a.customer_id AND d.id = a.debit_id"
                + " WHERE a.tenant = ? AND a.customer_id = ? AND a.lot_id = ?";
        allocationsOfDebit = "SELECT debit_id, lot_id, points FROM " + allocations
                + " WHERE tenant = ? AND customer_id = ? AND debit_id = ? ORDER BY lot_id";
        // a join rather than a correlated sub-select: Citus routes a join on the tenant to one shard,
        // but runs a sub-select correlated on the tenant on every shard
        unsettledDebts = "SELECT d.id, d.points - COALESCE(SUM(x.points), 0) AS unsettled FROM " + debits + " d"
                + " LEFT JOIN " + allocations + " x"
                + " ON x.tenant = d.tenant AND x.customer_id = d.customer_id AND x.debit_id = d.id"
                + " WHERE d.tenant = ? AND d.customer_id = ? AND d.kind = 'REVERSAL'"
                + " GROUP BY d.id, d.created_at, d.points HAVING d.points > COALESCE(SUM(x.points), 0)"
                + " ORDER BY d.created_at, d.id";

        insertAccount = "INSERT INTO " + accounts + " (tenant, customer_id, open_points, debt, created_at, version)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        updateAccount = "UPDATE " + accounts + " SET open_points = ?, debt = ?, version = ?"
                + " WHERE tenant = ? AND customer_id = ?";
        insertLot = "INSERT INTO " + lots + " (" + LOT_INSERT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        recordActivation = "UPDATE " + lots + " SET activates_at = ?, " + LOT_PENDING_UNTIL + " = NULL"
                + " WHERE tenant = ? AND customer_id = ? AND id = ?";
        // the activation index holds only lots whose activation is not recorded (the pending index the lots ever pending)
        lotsWithActivationToRecord = "SELECT " + LOT_COLUMNS + " FROM " + lots
                + " WHERE tenant = ? AND customer_id = ? AND " + LOT_PENDING_UNTIL + " <= ?";
        updateLotRemaining = "UPDATE " + lots + " SET remaining = ? WHERE tenant = ? AND customer_id = ? AND id = ?";
        insertDebit = "INSERT INTO " + debits + " (" + DEBIT_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        updateDebit = "UPDATE " + debits + " SET status = ?, coupon_code = ?, balance_after = ?, resolved_at = ?"
                + " WHERE tenant = ? AND customer_id = ? AND id = ?";
        insertAllocation = "INSERT INTO " + allocations + " (tenant, customer_id, debit_id, lot_id, points)"
                + " VALUES (?, ?, ?, ?, ?)";

        creditAccountWithoutDebt = "UPDATE " + accounts + " SET open_points = open_points + ?, version = version + 1"
                + " WHERE tenant = ? AND customer_id = ? AND debt = 0 AND open_points <= ?";
        // A statement of its own after the update, so that under READ COMMITTED its snapshot is
        // taken once the account row is locked: the expired points are current.
        // the lot's own pending points are the last parameter before the account's keys: the
        // sub-select does not see the row being inserted
        insertCreditedLot = dialect.insertReturning("INSERT INTO " + lots + " (" + LOT_INSERT_COLUMNS + ")"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, a.open_points - " + expiredSum + " - " + pendingSum
                + " - ?"
                + " FROM " + accounts + " a WHERE a.tenant = ? AND a.customer_id = ? AND a.debt = 0", "balance_after");

        String call = creditCall(dialect, prefix);
        creditFunction = call == null ? null : call + "?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + dialect.jsonParameter() + ")";
        creditCallCommits = routinesAreProcedures(dialect);

        // history index (tenant, customer_id, created_at, id), its leading columns in the ORDER BY for H2
        // (not for MariaDB, as above)
        String lotHistory = "SELECT " + LOT_COLUMNS + " FROM " + lots + " WHERE tenant = ? AND customer_id = ?";
        firstLots = lotHistory + " ORDER BY " + accountOrder + "created_at, id LIMIT ?";
        nextLots = lotHistory + " AND (created_at, id) > (?, ?) ORDER BY " + accountOrder + "created_at, id LIMIT ?";
        String debitHistory = "SELECT " + DEBIT_COLUMNS + " FROM " + debits
                + " WHERE tenant = ? AND customer_id = ? AND status = 'CONFIRMED'";
        firstConfirmedDebits = debitHistory + " ORDER BY " + accountOrder + "created_at, id LIMIT ?";
        nextConfirmedDebits = debitHistory + " AND (created_at, id) > (?, ?)"
                + " ORDER BY " + accountOrder + "created_at, id LIMIT ?";
        String confirmedAllocations = "SELECT x.debit_id, x.lot_id, x.points FROM " + allocations + " x"
                + " JOIN " + debits + " d ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
                + " WHERE x.tenant = ? AND x.customer_id = ? AND d.status = 'CONFIRMED'";
        // PostgreSQL plans a statement prepared on the server generically after five runs, estimated
        // for an average customer; "x.lot_id = ANY (?)" then becomes a filter over all the customer's
        // allocations, which costs as much as the history is long. The lateral join looks each lot
        // up by the whole key of the allocations' lot index instead. Parameters: tenant, customer, ids.
        confirmedAllocationsOfLots = dialect instanceof PostgresDialect
                ? "SELECT a.debit_id, a.lot_id, a.points FROM (SELECT CAST(? AS varchar) AS tenant,"
                        + " CAST(? AS varchar) AS customer_id, unnest(CAST(? AS varchar[])) AS lot_id) l"
                        + " CROSS JOIN LATERAL (" + confirmedAllocations.replace("x.tenant = ? AND x.customer_id = ?",
                                "x.tenant = l.tenant AND x.customer_id = l.customer_id AND x.lot_id = l.lot_id")
                        + ") a ORDER BY a.lot_id, a.debit_id"
                : confirmedAllocations + " AND " + dialect.idIn("x.lot_id") + " ORDER BY x.lot_id, x.debit_id";
        firstCustomerIds = "SELECT customer_id FROM " + accounts + " WHERE tenant = ? ORDER BY customer_id LIMIT ?";
        nextCustomerIds = "SELECT customer_id FROM " + accounts + " WHERE tenant = ? AND customer_id > ?"
                + " ORDER BY customer_id LIMIT ?";
        // Candidates come from the open lots; accounts another sweeper holds locked are skipped.
        expiredLotCandidates = "SELECT l.tenant, l.customer_id FROM " + lots + " l WHERE l.remaining > 0"
                + " AND l.valid_until <= ? GROUP BY l.tenant, l.customer_id LIMIT ?";
        accountsWithExpiredLots = lockedCandidates(expiredLotCandidates, dialect);
        // activation index (pending_until) WHERE pending_until IS NOT NULL, as the expired lots' candidates
        activationCandidates = "SELECT l.tenant, l.customer_id FROM " + lots + " l WHERE l." + LOT_PENDING_UNTIL
                + " <= ? GROUP BY l.tenant, l.customer_id LIMIT ?";
        accountsWithActivationsToRecord = lockedCandidates(activationCandidates, dialect);
        unlockedAccountsOfTenant = "SELECT tenant, customer_id FROM " + accounts + " WHERE tenant = ? AND "
                + dialect.idIn("customer_id") + " LIMIT ?" + dialect.skipLockedClause();
        unlockedAccount = byCustomer ? "SELECT tenant, customer_id FROM " + accounts + " WHERE tenant = ?"
                + " AND customer_id = ?" + dialect.skipLockedClause() : null;
        String pending = "SELECT " + DEBIT_COLUMNS + " FROM " + debits + " WHERE status = 'PENDING' AND created_at <= ?";
        String pendingOrder = " ORDER BY created_at, tenant, id LIMIT ?";
        firstPendingReservations = pending + pendingOrder;
        nextPendingReservations = pending + " AND (created_at > ? OR (created_at = ? AND (tenant > ?"
                + " OR (tenant = ? AND id > ?))))" + pendingOrder;
        pendingReservationOfAccount = "SELECT id FROM " + debits
                + " WHERE tenant = ? AND customer_id = ? AND status = 'PENDING' LIMIT 1";

        lockAccountRow = "SELECT version FROM " + accounts + " WHERE tenant = ? AND customer_id = ? FOR UPDATE";
        confirmReservation = "UPDATE " + debits + " SET status = 'CONFIRMED', coupon_code = ?, resolved_at = ?"
                + " WHERE tenant = ? AND customer_id = ? AND id = ? AND status = 'PENDING'";
        deleteAllocations = "DELETE FROM " + allocations + " WHERE tenant = ? AND customer_id = ?";
        deleteDebits = "DELETE FROM " + debits + " WHERE tenant = ? AND customer_id = ?";
        deleteLots = "DELETE FROM " + lots + " WHERE tenant = ? AND customer_id = ?";
        deleteAccount = "DELETE FROM " + accounts + " WHERE tenant = ? AND customer_id = ?";
        // the account's keys from its own shard, then their rows on the key shards (parameters: tenant, tenant, customer)
        deleteLotKeys = byCustomer ? "DELETE FROM " + lotKeys + " WHERE tenant = ? AND idempotency_key IN"
                + " (SELECT idempotency_key FROM " + lots + " WHERE tenant = ? AND customer_id = ?"
                + " AND idempotency_key IS NOT NULL)" : null;
        deleteDebitKeys = byCustomer ? "DELETE FROM " + debitKeys + " WHERE tenant = ? AND idempotency_key IN"
                + " (SELECT idempotency_key FROM " + debits + " WHERE tenant = ? AND customer_id = ?"
                + " AND idempotency_key IS NOT NULL)" : null;

        String json = dialect.jsonParameter();
        insertEvent = "INSERT INTO " + events + " (" + EVENT_INSERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + json + ")";
        insertCreditedEvent = "INSERT INTO " + events + " (" + EVENT_INSERT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?,"
                + " l.balance_after, ?, " + json + " FROM " + lots + " l WHERE l.tenant = ? AND l.customer_id = ? AND l.id = ?";
        insertCreditedLotWithEvent = "WITH l AS (" + insertCreditedLot + ") INSERT INTO " + events + " ("
                + EVENT_INSERT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, l.balance_after, ?, " + json
                + " FROM l RETURNING balance_after";
        confirmReservationWithEvent = "WITH confirmed AS (" + confirmReservation + " RETURNING id) INSERT INTO "
                + events + " (" + EVENT_INSERT_COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + " FROM confirmed";
        // the oldest undelivered event of each account, if due: undelivered index; a relay delivering it holds it locked
        String claimable = "SELECT " + EVENT_COLUMNS + " FROM " + events + " e WHERE e.delivered_at IS NULL"
                + " AND e.parked_at IS NULL AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ?)"
                + " AND NOT EXISTS (SELECT 1 FROM " + events + " p WHERE p.tenant = e.tenant AND p.customer_id = e.customer_id"
                + " AND p.delivered_at IS NULL AND p.position < e.position)";
        String lock = dialect.skipLockedClause().isEmpty() ? " FOR UPDATE" : dialect.skipLockedClause();
        claimableEventCandidates = claimable + " ORDER BY e.position LIMIT ?";
        claimableEvents = claimableEventCandidates + lock;
        claimableEventsOfTenant = claimable + " AND e.tenant = ? AND " + dialect.numberIn("e.position")
                + " ORDER BY e.position" + lock;
        claimableEventsOfAccount = byCustomer ? claimable + " AND e.tenant = ? AND e.customer_id = ? AND "
                + dialect.numberIn("e.position") + " ORDER BY e.position" + lock : null;
        eventsDelivered = "UPDATE " + events + " SET delivered_at = ? WHERE "
                + dialect.numberIn("position");
        eventFailed = "UPDATE " + events + " SET attempts = attempts + 1, next_attempt_at = ?, parked_at = ?,"
                + " last_error = ?"
                + " WHERE position = ?";
        retryParkedEvents = "UPDATE " + events + " SET parked_at = NULL, attempts = 0, next_attempt_at = ?"
                + " WHERE parked_at IS NOT NULL";
        eventsAfter = "SELECT " + EVENT_COLUMNS + " FROM " + events + " WHERE position > ? ORDER BY position LIMIT ?";
        // a derived table, for MariaDB and MySQL: no LIMIT in an IN subquery, no subquery on the table deleted from
        purgeDeliveredEvents = "DELETE FROM " + events + " WHERE position IN (SELECT d.position FROM (SELECT position"
                + " FROM " + events + " WHERE delivered_at < ? ORDER BY position LIMIT ?) d)";
        outboxStatus = "SELECT MIN(occurred_at) AS oldest, COUNT(*) AS undelivered, COUNT(parked_at) AS parked FROM " + events
                + " WHERE delivered_at IS NULL";

        // ---- as of an instant. Each sum is driven by the rows recorded (or resolved) after the
        // instant, read through the history indexes and the released-reservation index, and looks
        // their allocations up by key in a correlated sub-select: a nested loop by construction, so
        // that even a generic plan (estimated for an average instant) reads no more. The expired sum
        // reads the open-lot index, as the balance read does. Parameters: entriesAfterParams.
        bindsTenantAgain = dialect instanceof CitusDialect;
        String debitTenant = bindsTenantAgain ? "?" : "d.tenant";
        // by customer, the customer is the distribution column: bound again as well
        String debitCustomer = byCustomer ? "?" : "d.customer_id";
        String allocationsOfDebit = "(SELECT SUM(x.points) FROM " + allocations + " x JOIN " + lots + " l"
                + " ON l.tenant = x.tenant AND l.customer_id = x.customer_id AND l.id = x.lot_id"
                + " WHERE x.tenant = " + debitTenant + " AND x.customer_id = " + debitCustomer + " AND x.debit_id = d.id";
        entriesAfter = "SELECT a.open_points, a.debt, a.created_at, a.version, " + expiredSum + " AS expired_points,"
                + " (SELECT COALESCE(SUM(l.remaining), 0) FROM " + lots + " l WHERE l.tenant = ? AND l.customer_id = ?"
                + " AND l.created_at > ? AND l.valid_until > ?) AS later_lots," // the history index, not the open lots
                + " (SELECT COALESCE(SUM(" + allocationsOfDebit + " AND l.created_at <= ? AND l.valid_until > ?)), 0)"
                + " FROM " + debits + " d WHERE d.tenant = ? AND d.customer_id = ? AND d.created_at > ?"
                + " AND d.status <> 'RELEASED') AS later_allocations,"
                + " (SELECT COALESCE(SUM(" + allocationsOfDebit + " AND l.valid_until > ?)), 0)"
                + " FROM " + debits + " d WHERE d.tenant = ? AND d.customer_id = ? AND d.status = 'RELEASED'"
                + " AND d.resolved_at > ? AND d.created_at <= ?) AS released_allocations,"
                + " (SELECT COALESCE(SUM(d.points - COALESCE((SELECT SUM(y.points) FROM " + allocations + " y"
                + " WHERE y.tenant = " + debitTenant + " AND y.customer_id = " + debitCustomer
                + " AND y.debit_id = d.id), 0)), 0)"
                + " FROM " + debits + " d WHERE d.tenant = ? AND d.customer_id = ? AND d.kind = 'REVERSAL'"
                + " AND d.created_at > ?) AS later_debt,"
                + " (SELECT COALESCE(SUM((SELECT SUM(x.points) FROM " + allocations + " x JOIN " + debits + " d"
                + " ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
                + " WHERE x.tenant = " + (bindsTenantAgain ? "?" : "l.tenant")
                + " AND x.customer_id = " + (byCustomer ? "?" : "l.customer_id") + " AND x.lot_id = l.id AND d.kind = 'REVERSAL' AND d.created_at <= ?)), 0)"
                + " FROM " + lots + " l WHERE l.tenant = ? AND l.customer_id = ? AND l.created_at > ?) AS later_settlements"
                + " FROM " + accounts + " a WHERE a.tenant = ? AND a.customer_id = ?";
        String datedAllocations = "SELECT x.debit_id, x.lot_id, x.points, d.kind, d.status, d.created_at, d.resolved_at"
                + " FROM " + allocations + " x JOIN " + debits + " d"
                + " ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
                + " WHERE x.tenant = ? AND x.customer_id = ?";
        // the lateral join for PostgreSQL's generic plans, as in confirmedAllocationsOfLots
        allocationsOfLots = dialect instanceof PostgresDialect
                ? "SELECT a.* FROM (SELECT CAST(? AS varchar) AS tenant, CAST(? AS varchar) AS customer_id,"
                        + " unnest(CAST(? AS varchar[])) AS lot_id) l CROSS JOIN LATERAL ("
                        + datedAllocations.replace("x.tenant = ? AND x.customer_id = ?",
                                "x.tenant = l.tenant AND x.customer_id = l.customer_id AND x.lot_id = l.lot_id")
                        + ") a"
                : datedAllocations + " AND " + dialect.idIn("x.lot_id");
        // pending index: the lots activated after the instant, of which those credited by then
        lotsPendingAt = "SELECT " + LOT_COLUMNS + " FROM " + lots + " WHERE tenant = ? AND customer_id = ?"
                + " AND activates_at > ? AND created_at <= ? AND valid_until > ?";

        // ---- expiring soon
        // tenant-expiry index (tenant, valid_until, customer_id) INCLUDE (remaining) WHERE remaining > 0:
        // the window's open lots of the tenant, read from the index alone, summed per customer
        String expiringInWindow = "SELECT customer_id, SUM(remaining) AS points, MIN(valid_until) AS earliest FROM "
                + lots + " WHERE tenant = ? AND remaining > 0 AND valid_until > ? AND valid_until <= ?";
        String byCustomer = " GROUP BY customer_id ORDER BY customer_id LIMIT ?";
        firstCustomersWithExpiringLots = expiringInWindow + byCustomer;
        nextCustomersWithExpiringLots = expiringInWindow + " AND customer_id > ?" + byCustomer;
        String notAnnounced = " AND (" + LOT_ANNOUNCED_WINDOW + " IS NULL OR " + LOT_ANNOUNCED_WINDOW + " > ?)";
        // expiring index (valid_until) INCLUDE (tenant, customer_id, announced_window) WHERE remaining > 0,
        // across all tenants: the first lots of the window not yet announced, soonest-expiring first,
        // from the index alone, then their accounts (another announcer's locked ones skipped)
        lotsToAnnounceCandidates = "SELECT l.tenant, l.customer_id FROM " + lots + " l WHERE l.remaining > 0"
                + " AND l.valid_until > ? AND l.valid_until <= ?"
                + notAnnounced.replace(LOT_ANNOUNCED_WINDOW, "l." + LOT_ANNOUNCED_WINDOW)
                + " ORDER BY l.valid_until LIMIT ?";
        accountsWithLotsToAnnounce = lockedCandidates(lotsToAnnounceCandidates, dialect);
        // open-lot index, as the spendable lots
        lotsToAnnounce = "SELECT " + LOT_COLUMNS + " FROM " + lots
                + " WHERE tenant = ? AND customer_id = ? AND " + open + openUntil + " > ? AND " + openUntil + " <= ?"
                + notAnnounced + " ORDER BY " + openOrder;
        markAnnounced = "UPDATE " + lots + " SET " + LOT_ANNOUNCED_WINDOW + " = ? WHERE tenant = ? AND customer_id = ?"
                + " AND id = ?";
    }

    /**
     * The functions (PostgreSQL) or procedures (MariaDB) the dialect's DDL defines, by name without
     * the table prefix.
     */
    static List<String> functions(SqlDialect dialect) {
        return dialect instanceof PostgresDialect || dialect instanceof MariaDbDialect ? List.of("credit") : List.of();
    }

    /**
     * Whether the dialect's DDL defines its {@link #functions} as procedures (MariaDB), each
     * running and committing a transaction of its own, rather than as functions.
     */
    static boolean routinesAreProcedures(SqlDialect dialect) {
        return dialect instanceof MariaDbDialect;
    }

    /** How the credit's one call starts, up to its parameters, or null where the DDL defines none. */
    static String creditCall(SqlDialect dialect, String prefix) {
        if (functions(dialect).isEmpty()) {
            return null;
        }
        return (routinesAreProcedures(dialect) ? "CALL " : "SELECT ") + prefix + "credit(";
    }

    /**
     * The accounts of {@code candidates} (a query of tenant and customer id with a limit),
     * skipping those another transaction holds locked; the candidates' limit in a derived table
     * for MariaDB, which refuses LIMIT in an IN subquery. Parameters: the candidates', then a limit.
     */
    private String lockedCandidates(String candidates, SqlDialect dialect) {
        return "SELECT a.tenant, a.customer_id FROM " + accounts + " a WHERE (a.tenant, a.customer_id) IN"
                + " (SELECT c.tenant, c.customer_id FROM (" + candidates + ") c) LIMIT ?" + dialect.skipLockedClause();
    }

    /** The parameters of {@link #entriesAfter}, in order. */
    Object[] entriesAfterParams(String tenant, String customerId, Instant instant) {
        // each sub-select's tenant (and by customer, its customer)
        Object[] again = byCustomer ? new Object[] {tenant, customerId}
                : bindsTenantAgain ? new Object[] {tenant} : new Object[0];
        return Stream.of(new Object[] {
            tenant, customerId, instant, // expired points
            tenant, customerId, instant, instant}, // later lots
            again, new Object[] {instant, instant, tenant, customerId, instant}, // later allocations
            again, new Object[] {instant, tenant, customerId, instant, instant}, // released allocations
            again, new Object[] {tenant, customerId, instant}, // later debt
            again, new Object[] {instant, tenant, customerId, instant}, // later settlements
            new Object[] {tenant, customerId}).flatMap(Arrays::stream).toArray();
    }
}
