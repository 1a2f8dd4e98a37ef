package org.rewardpoints.spi;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The reads and writes of one atomic unit on one account, handed to the work passed to
 * {@link LedgerStore#inAccount}. Valid only during that call and on the calling thread.
 *
 * <p>All writes become visible together when the unit ends normally and are discarded when it
 * ends with an exception. An adapter may send writes at once or buffer them until the end of the
 * unit; either way a uniqueness violation surfaces as {@link DuplicateKeyException}, from the
 * write or from the end of the unit, and nothing of the unit remains.
 *
 * <p>Whether reads see the unit's own earlier writes is up to the adapter: the core never reads
 * back what it wrote in the same unit.
 */
public interface AccountSession {

    /**
     * Reads the account and holds it exclusively until the unit ends: no other unit on the same
     * account runs its reads and writes in between (row lock or a version check at the end).
     *
     * <p>Everything returned, {@link AccountRecord#expiredPoints()} included, must reflect the
     * state after the lock was obtained, not a snapshot taken before waiting for it (a
     * READ COMMITTED sub-select can be older than the locked row). The core increments
     * {@link AccountRecord#version()} with every change to the account or its lots, so an
     * adapter can detect such a stale read by comparing versions.
     *
     * @param asOf the instant for {@link AccountRecord#expiredPoints()}
     * @return the account, or empty when the customer has none
     */
    Optional<AccountRecord> lockAccount(Instant asOf);

    /**
     * {@link #lockAccount}, for a unit that reads {@code next} right after it with the same
     * {@code asOf}: a store may fetch those lots together with the lock (in the same round trip,
     * read once the lock is held) and serve the read from there. The default just locks.
     */
    default Optional<AccountRecord> lockAccount(Instant asOf, Prefetch next) {
        return lockAccount(asOf);
    }

    /**
     * {@link #lockAccount(Instant, Prefetch)}, for a unit that then also reads {@link #debitByKey}
     * of {@code debitKey}, a replay's check: a store may fetch that debit in the same round trip
     * too, read once the lock is held, and serve the first such read from there. A null
     * {@code next} or key reads nothing more. The default ignores the key.
     */
    default Optional<AccountRecord> lockAccount(Instant asOf, Prefetch next, String debitKey) {
        return next == null ? lockAccount(asOf) : lockAccount(asOf, next);
    }

    /** What a unit reads right after locking the account. */
    enum Prefetch {
        /** {@link #spendableLots}: at least the first few. */
        SPENDABLE_LOTS,
        /** {@link #expiredLots}. */
        EXPIRED_LOTS
    }

    /**
     * Inserts a new account (with zero points and the given {@code createdAt}).
     *
     * @throws DuplicateKeyException when the account exists (a concurrent unit created it)
     */
    void insertAccount(AccountRecord account);

    /** Stores the account's new {@code openPoints}, {@code debt} and {@code version}. */
    void updateAccount(AccountRecord account);

    /** Finds a lot of the tenant, any customer, by idempotency key. */
    Optional<LotRecord> lotByKey(String idempotencyKey);

    /** Finds a debit of the tenant, any customer, by idempotency key. */
    Optional<DebitRecord> debitByKey(String idempotencyKey);

    /** Finds a debit of this account by id. */
    Optional<DebitRecord> debit(String debitId);

    /**
     * Lots of this account with {@code remaining > 0}, {@code validUntil} after {@code asOf} and
     * {@code activatesAt} at or before it (not pending), soonest-expiring first: ordered by {@code validUntil}, then {@code createdAt}, then
     * {@code id}. The core stops iterating as soon as it has what it needs, so an adapter should
     * fetch lazily (in small batches) rather than load every open lot.
     */
    Iterator<LotRecord> spendableLots(Instant asOf);

    /** Lots of this account with {@code remaining > 0} and {@code validUntil} at or before {@code asOf}. */
    List<LotRecord> expiredLots(Instant asOf);

    /** Lots of this account by id, in any order; unknown ids are left out. */
    List<LotRecord> lots(List<String> lotIds);

    /**
     * What holds the points of one lot of this account besides its remaining points: those held by
     * {@link DebitStatus#PENDING} reservations, and those taken by {@link DebitKind#EXPIRY} debits.
     */
    LotClaims claimsOnLot(String lotId);

    /**
     * Points of one lot held apart from its remaining points.
     *
     * @param reserved points held by pending reservations
     * @param expired  points the expiry sweep recorded as expired
     */
    record LotClaims(long reserved, long expired) {
    }

    /** Reversal debits of an order (kind {@link DebitKind#REVERSAL}), in creation order. */
    List<DebitRecord> reversalsOfOrder(String orderId);

    /** All allocations of one debit of this account. */
    List<AllocationRecord> allocationsOfDebit(String debitId);

    /**
     * Reversal debits of this account that created debt not yet settled, oldest first, each with
     * its unsettled points: {@code points} minus the sum of its allocations.
     */
    List<UnsettledDebt> unsettledDebts();

    /**
     * Inserts a lot. Its activation counts as recorded ({@link #recordActivation}) unless it is
     * pending ({@link LotRecord#wasPending()}).
     *
     * @throws DuplicateKeyException when its id or idempotency key is already used in the tenant
     */
    void insertLot(LotRecord lot);

    /** Sets the remaining points of a lot of this account. */
    void updateLotRemaining(String lotId, long remaining);

    /**
     * Inserts a debit.
     *
     * @throws DuplicateKeyException when its id or idempotency key is already used in the tenant
     */
    void insertDebit(DebitRecord debit);

    /** Stores a debit's new {@code status}, {@code couponCode}, {@code balanceAfter} and {@code resolvedAt}. */
    void updateDebit(DebitRecord debit);

    /**
     * Inserts allocations (of debits inserted before in this unit or earlier). A (debit, lot)
     * pair occurs at most once: the core merges what one debit takes from one lot.
     */
    void insertAllocations(List<AllocationRecord> allocations);

    /**
     * Inserts an event of this unit's change, with the unit's other writes. The store assigns its
     * position.
     */
    void insertEvent(EventRecord event);

    /** Debt of one reversal not yet settled by later credits. */
    record UnsettledDebt(String debitId, long points) {
    }

    // ------------------------------------------------------------------ pending points

    /**
     * Lots of this account whose {@code activatesAt} is at or before {@code asOf} and whose
     * activation is not recorded yet, in any order.
     */
    List<LotRecord> lotsWithActivationToRecord(Instant asOf);

    /**
     * Records a lot's activation, with the unit's other writes: sets its {@code activatesAt}
     * (unchanged when the pending period ended by itself, earlier when the lot is activated
     * explicitly) and marks the activation recorded, so that it is recorded once.
     */
    void recordActivation(String lotId, Instant activatesAt);

    // ------------------------------------------------------------------ expiring soon

    /**
     * Lots of this account with {@code remaining > 0}, {@code validUntil} after {@code asOf} and at
     * or before {@code until}, whose announcement ({@link #markAnnounced}) is missing or was for a
     * window longer than {@code windowSeconds}; soonest-expiring first.
     */
    List<LotRecord> lotsToAnnounce(Instant asOf, Instant until, long windowSeconds);

    /**
     * Records on the lot that it was announced as expiring within {@code windowSeconds}, with the
     * unit's other writes. The record stays with the lot (it outlives the events) and goes with it
     * when the account is deleted.
     */
    void markAnnounced(String lotId, long windowSeconds);

    // ------------------------------------------------------------------ coupons

    /**
     * Writes the coupon with the unit's other writes when {@code issuer} keeps its coupons in this
     * store's own database, so that the coupon commits or rolls back with the unit; a code already
     * taken then breaks the unit with a {@link DuplicateKeyException}, like any key. Empty when
     * this session cannot (the default): the library then issues the coupon through
     * {@link CouponIssuer#issue} after the unit and confirms it in another.
     *
     * @param issuer  the ledger's coupon issuer
     * @param request the coupon to issue; its key is new (a reservation id)
     * @return the coupon as it will be stored, or empty when the issuer does not join the unit
     */
    default Optional<IssuedCoupon> issueCoupon(CouponIssuer issuer, CouponRequest request) {
        return Optional.empty();
    }
}
