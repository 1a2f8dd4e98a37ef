package org.rewardpoints.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
 *       database, so it never relies on JVM locks alone.</li>
 *   <li><b>Uniqueness.</b> Ids and non-null idempotency keys of lots and of debits are unique per
 *       tenant, as are accounts per (tenant, customerId); a violating write fails the unit with
 *       {@link DuplicateKeyException} (in a database: a unique constraint, not a prior read).</li>
 *   <li><b>Isolation of tenants.</b> Every read and write is keyed by tenant.</li>
 * </ol>
 *
 * <p>Reads outside {@code inAccount} take no lock and see committed data only. Every method may
 * throw {@link org.rewardpoints.StorageException} on infrastructure failure; no driver exception
 * (such as {@code SQLException}) crosses this interface.
 */
public interface LedgerStore {

    /**
     * Runs {@code work} as one atomic unit on the account (tenant, customerId) and returns its
     * result. If {@code work} throws, nothing it wrote remains and the exception propagates
     * unchanged. The store may run {@code work} again after a transient conflict (serialization
     * failure, deadlock); {@code work} must therefore act only through the session.
     *
     * @throws DuplicateKeyException when a write of the unit broke a uniqueness rule
     */
    <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work);

    /** The account as committed, with {@link AccountRecord#expiredPoints()} as of {@code asOf}. */
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
     * before {@code createdAtOrBefore}, oldest first, at most {@code limit}.
     */
    List<DebitRecord> pendingReservations(Instant createdAtOrBefore, int limit);

    /**
     * Deletes the account with all its lots, debits and allocations, atomically.
     *
     * @return false when there was no such account
     */
    boolean deleteAccount(String tenant, String customerId);
}
