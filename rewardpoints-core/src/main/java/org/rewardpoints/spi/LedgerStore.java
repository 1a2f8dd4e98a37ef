package org.rewardpoints.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Storage of accounts, lots (credits), debits and allocations for all tenants.
 *
 * <p>The core holds every domain rule; a store only keeps records and guarantees three things:
 * <ol>
 *   <li><b>Atomicity per account.</b> {@link #inAccount} runs a unit of reads and writes on one
 *       account as one transaction: all of its writes or none. Units on the same account never
 *       interleave once {@link AccountSession#lockAccount} returned (a row lock held to the end, or
 *       an optimistic version check that fails the unit). This must hold across JVMs sharing a
 *       database, so it never relies on JVM locks alone. {@link #tryCredit} and
 *       {@link #confirmReservation} are units of the same kind, each with one fixed task.</li>
 *   <li><b>Uniqueness.</b> Ids and non-null idempotency keys of lots and of debits are unique per
 *       tenant, as are accounts per (tenant, customerId); a violating write fails the unit with
 *       {@link DuplicateKeyException} (in a database: a unique constraint, not a prior read).</li>
 *   <li><b>Isolation of tenants.</b> Every read and write is keyed by tenant.</li>
 * </ol>
 *
 * <p>Reads outside {@code inAccount} never wait for a unit to end and see committed data only:
 * each account with all of a unit's writes or none. Every method may throw
 * {@link org.rewardpoints.StorageException} on infrastructure failure; no driver exception (such
 * as {@code SQLException}) crosses this interface.
 */
public interface LedgerStore extends EventOutbox {
    /**
     * The most points an account's lots may hold together ({@link AccountRecord#openPoints()}),
     * 10^15: far from {@code Long.MAX_VALUE}, so sums over an account never overflow.
     */
    long MAX_OPEN_POINTS = 1_000_000_000_000_000L;

    /**
     * Runs {@code work} as one atomic unit on the account (tenant, customerId) and returns its
     * result. If {@code work} throws, nothing it wrote remains and the exception propagates
     * unchanged. The store may run {@code work} again after a transient conflict (serialization
     * failure, deadlock); {@code work} must therefore act only through the session.
     *
     * @throws DuplicateKeyException when a write of the unit broke a uniqueness rule
     */
    <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work);

    /**
     * Units on several accounts in one go, for the jobs that walk many accounts (the expiry sweep,
     * activations, announcements): {@code work} runs once per account, in the order given, each
     * time with a session of its own whose reads and writes are those of an {@link #inAccount}
     * unit. A store may run them all in one transaction, to save round trips: then they commit
     * together or not at all, and a failure of one account's work fails them all. The default runs
     * one {@link #inAccount} per account, each atomic on its own.
     *
     * @return the results of {@code work}, in the order of {@code accounts}
     * @throws DuplicateKeyException when a write broke a uniqueness rule
     */
    default <T> List<T> inAccounts(List<AccountKey> accounts, BiFunction<AccountKey, AccountSession, T> work) {
        List<T> results = new ArrayList<>(accounts.size());
        for (AccountKey account : accounts) {
            results.add(inAccount(account.tenant(), account.customerId(), session -> work.apply(account, session)));
        }
        return results;
    }

    /**
     * The common credit in as few round trips as the store can manage: one unit of its own that
     * writes without reading first. Only when the lot's account exists, has no
     * {@linkplain AccountRecord#debt() debt}, its open points plus the lot's stay within
     * {@link #MAX_OPEN_POINTS}, and the lot's id and idempotency key are free in the
     * tenant, it inserts {@code lot} with {@link LotRecord#balanceAfter()} set to the account's
     * active points right after it (open points minus expired and pending points as of
     * {@code asOf}, the lot's own points included when it is pending then), adds the
     * lot's points to the account's open points and increments the account's version. Otherwise
     * it changes nothing and returns empty, and the core credits through {@link #inAccount}, which
     * decides every other case (a new account, debt to settle, a repeated key).
     *
     * <p>A store may decline every call: the default does, and the core's result is the same
     * either way.
     *
     * @param lot   the lot as the core would insert it; its {@code balanceAfter} is ignored
     * @param asOf  the instant for the expired points in {@code balanceAfter}
     * @param event inserted with the lot, its {@code balanceAfter} set to the lot's
     * @return the lot as stored, or empty when nothing was written
     */
    default Optional<LotRecord> tryCredit(LotRecord lot, Instant asOf, EventRecord event) {
        return Optional.empty();
    }

    /**
     * Confirms a coupon reservation as one unit of its own: holding the account as
     * {@link AccountSession#lockAccount} does (so a concurrent release of the same reservation
     * runs wholly before or after), sets the debit's status to {@link DebitStatus#CONFIRMED}, its
     * coupon code and its {@link DebitRecord#resolvedAt()} to {@code confirmedAt}, only if it is
     * still {@link DebitStatus#PENDING}. Nothing else changes: the points were taken when the
     * reservation was made.
     *
     * <p>The default runs this through {@link #inAccount}; a store can do it in fewer round trips.
     *
     * @param event inserted in the same unit when this call confirms the reservation
     * @return true when this call confirmed the reservation; false when it was not pending or not
     *         found, and nothing changed
     */
    default boolean confirmReservation(String tenant, String customerId, String debitId, String couponCode,
                                       Instant confirmedAt, EventRecord event) {
        return inAccount(tenant, customerId, session -> {
            session.lockAccount(Instant.EPOCH); // held to the end of the unit; its figures are not needed
            Optional<DebitRecord> current = session.debit(debitId);
            if (current.isEmpty() || current.get().status() != DebitStatus.PENDING) {
                return false;
            }
            session.updateDebit(current.get().withOutcome(DebitStatus.CONFIRMED, couponCode, current.get().balanceAfter(),
                    confirmedAt));
            session.insertEvent(event);
            return true;
        });
    }

    /**
     * The account as committed, with {@link AccountRecord#expiredPoints()} and
     * {@link AccountRecord#pendingPoints()} as of {@code asOf}.
     */
    Optional<AccountRecord> findAccount(String tenant, String customerId, Instant asOf);

    /** A lot of the tenant, any customer, by idempotency key. */
    Optional<LotRecord> findLotByKey(String tenant, String idempotencyKey);

    /** A debit of the tenant, any customer, by idempotency key. */
    Optional<DebitRecord> findDebitByKey(String tenant, String idempotencyKey);

    /**
     * A page of an account's lots ordered by ({@code createdAt}, {@code id}), starting strictly
     * after {@code after} (null: from the start), at most {@code limit} long.
     */
    List<LotRecord> lots(String tenant, String customerId, HistoryCursor after, int limit);

    /**
     * A page of an account's {@link DebitStatus#CONFIRMED} debits ordered by ({@code createdAt},
     * {@code id}), starting strictly after {@code after} (null: from the start), at most
     * {@code limit} long.
     */
    List<DebitRecord> confirmedDebits(String tenant, String customerId, HistoryCursor after, int limit);

    /** Allocations of the given lots made by {@link DebitStatus#CONFIRMED} debits. */
    List<AllocationRecord> confirmedAllocationsOfLots(String tenant, String customerId, Collection<String> lotIds);

    /** Customer ids of the tenant's accounts in ascending order, strictly after {@code after} (null: from the start). */
    List<String> customerIds(String tenant, String after, int limit);

    /**
     * Up to {@code limit} accounts, of any tenant, holding a lot with remaining points whose
     * {@code validUntil} is at or before {@code asOf}. Several sweepers may call this at once; an
     * adapter may skip accounts another sweeper is working on.
     */
    List<AccountKey> accountsWithExpiredLots(Instant asOf, int limit);

    /**
     * Pending coupon reservations ({@link DebitStatus#PENDING}) of any tenant created at or
     * before {@code createdAtOrBefore}, in ({@code createdAt}, {@code tenant}, {@code id}) order,
     * starting strictly after {@code after} (null: from the start), at most {@code limit}.
     */
    List<DebitRecord> pendingReservations(Instant createdAtOrBefore, ReservationCursor after, int limit);

    /**
     * Deletes the account with all its lots, debits and allocations as one unit, holding the
     * account as {@link AccountSession#lockAccount} does, unless the account has a
     * {@link DebitStatus#PENDING} reservation: then it changes nothing. When it deletes, it inserts
     * {@code event} in the same unit. The account's earlier events stay until they are delivered
     * and purged.
     *
     * @return what happened
     */
    Erasure deleteAccount(String tenant, String customerId, EventRecord event);

    /** Outcome of {@link #deleteAccount}. */
    enum Erasure {
        /** The account and its history are gone. */
        DELETED,
        /** There was no such account; nothing changed. */
        NO_ACCOUNT,
        /** A coupon redemption of the account is in flight; nothing changed. */
        RESERVATION_PENDING
    }

    // ---------------------------------------------------------------- as of an instant

    /**
     * The account as committed, with the sums over its entries recorded after {@code instant}
     * that {@link EntriesAfter} defines, all read from one committed state (one statement, or a
     * lock that keeps units out). The work should be proportional to the entries recorded after
     * {@code instant} (and the expired lots with remaining points), not to the whole history.
     *
     * @return empty when the account does not exist
     */
    Optional<EntriesAfter> entriesAfter(String tenant, String customerId, Instant instant);

    /** All allocations of the given lots of the account, of debits of any status, in any order. */
    List<DatedAllocation> allocationsOfLots(String tenant, String customerId, Collection<String> lotIds);

    /**
     * The account's lots that were pending at {@code instant} ({@link LotRecord#isPendingAt}), in any
     * order. The work should be proportional to the lots activated after {@code instant}, not to
     * the whole history.
     */
    List<LotRecord> lotsPendingAt(String tenant, String customerId, Instant instant);

    // ------------------------------------------------------------------ pending points

    /**
     * Up to {@code limit} accounts, of any tenant, holding a lot whose {@code activatesAt} is at or
     * before {@code asOf} and whose activation is not recorded yet
     * ({@link AccountSession#recordActivation}). Several callers may call this at once; an adapter
     * may skip accounts another one is working on.
     */
    List<AccountKey> accountsWithActivationsToRecord(Instant asOf, int limit);
    // ------------------------------------------------------------------ expiring soon

    /**
     * One page of the tenant's customers holding lots with remaining points whose
     * {@code validUntil} is after {@code after} and at or before {@code until}, by customer id in
     * ascending order, starting strictly after {@code afterCustomerId} (null: from the start), at
     * most {@code limit} long. Each customer comes with the remaining points of those lots and the
     * soonest {@code validUntil} among them. Reads committed data without waiting for units.
     */
    List<CustomerExpiry> customersWithExpiringLots(String tenant, Instant after, Instant until, String afterCustomerId,
                                                   int limit);

    /**
     * Up to {@code limit} accounts, of any tenant, holding a lot with remaining points whose
     * {@code validUntil} is after {@code asOf} and at or before {@code until} and that was not
     * announced for a window of {@code windowSeconds} or less ({@link AccountSession#markAnnounced}).
     * Several announcers may call this at once; an adapter may skip accounts another one is
     * working on.
     */
    List<AccountKey> accountsWithLotsToAnnounce(Instant asOf, Instant until, long windowSeconds, int limit);
}
