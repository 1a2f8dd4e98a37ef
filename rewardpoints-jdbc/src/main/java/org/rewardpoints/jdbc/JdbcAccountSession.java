package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AccountSession.Prefetch;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.spi.LotRecord;

/**
 * One unit on one account over one connection. Reads go to the database at once; writes are
 * buffered in call order and sent by {@link #flush()} just before the commit, in one round trip
 * where the driver pipelines statements. Reads therefore do not see the unit's own writes, which
 * the SPI allows.
 */
final class JdbcAccountSession implements AccountSession {
    /** First spendable-lot batch: most redemptions consume only a few lots. */
    static final int FIRST_LOT_BATCH = 8;
    /** Batches grow to this size when a redemption needs many lots. */
    static final int MAX_LOT_BATCH = 128;
    /** Statements sent in one pipelined round trip at most, to bound the message size. */
    static final int MAX_STATEMENTS_PER_FLUSH = 100;
    /** How often lockAccount re-reads when a concurrent commit made its first answer stale. */
    private static final int MAX_LOCK_READS = 3;

    /** A buffered write. {@code expectOneRow}: an update of a row that must exist. */
    private static final class Write {
        final String sql;
        Object[] params;
        final boolean expectOneRow;
        final String what;

        Write(String sql, Object[] params, boolean expectOneRow, String what) {
            this.sql = sql;
            this.params = params;
            this.expectOneRow = expectOneRow;
            this.what = what;
        }
    }

    /** The locked account row, and whether its sub-selects saw the same version of it. */
    private record LockedRow(AccountRecord account, boolean consistent) {
    }

    /** Lots read with the lock: which read they answer, as of when. */
    private record Prefetched(Prefetch kind, Instant asOf, List<LotRecord> lots) {
        boolean answers(Prefetch read, Instant readAsOf) {
            return kind == read && asOf.equals(readAsOf);
        }
    }

    /** A debit read by its key with the lock, or the key's absence. */
    private record PrefetchedDebit(String key, Optional<DebitRecord> debit) {
    }

    private final Connection connection;
    private final JdbcTransactions transactions;
    private final Statements sql;
    private final SqlDialect dialect;
    private final String tenant;
    private final String customerId;
    private final List<Write> writes = new ArrayList<>();
    /** The pending account insert or update, so later account changes fold into one statement. */
    private Write accountWrite;
    private boolean accountInserted;
    /** Lots fetched with the lock, served by the read they stand for; null when there are none. */
    private Prefetched prefetched;
    /** The debit of a key fetched with the lock, served by the first read of that key; null when there is none. */
    private PrefetchedDebit prefetchedDebit;

    JdbcAccountSession(Connection connection, JdbcTransactions transactions, Statements sql, String tenant,
                       String customerId) {
        this.connection = connection;
        this.transactions = transactions;
        this.sql = sql;
        this.dialect = transactions.dialect();
        this.tenant = tenant;
        this.customerId = customerId;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<AccountRecord> lockAccount(Instant asOf) {
        return lock(asOf, null, null);
    }

    /** Where the driver pipelines, the lots come in the lock's round trip. */
    @Override
    public Optional<AccountRecord> lockAccount(Instant asOf, Prefetch next) {
        return lockAccount(asOf, next, null);
    }

    /**
     * Where the driver pipelines, the lots and the debit come in the lock's round trip; by
     * customer a key is looked up in two steps, so its debit is read when asked for.
     */
    @Override
    public Optional<AccountRecord> lockAccount(Instant asOf, Prefetch next, String debitKey) {
        boolean pipelines = dialect.pipelinesMultipleStatements();
        return lock(asOf, pipelines ? next : null, pipelines && !sql.byCustomer ? debitKey : null);
    }

    private Optional<AccountRecord> lock(Instant asOf, Prefetch next, String debitKey) {
        Object[] lockParams = {tenant, customerId, tenant, customerId, asOf, tenant, customerId, asOf, asOf, tenant, customerId};
        try {
            for (int read = 0; read < MAX_LOCK_READS; read++) {
                Optional<LockedRow> row = next != null || debitKey != null
                        ? lockWithReads(lockParams, asOf, next, debitKey)
                        : Sql.one(connection, dialect, sql.lockAccount, this::lockedRow, lockParams);
                if (row.isEmpty()) {
                    return Optional.empty();
                }
                if (row.get().consistent()) {
                    return Optional.of(row.get().account());
                }
                // The lock was granted after another unit committed: the expired points were read
                // from the older snapshot. We hold the lock now, so a second read is current.
            }
            throw new StorageException("Account of customer '" + customerId + "' in tenant '" + tenant
                    + "' changed under its own row lock " + MAX_LOCK_READS + " times; is another writer bypassing it?");
        } catch (SQLException e) {
            throw new SqlFailure("lock the account", e);
        }
    }

    private LockedRow lockedRow(ResultSet r) throws SQLException {
        long seenVersion = r.getLong("seen_version");
        boolean seen = !r.wasNull();
        AccountRecord account = new AccountRecord(tenant, customerId, r.getLong("open_points"), r.getLong("debt"),
                Sql.instant(r, "created_at", dialect), r.getLong("version"), r.getLong("expired_points"),
                r.getLong("pending_points"));
        return new LockedRow(account, seen && seenVersion == account.version());
    }

    /**
     * The lock and the reads after it as one pipelined statement; each read is a statement of its
     * own, so under READ COMMITTED it reads after the lock is held.
     */
    private Optional<LockedRow> lockWithReads(Object[] lockParams, Instant asOf, Prefetch next, String debitKey)
            throws SQLException {
        List<Sql.Step> steps = new ArrayList<>(List.of(new Sql.Step(sql.lockAccount, lockParams)));
        if (next != null) {
            steps.add(next == Prefetch.SPENDABLE_LOTS
                    ? new Sql.Step(sql.firstSpendableLots, tenant, customerId, asOf, asOf, FIRST_LOT_BATCH)
                    : new Sql.Step(sql.expiredLots, tenant, customerId, asOf));
        }
        if (debitKey != null) {
            steps.add(new Sql.Step(sql.debitByKey, tenant, debitKey));
        }
        try (PreparedStatement statement = Sql.executeJoined(connection, dialect, steps)) {
            Optional<LockedRow> row;
            try (ResultSet locked = statement.getResultSet()) {
                row = locked.next() ? Optional.of(lockedRow(locked)) : Optional.empty();
            }
            if (next != null) {
                statement.getMoreResults();
                List<LotRecord> lots = new ArrayList<>();
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        lots.add(Sql.lot(rows, dialect));
                    }
                }
                prefetched = new Prefetched(next, asOf, List.copyOf(lots));
            }
            if (debitKey != null) {
                statement.getMoreResults();
                try (ResultSet rows = statement.getResultSet()) {
                    prefetchedDebit = new PrefetchedDebit(debitKey,
                            rows.next() ? Optional.of(sql.debit.map(rows)) : Optional.empty());
                }
            }
            return row;
        }
    }

    @Override
    public Optional<LotRecord> lotByKey(String idempotencyKey) {
        return read("find a lot by idempotency key", () -> lotByKey(connection, sql, dialect, tenant, idempotencyKey));
    }

    @Override
    public Optional<DebitRecord> debitByKey(String idempotencyKey) {
        PrefetchedDebit fetched = prefetchedDebit;
        prefetchedDebit = null; // served once: the unit's own writes may change the answer after it
        if (fetched != null && fetched.key().equals(idempotencyKey)) {
            return fetched.debit();
        }
        return read("find a debit by idempotency key", () -> debitByKey(connection, sql, dialect, tenant,
                idempotencyKey));
    }

    /**
     * The lot of a tenant's idempotency key, whichever customer's: by customer, the key's row in
     * its key table (one shard), then the lot in its account's shard; else one statement.
     */
    static Optional<LotRecord> lotByKey(Connection connection, Statements sql, SqlDialect dialect, String tenant,
                                        String idempotencyKey) throws SQLException {
        return byKey(connection, sql, dialect, sql.lotByKey, sql.lotKey, sql.lotById, sql.lot, tenant, idempotencyKey);
    }

    /** The debit of a tenant's idempotency key, as {@link #lotByKey(Connection, Statements, SqlDialect, String, String)}. */
    static Optional<DebitRecord> debitByKey(Connection connection, Statements sql, SqlDialect dialect, String tenant,
                                            String idempotencyKey) throws SQLException {
        return byKey(connection, sql, dialect, sql.debitByKey, sql.debitKey, sql.debitById, sql.debit, tenant,
                idempotencyKey);
    }

    private static <T> Optional<T> byKey(Connection connection, Statements sql, SqlDialect dialect, String byKey,
                                         String keyRow, String byId, Sql.RowMapper<T> mapper, String tenant,
                                         String idempotencyKey) throws SQLException {
        if (!sql.byCustomer) {
            return Sql.one(connection, dialect, byKey, mapper, tenant, idempotencyKey);
        }
        Optional<String[]> key = Sql.one(connection, dialect, keyRow,
                row -> new String[] {row.getString(1), row.getString(2)}, tenant, idempotencyKey);
        // a key whose entry this snapshot does not show yet reads as absent: writing the key then fails as a duplicate
        return key.isEmpty() ? Optional.empty()
                : Sql.one(connection, dialect, byId, mapper, tenant, key.get()[0], key.get()[1]);
    }

    @Override
    public Optional<DebitRecord> debit(String debitId) {
        return read("find a debit", () -> Sql.one(connection, dialect, sql.debitById, sql.debit,
                tenant, customerId, debitId));
    }

    @Override
    public Iterator<LotRecord> spendableLots(Instant asOf) {
        return new SpendableLots(asOf);
    }

    @Override
    public List<LotRecord> expiredLots(Instant asOf) {
        if (prefetched != null && prefetched.answers(Prefetch.EXPIRED_LOTS, asOf)) {
            return prefetched.lots();
        }
        return read("read expired lots", () -> Sql.list(connection, dialect, sql.expiredLots, sql.lot,
                tenant, customerId, asOf));
    }

    @Override
    public List<LotRecord> lots(List<String> lotIds) {
        if (lotIds.isEmpty()) {
            return List.of();
        }
        return read("read lots", () -> Sql.list(connection, dialect, sql.lotsByIds, sql.lot,
                tenant, customerId, new Sql.IdArray(lotIds.toArray(String[]::new))));
    }

    @Override
    public LotClaims claimsOnLot(String lotId) {
        return read("read the claims on a lot", () -> Sql.one(connection, dialect, sql.claimsOnLot,
                row -> new LotClaims(row.getLong(1), row.getLong(2)), tenant, customerId, lotId)).orElseThrow();
    }

    @Override
    public List<DebitRecord> reversalsOfOrder(String orderId) {
        return read("read reversals of an order", () -> Sql.list(connection, dialect, sql.reversalsOfOrder,
                sql.debit, tenant, customerId, orderId));
    }

    @Override
    public List<AllocationRecord> allocationsOfDebit(String debitId) {
        return read("read allocations of a debit", () -> Sql.list(connection, dialect, sql.allocationsOfDebit,
                r -> new AllocationRecord(r.getString("debit_id"), r.getString("lot_id"), r.getLong("points")),
                tenant, customerId, debitId));
    }

    @Override
    public List<UnsettledDebt> unsettledDebts() {
        return read("read unsettled debts", () -> Sql.list(connection, dialect, sql.unsettledDebts,
                r -> new UnsettledDebt(r.getString("id"), r.getLong("unsettled")), tenant, customerId));
    }

    /** Reads spendable lots in growing batches, continuing after the last lot by keyset. */
    private final class SpendableLots implements Iterator<LotRecord> {
        private final Instant asOf;
        private Iterator<LotRecord> batch = List.<LotRecord>of().iterator();
        private LotRecord last;
        private int batchSize = FIRST_LOT_BATCH;
        private boolean exhausted;

        SpendableLots(Instant asOf) {
            this.asOf = asOf;
        }

        @Override
        public boolean hasNext() {
            if (!batch.hasNext() && !exhausted) {
                List<LotRecord> next = last == null && prefetched != null
                        && prefetched.answers(Prefetch.SPENDABLE_LOTS, asOf) ? prefetched.lots()
                        : read("read spendable lots", () -> last == null
                        ? Sql.list(connection, dialect, sql.firstSpendableLots, sql.lot,
                                tenant, customerId, asOf, asOf, batchSize)
                        : Sql.list(connection, dialect, sql.nextSpendableLots, sql.lot,
                                tenant, customerId, asOf, asOf, last.validUntil(), last.createdAt(), last.id(),
                                batchSize));
                exhausted = next.size() < batchSize;
                batchSize = Math.min(batchSize * 4, MAX_LOT_BATCH);
                if (!next.isEmpty()) {
                    last = next.get(next.size() - 1);
                }
                batch = next.iterator();
            }
            return batch.hasNext();
        }

        @Override
        public LotRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.next();
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void insertAccount(AccountRecord account) {
        requireOwn(account.tenant(), account.customerId(), "account");
        accountWrite = new Write(sql.insertAccount, new Object[] {tenant, customerId, account.openPoints(),
                account.debt(), Sql.stored("createdAt", account.createdAt()), account.version()}, true, "insert the account");
        accountInserted = true;
        writes.add(accountWrite);
    }

    @Override
    public void updateAccount(AccountRecord account) {
        requireOwn(account.tenant(), account.customerId(), "account");
        if (accountWrite != null && accountInserted) {
            // a new account: insert it with its final figures instead of inserting and updating
            Object[] params = accountWrite.params;
            params[2] = account.openPoints();
            params[3] = account.debt();
            params[5] = account.version();
        } else if (accountWrite != null) {
            accountWrite.params = updateAccountParams(account);
        } else {
            accountWrite = new Write(sql.updateAccount, updateAccountParams(account), true, "update the account");
            writes.add(accountWrite);
        }
    }

    private Object[] updateAccountParams(AccountRecord account) {
        return new Object[] {account.openPoints(), account.debt(), account.version(), tenant, customerId};
    }

    @Override
    public void insertLot(LotRecord lot) {
        requireOwn(lot.tenant(), lot.customerId(), "lot");
        if (sql.byCustomer && lot.idempotencyKey() != null) {
            writes.add(new Write(sql.insertLotKey, new Object[] {lot.idempotencyKey(), tenant, customerId, lot.id()},
                    true, "insert the key of lot '" + lot.id() + "'"));
        }
        writes.add(new Write(sql.insertLot, Sql.lotParams(lot), true, "insert lot '" + lot.id() + "'"));
    }

    @Override
    public void updateLotRemaining(String lotId, long remaining) {
        writes.add(new Write(sql.updateLotRemaining, new Object[] {remaining, tenant, customerId, lotId}, true,
                "update lot '" + lotId + "'"));
    }

    @Override
    public void insertEvent(EventRecord event) {
        writes.add(new Write(sql.insertEvent, Sql.eventParams(event), true, "insert event '" + event.id() + "'"));
    }

    @Override
    public void insertDebit(DebitRecord debit) {
        requireOwn(debit.tenant(), debit.customerId(), "debit");
        if (sql.byCustomer && debit.idempotencyKey() != null) {
            writes.add(new Write(sql.insertDebitKey, new Object[] {debit.idempotencyKey(), tenant, customerId,
                    debit.id()}, true, "insert the key of debit '" + debit.id() + "'"));
        }
        writes.add(new Write(sql.insertDebit, Sql.debitParams(debit), true, "insert debit '" + debit.id() + "'"));
    }

    @Override
    public void updateDebit(DebitRecord debit) {
        requireOwn(debit.tenant(), debit.customerId(), "debit");
        writes.add(new Write(sql.updateDebit, new Object[] {debit.status().name(), Sql.text(debit.couponCode()),
                debit.balanceAfter(), Sql.instantOrNull(debit.resolvedAt()), tenant, customerId, debit.id()}, true, "update debit '" + debit.id() + "'"));
    }

    @Override
    public void insertAllocations(List<AllocationRecord> allocations) {
        for (AllocationRecord allocation : allocations) {
            writes.add(new Write(sql.insertAllocation, new Object[] {tenant, customerId, allocation.debitId(),
                    allocation.lotId(), allocation.points()}, true,
                    "insert allocation of debit '" + allocation.debitId() + "' to lot '" + allocation.lotId() + "'"));
        }
    }

    /** Buffers the coupon's insert with the unit's writes when the issuer is a {@link JdbcCouponIssuer} on this database. */
    @Override
    public Optional<IssuedCoupon> issueCoupon(CouponIssuer issuer, CouponRequest request) {
        if (!(issuer instanceof JdbcCouponIssuer jdbc) || !jdbc.writesWith(transactions)) {
            return Optional.empty();
        }
        IssuedCoupon coupon = jdbc.stored(request);
        requireOwn(coupon.tenant(), coupon.customerId(), "coupon");
        for (Sql.Step insert : jdbc.inserts(coupon)) {
            writes.add(new Write(insert.sql(), insert.params(), true, "insert coupon '" + coupon.code() + "'"));
        }
        return Optional.of(coupon);
    }

    private void requireOwn(String recordTenant, String recordCustomerId, String what) {
        if (!tenant.equals(recordTenant) || !customerId.equals(recordCustomerId)) {
            throw new IllegalArgumentException("The " + what + " of customer '" + recordCustomerId + "' in tenant '"
                    + recordTenant + "' cannot be written in a unit on customer '" + customerId + "' in tenant '"
                    + tenant + "'");
        }
    }

    /** A buffered write and the session that buffered it. */
    private record Owned(JdbcAccountSession session, Write write) {
    }

    /** Sends the buffered writes; called once, after the work and before the commit. */
    void flush() throws SQLException {
        flush(List.of(this));
    }

    /**
     * Sends the buffered writes of sessions on one connection, in order, as few round trips as
     * the dialect allows; called once, after the work and before the commit.
     */
    static void flush(List<JdbcAccountSession> sessions) throws SQLException {
        List<Owned> writes = new ArrayList<>();
        for (JdbcAccountSession session : sessions) {
            session.writes.forEach(write -> writes.add(new Owned(session, write)));
            session.writes.clear();
        }
        if (writes.isEmpty()) {
            return;
        }
        JdbcAccountSession first = sessions.get(0);
        if (first.dialect.pipelinesMultipleStatements()) {
            for (int from = 0; from < writes.size(); from += MAX_STATEMENTS_PER_FLUSH) {
                first.sendPipelined(writes.subList(from, Math.min(writes.size(), from + MAX_STATEMENTS_PER_FLUSH)));
            }
        } else {
            int from = 0;
            while (from < writes.size()) {
                int to = from + 1;
                while (to < writes.size() && writes.get(to).write().sql.equals(writes.get(from).write().sql)) {
                    to++;
                }
                first.sendBatch(writes.subList(from, to));
                from = to;
            }
        }
    }

    private void sendPipelined(List<Owned> chunk) throws SQLException {
        try (PreparedStatement statement = Sql.executeJoined(connection, dialect,
                chunk.stream().map(owned -> new Sql.Step(owned.write().sql, owned.write().params)).toList())) {
            for (int i = 0; i < chunk.size(); i++) {
                if (i > 0) {
                    statement.getMoreResults();
                }
                check(chunk.get(i), statement.getUpdateCount());
            }
        }
    }

    private void sendBatch(List<Owned> same) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(same.get(0).write().sql)) {
            if (same.size() == 1) {
                Sql.bindAll(statement, 1, same.get(0).write().params, dialect);
                check(same.get(0), statement.executeUpdate());
                return;
            }
            for (Owned owned : same) {
                Sql.bindAll(statement, 1, owned.write().params, dialect);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < same.size(); i++) {
                check(same.get(i), counts[i]);
            }
        }
    }

    private static void check(Owned owned, int count) {
        Write write = owned.write();
        if (write.expectOneRow && count != 1 && count != Statement.SUCCESS_NO_INFO) {
            throw new StorageException("Could not " + write.what + " of customer '" + owned.session().customerId
                    + "' in tenant '" + owned.session().tenant + "': " + count
                    + " rows changed instead of 1 (was it deleted or never inserted?)");
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T run() throws SQLException;
    }

    private <T> T read(String what, Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            throw new SqlFailure(what, e);
        }
    }

    // ------------------------------------------------------------------ expiring soon

    @Override
    public List<LotRecord> lotsToAnnounce(Instant asOf, Instant until, long windowSeconds) {
        return read("read lots to announce", () -> Sql.list(connection, dialect, sql.lotsToAnnounce, sql.lot,
                tenant, customerId, asOf, until, windowSeconds));
    }

    @Override
    public List<LotRecord> lotsWithActivationToRecord(Instant asOf) {
        return read("read lots whose activation is to record", () -> Sql.list(connection, dialect,
                sql.lotsWithActivationToRecord, sql.lot, tenant, customerId, asOf));
    }

    @Override
    public void recordActivation(String lotId, Instant activatesAt) {
        writes.add(new Write(sql.recordActivation, new Object[] {Sql.stored("activatesAt", activatesAt), tenant,
                customerId, lotId}, true, "record the activation of lot '" + lotId + "'"));
    }

    @Override
    public void markAnnounced(String lotId, long windowSeconds) {
        writes.add(new Write(sql.markAnnounced, new Object[] {windowSeconds, tenant, customerId, lotId}, true,
                "mark lot '" + lotId + "' announced"));
    }
}
