package org.rewardpoints;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.internal.Expiry;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.settings.CachingSettingsStore;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AccountSession.Prefetch;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.spi.RedemptionOptionStore;
import org.rewardpoints.spi.SettingsProvider;
import org.rewardpoints.spi.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reward points ledger: the one entry point of the library. Thread-safe; build one per
 * application with {@link #builder()} and share it.
 *
 * <p>Every operation is scoped to a tenant and never reads or changes another tenant's data. This
 * entry point trusts its caller (the backend's own order pipeline and back office); it checks no
 * scopes.
 */
public final class RewardPoints {
    /** Site used when none is given. */
    public static final String DEFAULT_SITE_CODE = "main";
    /** Rounding of order value times factor to points. */
    public static final RoundingMode DEFAULT_ROUNDING_MODE = RoundingMode.DOWN;
    /** What reversals do when the order's points were already spent. */
    public static final ReversalPolicy DEFAULT_REVERSAL_POLICY = ReversalPolicy.TAKE_FROM_OTHER_LOTS;
    /** How expiry instants are aligned. */
    public static final ExpiryAlignment DEFAULT_EXPIRY_ALIGNMENT = ExpiryAlignment.EXACT;
    /** Page size of paged reads when the caller gives none. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Largest page a caller may ask for. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** Accounts the expiry sweep asks the store for at a time. */
    public static final int DEFAULT_SWEEP_BATCH_SIZE = 100;
    /** Attempts of one atomic unit that keeps meeting a concurrent duplicate key. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Codes proposed to the coupon issuer for one redemption before giving up on collisions. */
    public static final int DEFAULT_CODE_ATTEMPTS = 5;
    /** Accounts, reservations and the like handled per batch by sweeps and recovery. */
    private static final int RECOVERY_BATCH_SIZE = 100;

    private static final String ORDER_KEY = "order:";
    private static final String ADD_KEY = "add:";
    private static final String REDEEM_KEY = "redeem:";
    private static final String RETURN_KEY = "return:";
    private static final String COUPON_KEY = "coupon:";
    private static final Logger LOG = LoggerFactory.getLogger(RewardPoints.class);

    private final LedgerStore store;
    private final CachingSettingsStore settings;
    private final Clock clock;
    private final RoundingMode roundingMode;
    private final ReversalPolicy reversalPolicy;
    private final ExpiryAlignment expiryAlignment;
    private final int sweepBatchSize;
    private final int maxAttempts;
    private final CouponIssuer couponIssuer;
    private final RedemptionOptionStore options;
    private final List<RewardPointsListener> listeners;
    private final IdGenerator ids;

    private RewardPoints(Builder builder) {
        this.store = builder.store;
        this.settings = builder.settings instanceof CachingSettingsStore cache ? cache
                : CachingSettingsStore.builder(builder.settings).timeToLive(builder.settingsTimeToLive).build();
        this.clock = builder.clock;
        this.roundingMode = builder.roundingMode;
        this.reversalPolicy = builder.reversalPolicy;
        this.expiryAlignment = builder.expiryAlignment;
        this.sweepBatchSize = builder.sweepBatchSize;
        this.maxAttempts = builder.maxAttempts;
        this.couponIssuer = builder.couponIssuer;
        this.options = builder.options;
        this.listeners = List.copyOf(builder.listeners);
        this.ids = new IdGenerator(clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- earning

    /**
     * Credits {@code floor(value × factor)} points (rounding mode configurable) for a completed
     * order, exactly once per (tenant, orderId), even under concurrent duplicate deliveries. A
     * repeat returns {@link CreditResult.Status#ALREADY_CREDITED} with the first credit; a repeat
     * with another customer, value or currency is refused.
     *
     * @throws SiteNotFoundException         when the site has no settings
     * @throws InvalidInputException         when the currency is not the site's
     * @throws IdempotencyConflictException  when the order was credited with other content
     */
    public CreditResult orderCompleted(OrderCompletion order) {
        Checks.required("order", order);
        SiteSettings site = settingsOf(order.tenant(), order.siteCode());
        if (!site.currency().equals(order.currency())) {
            throw new InvalidInputException("currency", order.currency().getCurrencyCode(),
                    "must be the site's currency " + site.currency().getCurrencyCode());
        }
        long points = pointsFor(order.value(), site.orderValueToRewardPointsFactor());
        String key = ORDER_KEY + order.orderId();
        if (site.enabled() && points > 0) {
            Instant now = clock.instant();
            Optional<AddedPoints> credited = tryCredit(orderLot(order, key, points, site, now), now);
            if (credited.isPresent()) {
                return new CreditResult(CreditResult.Status.CREDITED, points, credited);
            }
        }
        return inAccount(order.tenant(), order.customerId(), (session, events) -> {
            Instant now = clock.instant();
            Optional<AccountRecord> current = session.lockAccount(now);
            Optional<LotRecord> existing = session.lotByKey(key);
            if (existing.isPresent()) {
                LotRecord lot = existing.get();
                requireSameOrder(order, key, lot);
                return new CreditResult(CreditResult.Status.ALREADY_CREDITED, lot.points(),
                        Optional.of(toAdded(lot, List.of())));
            }
            if (!site.enabled()) {
                return CreditResult.notCredited(CreditResult.Status.SITE_DISABLED);
            }
            if (points == 0) {
                return CreditResult.notCredited(CreditResult.Status.ZERO_POINTS);
            }
            AccountRecord account = current.orElseGet(() -> insertAccount(session, order.tenant(), order.customerId(), now));
            LotRecord lot = orderLot(order, key, points, site, now);
            return new CreditResult(CreditResult.Status.CREDITED, points, Optional.of(credit(session, account, lot, events)));
        });
    }

    private LotRecord orderLot(OrderCompletion order, String key, long points, SiteSettings site, Instant now) {
        return new LotRecord(ids.next(), order.tenant(), order.customerId(), key, order.orderId(), order.value(),
                order.currency().getCurrencyCode(), order.orderId(), null, points, points, now,
                Expiry.validUntil(now, site, expiryAlignment), 0);
    }

    /**
     * Adds points by hand. With an id the call is idempotent: a repeat with the same content
     * returns the first lot.
     *
     * @throws SiteNotFoundException        when the site has no settings
     * @throws InvalidInputException        when validUntil is not in the future
     * @throws IdempotencyConflictException when the id was used with other content
     */
    public AddedPoints addPoints(AddPoints add) {
        Checks.required("add", add);
        return addLot(add, false);
    }

    /**
     * Creates an empty account.
     *
     * @throws AccountAlreadyExistsException when the customer has an account
     */
    public void createAccount(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        inAccount(tenant, customerId, (session, events) -> {
            Instant now = clock.instant();
            if (session.lockAccount(now).isPresent()) {
                throw new AccountAlreadyExistsException(tenant, customerId);
            }
            session.insertAccount(new AccountRecord(tenant, customerId, 0, 0, now, 0, 0));
            return null;
        });
    }

    /**
     * Creates an account holding start points.
     *
     * @throws AccountAlreadyExistsException when the customer has an account
     */
    public AddedPoints createAccount(AddPoints startPoints) {
        Checks.required("startPoints", startPoints);
        return addLot(startPoints, true);
    }

    private AddedPoints addLot(AddPoints add, boolean newAccount) {
        SiteSettings site = settingsOf(add.tenant(), add.siteCode());
        String key = add.id() == null ? null : ADD_KEY + add.id();
        if (!newAccount) {
            Instant now = clock.instant();
            requireFuture(add, now);
            Optional<AddedPoints> credited = tryCredit(addedLot(add, key, site, now), now);
            if (credited.isPresent()) {
                return credited.get();
            }
        }
        return inAccount(add.tenant(), add.customerId(), (session, events) -> {
            Instant now = clock.instant();
            requireFuture(add, now);
            Optional<AccountRecord> current = session.lockAccount(now);
            if (newAccount && current.isPresent()) {
                throw new AccountAlreadyExistsException(add.tenant(), add.customerId());
            }
            if (key != null) {
                Optional<LotRecord> existing = session.lotByKey(key);
                if (existing.isPresent()) {
                    requireSameAdd(add, key, existing.get());
                    return toAdded(existing.get(), List.of());
                }
            }
            AccountRecord account = current.orElseGet(() -> insertAccount(session, add.tenant(), add.customerId(), now));
            return credit(session, account, addedLot(add, key, site, now), events);
        });
    }

    private static void requireFuture(AddPoints add, Instant now) {
        if (add.validUntil() != null && !add.validUntil().isAfter(now)) {
            throw new InvalidInputException("validUntil", add.validUntil(), "must be in the future");
        }
    }

    private LotRecord addedLot(AddPoints add, String key, SiteSettings site, Instant now) {
        Instant validUntil = add.validUntil() != null ? add.validUntil() : Expiry.validUntil(now, site, expiryAlignment);
        return new LotRecord(add.id() != null ? add.id() : ids.next(), add.tenant(), add.customerId(), key,
                null, null, null, add.referenceId(), add.description(), add.points(), add.points(), now, validUntil, 0);
    }

    /**
     * The store's write-only credit ({@link LedgerStore#tryCredit}); empty when the store declined
     * and the caller must take the general path.
     */
    private Optional<AddedPoints> tryCredit(LotRecord draft, Instant now) {
        Optional<LotRecord> lot = store.tryCredit(draft, now);
        lot.ifPresent(credited -> publish(List.of(credited(credited))));
        return lot.map(credited -> toAdded(credited, List.of()));
    }

    /** Inserts the lot, settling the account's debt first; returns the lot as shown in a summary. */
    private AddedPoints credit(AccountSession session, AccountRecord account, LotRecord draft, List<LedgerEvent> events) {
        long settled = Math.min(account.debt(), draft.points());
        List<AllocationRecord> settlements = new ArrayList<>();
        long left = settled;
        if (settled > 0) {
            for (AccountSession.UnsettledDebt debt : session.unsettledDebts()) {
                long take = Math.min(left, debt.points());
                settlements.add(new AllocationRecord(debt.debitId(), draft.id(), take));
                left -= take;
                if (left == 0) {
                    break;
                }
            }
        }
        long remaining = draft.points() - settled;
        AccountRecord updated = account.withChange(remaining, -settled, 0);
        LotRecord lot = new LotRecord(draft.id(), draft.tenant(), draft.customerId(), draft.idempotencyKey(),
                draft.orderId(), draft.orderValue(), draft.currency(), draft.referenceId(), draft.description(),
                draft.points(), remaining, draft.createdAt(), draft.validUntil(), updated.activePoints());
        session.insertLot(lot);
        if (!settlements.isEmpty()) {
            session.insertAllocations(settlements);
        }
        session.updateAccount(updated);
        events.add(credited(lot));
        return toAdded(lot, settlements);
    }

    // ---------------------------------------------------------------- spending

    /**
     * Deducts points without a coupon, consuming lots soonest-expiring first. With an id the call
     * is idempotent.
     *
     * @throws AccountNotFoundException     when the customer has no account
     * @throws InsufficientPointsException  when the active points do not cover it
     * @throws IdempotencyConflictException when the id was used with other content
     */
    public RedeemedPoints redeemPoints(RedeemPoints redeem) {
        Checks.required("redeem", redeem);
        String key = redeem.id() == null ? null : REDEEM_KEY + redeem.id();
        return inAccount(redeem.tenant(), redeem.customerId(), (session, events) -> {
            Instant now = clock.instant();
            AccountRecord account = session.lockAccount(now, Prefetch.SPENDABLE_LOTS)
                    .orElseThrow(() -> new AccountNotFoundException(redeem.tenant(), redeem.customerId()));
            if (key != null) {
                Optional<DebitRecord> existing = session.debitByKey(key);
                if (existing.isPresent()) {
                    DebitRecord debit = existing.get();
                    if (!debit.customerId().equals(redeem.customerId()) || debit.points() != redeem.points()) {
                        throw new IdempotencyConflictException(redeem.tenant(), key,
                                "first used for customer '" + debit.customerId() + "' and " + debit.points() + " points");
                    }
                    return toRedeemed(debit);
                }
            }
            if (redeem.points() > account.activePoints()) {
                throw new InsufficientPointsException(redeem.tenant(), redeem.customerId(), redeem.points(),
                        Math.max(0, account.activePoints()));
            }
            String id = ids.next();
            List<AllocationRecord> allocations = consume(session, id, redeem.points(), now, null);
            AccountRecord updated = account.withChange(-redeem.points(), 0, 0);
            DebitRecord debit = new DebitRecord(id, redeem.tenant(), redeem.customerId(), DebitKind.REDEMPTION,
                    DebitStatus.CONFIRMED, key, null, null, redeem.description(), redeem.points(), redeem.points(), now,
                    updated.activePoints(), null, null);
            session.insertDebit(debit);
            session.insertAllocations(allocations);
            session.updateAccount(updated);
            events.add(event(LedgerEvent.Type.DEBITED, debit));
            return toRedeemed(debit);
        });
    }

    /**
     * Takes up to {@code points} from spendable lots, soonest-expiring first, skipping
     * {@code excludedLotId}; updates the lots and returns the allocations (their sum may be less
     * than asked when the lots run out).
     */
    private List<AllocationRecord> consume(AccountSession session, String debitId, long points, Instant now,
                                           String excludedLotId) {
        List<AllocationRecord> allocations = new ArrayList<>();
        long left = points;
        Iterator<LotRecord> lots = session.spendableLots(now);
        while (left > 0 && lots.hasNext()) {
            LotRecord lot = lots.next();
            if (lot.id().equals(excludedLotId)) {
                continue;
            }
            long take = Math.min(left, lot.remaining());
            session.updateLotRemaining(lot.id(), lot.remaining() - take);
            allocations.add(new AllocationRecord(debitId, lot.id(), take));
            left -= take;
        }
        return allocations;
    }

    // ---------------------------------------------------------------- redemption options

    /** Creates a redemption option with version 1. */
    public RedemptionOption createOption(String tenant, RedemptionOptionDraft draft) {
        Checks.id("tenant", tenant);
        Checks.required("draft", draft);
        Instant now = clock.instant();
        RedemptionOption option = new RedemptionOption(ids.next(), tenant, draft.name(), draft.description(),
                draft.points(), draft.coupon(), 1, now, now);
        options().insert(option);
        return option;
    }

    /** The tenant's redemption options, oldest first. */
    public List<RedemptionOption> listOptions(String tenant) {
        return options().list(Checks.id("tenant", tenant));
    }

    /** @throws RedemptionOptionNotFoundException when there is no such option */
    public RedemptionOption option(String tenant, String optionId) {
        Checks.id("tenant", tenant);
        Checks.id("optionId", optionId);
        return options().find(tenant, optionId).orElseThrow(() -> new RedemptionOptionNotFoundException(tenant, optionId));
    }

    /**
     * Replaces an option's content when {@code version} is its current version; the new version
     * is one higher.
     *
     * @throws StaleVersionException              when the option changed since that version was read
     * @throws RedemptionOptionNotFoundException  when there is no such option
     */
    public RedemptionOption updateOption(String tenant, String optionId, long version, RedemptionOptionDraft draft) {
        Checks.required("draft", draft);
        RedemptionOption current = option(tenant, optionId);
        RedemptionOption updated = new RedemptionOption(optionId, tenant, draft.name(), draft.description(),
                draft.points(), draft.coupon(), version + 1, current.createdAt(), clock.instant());
        if (current.version() != version || !options().update(updated, version)) {
            throw staleOrMissing(tenant, optionId, version);
        }
        return updated;
    }

    /**
     * Deletes an option when {@code version} is its current version.
     *
     * @throws StaleVersionException              when the option changed since that version was read
     * @throws RedemptionOptionNotFoundException  when there is no such option
     */
    public void deleteOption(String tenant, String optionId, long version) {
        Checks.id("tenant", tenant);
        Checks.id("optionId", optionId);
        if (!options().delete(tenant, optionId, version)) {
            throw staleOrMissing(tenant, optionId, version);
        }
    }

    private RewardPointsException staleOrMissing(String tenant, String optionId, long version) {
        return options().find(tenant, optionId)
                .<RewardPointsException>map(now -> new StaleVersionException(optionId, version, now.version()))
                .orElseGet(() -> new RedemptionOptionNotFoundException(tenant, optionId));
    }

    private RedemptionOptionStore options() {
        if (options == null) {
            throw new IllegalStateException("No redemption option store configured: RewardPoints.builder().redemptionOptions(...)");
        }
        return options;
    }

    // ---------------------------------------------------------------- redeem for a coupon

    /**
     * Exchanges points for a coupon in three steps: reserve the option's points on the
     * soonest-expiring lots, issue the coupon with the reservation id as idempotency key, confirm.
     * If issuing fails the reservation is released: the very same lots get their points back with
     * their original validUntil. A crash between the steps leaves a pending reservation that
     * {@link #recoverReservations} resolves. Reserved points are never spendable twice.
     *
     * @throws RedemptionOptionNotFoundException when there is no such option
     * @throws InsufficientPointsException       when the active points do not cover the option
     * @throws CouponIssuingException            when the issuer failed (points given back)
     */
    public RedeemedCoupon redeemForCoupon(CouponRedemption redemption) {
        Checks.required("redemption", redemption);
        requireCouponIssuer();
        String tenant = redemption.tenant();
        String customerId = redemption.customerId();
        RedemptionOption option = option(tenant, redemption.optionId());
        SiteSettings site = settingsOf(tenant, redemption.siteCode());
        String reservationId = ids.next();
        String key = COUPON_KEY + (redemption.requestId() != null ? redemption.requestId() : reservationId);

        DebitRecord reservation = inAccount(tenant, customerId, (session, events) -> {
            Instant now = clock.instant();
            AccountRecord account = session.lockAccount(now, Prefetch.SPENDABLE_LOTS)
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            if (redemption.requestId() != null) {
                Optional<DebitRecord> existing = session.debitByKey(key);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            if (option.points() > account.activePoints()) {
                throw new InsufficientPointsException(tenant, customerId, option.points(), Math.max(0, account.activePoints()));
            }
            List<AllocationRecord> allocations = consume(session, reservationId, option.points(), now, null);
            AccountRecord updated = account.withChange(-option.points(), 0, 0);
            DebitRecord debit = new DebitRecord(reservationId, tenant, customerId, DebitKind.COUPON_REDEMPTION,
                    DebitStatus.PENDING, key, null, null, option.description() != null ? option.description() : option.name(),
                    option.points(), option.points(), now, updated.activePoints(), option.id(), null);
            session.insertDebit(debit);
            session.insertAllocations(allocations);
            session.updateAccount(updated);
            return debit;
        });
        if (!reservation.customerId().equals(customerId) || !option.id().equals(reservation.redeemOptionId())) {
            throw new IdempotencyConflictException(tenant, key, "first used by customer '" + reservation.customerId()
                    + "' for option '" + reservation.redeemOptionId() + "'");
        }
        switch (reservation.status()) {
            case CONFIRMED:
                return new RedeemedCoupon(reservation.couponCode(), toRedeemed(reservation));
            case RELEASED:
                throw new CouponIssuingException(reservation.id(), false, "Redemption '" + redemption.requestId()
                        + "' failed before and its points were given back; use a new request id to try again", null);
            default:
                break;
        }

        IssuedCoupon coupon;
        try {
            coupon = issue(reservation, option, site);
        } catch (RuntimeException issueFailure) {
            coupon = resolveFailedIssue(reservation, option, site, issueFailure);
        }
        try {
            return new RedeemedCoupon(coupon.code(), toRedeemed(confirm(reservation, coupon.code())));
        } catch (StorageException confirmFailure) {
            // the coupon exists and its points stay reserved: recovery will confirm, so the customer keeps the coupon
            LOG.warn("Confirming reservation {} failed; recoverReservations will confirm it", reservation.id(), confirmFailure);
            return new RedeemedCoupon(coupon.code(), toRedeemed(reservation.withOutcome(DebitStatus.PENDING,
                    coupon.code(), reservation.balanceAfter())));
        }
    }

    /**
     * After a failed issue call the coupon may still exist (a timeout after the issuer's success):
     * ask the issuer. A coupon found is kept and returned; otherwise the issue is tried once more
     * under the same key (safe by the issuer's contract; it rides out a transient fault such as a
     * stale pooled connection), and only then do the points go back to their lots. When even that
     * cannot be decided, the reservation stays for recovery.
     */
    private IssuedCoupon resolveFailedIssue(DebitRecord reservation, RedemptionOption option, SiteSettings site,
                                            RuntimeException issueFailure) {
        boolean released = false;
        try {
            // find, issue again, find: the last word before a release is always the issuer's "no such coupon"
            for (int attempt = 1; ; attempt++) {
                Optional<IssuedCoupon> issued = couponIssuer.find(reservation.tenant(), reservation.id());
                if (issued.isPresent()) {
                    return issued.get();
                }
                if (attempt == 2) {
                    break;
                }
                try {
                    return issue(reservation, option, site);
                } catch (RuntimeException retryFailure) {
                    issueFailure.addSuppressed(retryFailure);
                }
            }
            released = release(reservation);
        } catch (RuntimeException resolveFailure) {
            issueFailure.addSuppressed(resolveFailure);
        }
        throw new CouponIssuingException(reservation.id(), !released, "The coupon for option '" + option.id()
                + "' could not be issued: " + issueFailure.getMessage()
                + (released ? "; the points were given back to their lots" : "; the points stay reserved until recovery"),
                issueFailure);
    }

    private void requireCouponIssuer() {
        if (couponIssuer == null) {
            throw new IllegalStateException("No coupon issuer configured: RewardPoints.builder().couponIssuer(...)");
        }
    }

    private IssuedCoupon issue(DebitRecord reservation, RedemptionOption option, SiteSettings site) {
        CouponCodeTakenException collision = null;
        for (int attempt = 1; attempt <= DEFAULT_CODE_ATTEMPTS; attempt++) {
            try {
                return couponIssuer.issue(new CouponRequest(reservation.tenant(), reservation.id(),
                        CouponCodes.generate(site.codePrefix()), reservation.customerId(), option.coupon(), clock.instant()));
            } catch (CouponCodeTakenException e) {
                if (collision != null) {
                    e.addSuppressed(collision);
                }
                collision = e;
            }
        }
        throw collision;
    }

    /** Confirms a pending reservation with its coupon; returns the debit as it now stands. */
    private DebitRecord confirm(DebitRecord reservation, String code) {
        if (store.confirmReservation(reservation.tenant(), reservation.customerId(), reservation.id(), code)) {
            DebitRecord confirmed = reservation.withOutcome(DebitStatus.CONFIRMED, code, reservation.balanceAfter());
            publish(List.of(event(LedgerEvent.Type.COUPON_ISSUED, confirmed)));
            return confirmed;
        }
        DebitRecord current = store.findDebitByKey(reservation.tenant(), reservation.idempotencyKey())
                .filter(debit -> debit.id().equals(reservation.id()))
                .orElseThrow(() -> new AccountNotFoundException(reservation.tenant(), reservation.customerId()));
        if (current.status() == DebitStatus.RELEASED) {
            throw new CouponIssuingException(current.id(), false, "Reservation " + current.id()
                    + " was released while coupon " + code + " was being issued; the coupon has no points behind it"
                    + " (make the recovery age longer than the issuer's timeout)", null);
        }
        return current;
    }

    /**
     * Gives a pending reservation's points back to the very lots they came from.
     *
     * @return false when the reservation was no longer pending (nothing changed)
     */
    private boolean release(DebitRecord reservation) {
        return inAccount(reservation.tenant(), reservation.customerId(), (session, events) -> {
            Instant now = clock.instant();
            Optional<AccountRecord> account = session.lockAccount(now);
            Optional<DebitRecord> current = session.debit(reservation.id());
            if (account.isEmpty() || current.isEmpty() || current.get().status() != DebitStatus.PENDING) {
                return false;
            }
            List<AllocationRecord> allocations = session.allocationsOfDebit(reservation.id());
            Map<String, LotRecord> lots = new LinkedHashMap<>();
            session.lots(allocations.stream().map(AllocationRecord::lotId).distinct().toList())
                    .forEach(lot -> lots.put(lot.id(), lot));
            long restored = 0;
            long restoredExpired = 0;
            for (AllocationRecord allocation : allocations) {
                LotRecord lot = lots.get(allocation.lotId());
                LotRecord back = lot.withRemaining(lot.remaining() + allocation.points());
                lots.put(lot.id(), back);
                session.updateLotRemaining(lot.id(), back.remaining());
                restored += allocation.points();
                if (lot.isExpiredAt(now)) {
                    restoredExpired += allocation.points();
                }
            }
            AccountRecord updated = account.get().withChange(restored, 0, restoredExpired);
            session.updateDebit(current.get().withOutcome(DebitStatus.RELEASED, null, updated.activePoints()));
            session.updateAccount(updated);
            return true;
        });
    }

    /**
     * Resolves coupon reservations left pending (by a crash, or a failed confirm) that are at
     * least {@code minimumAge} old: asks the issuer whether it issued a coupon under the
     * reservation's key; if so the redemption is confirmed with that coupon, otherwise the points
     * go back to their lots. Choose {@code minimumAge} longer than the issuer's timeout so that no
     * redemption still in flight is resolved. Safe to run on several instances at once.
     */
    public RecoveryResult recoverReservations(Duration minimumAge) {
        Checks.required("minimumAge", minimumAge);
        requireCouponIssuer();
        int confirmed = 0;
        int released = 0;
        int failed = 0;
        Set<String> seen = new HashSet<>();
        while (true) {
            List<DebitRecord> batch = store.pendingReservations(clock.instant().minus(minimumAge), RECOVERY_BATCH_SIZE)
                    .stream().filter(debit -> seen.add(debit.tenant() + '\u0000' + debit.id())).toList();
            if (batch.isEmpty()) {
                return new RecoveryResult(confirmed, released, failed);
            }
            for (DebitRecord reservation : batch) {
                try {
                    Optional<IssuedCoupon> coupon = couponIssuer.find(reservation.tenant(), reservation.id());
                    if (coupon.isPresent()) {
                        confirm(reservation, coupon.get().code());
                        confirmed++;
                    } else if (release(reservation)) {
                        released++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Recovery of reservation {} failed; it stays pending for the next run", reservation.id(), e);
                    failed++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- settings

    /**
     * A site's settings, read through the cache.
     *
     * @throws SiteNotFoundException when the site has none
     */
    public SiteSettings settings(String tenant, String siteCode) {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        return settingsOf(tenant, siteCode);
    }

    /**
     * Partially updates a site's settings (fields absent from the patch keep their value), as the
     * site mixin PATCH does; the change is visible to this instance at once. Other instances see
     * it when their cache entry expires or is invalidated.
     *
     * @throws UnsupportedOperationException when the configured settings source is read-only
     */
    public SiteSettings updateSettings(String tenant, String siteCode, SettingsPatch patch) {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        return settings.update(tenant, siteCode, Checks.required("patch", patch));
    }

    /** Drops a site's cached settings, so the next read goes to the source. */
    public void invalidateSettings(String tenant, String siteCode) {
        settings.invalidate(tenant, siteCode);
    }

    // ---------------------------------------------------------------- reversals

    /**
     * Takes back the points an order earned, in proportion to the refunded value, exactly once
     * per (tenant, orderId, returnId). The order's own lot is drained first; the rest follows the
     * configured {@link ReversalPolicy}.
     *
     * @throws InvalidInputException        when the refunds would exceed the order's value, or the
     *                                      currency is not the order's
     * @throws IdempotencyConflictException when the return id was used with another refunded value
     */
    public ReversalResult orderReturned(OrderReturn orderReturn) {
        Checks.required("orderReturn", orderReturn);
        String tenant = orderReturn.tenant();
        Optional<LotRecord> orderLot = store.findLotByKey(tenant, ORDER_KEY + orderReturn.orderId());
        if (orderLot.isEmpty()) {
            return new ReversalResult(ReversalResult.Status.ORDER_NOT_CREDITED, 0, 0, 0, Optional.empty());
        }
        String customerId = orderLot.get().customerId();
        String key = RETURN_KEY + orderReturn.orderId() + ":" + orderReturn.returnId();
        return inAccount(tenant, customerId, (session, events) -> {
            Instant now = clock.instant();
            AccountRecord account = session.lockAccount(now)
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            Optional<DebitRecord> existing = session.debitByKey(key);
            if (existing.isPresent()) {
                DebitRecord debit = existing.get();
                if (orderReturn.refundedValue() != null
                        && orderReturn.refundedValue().compareTo(debit.refundedValue()) != 0) {
                    throw new IdempotencyConflictException(tenant, key,
                            "first used with refunded value " + debit.refundedValue().toPlainString());
                }
                return new ReversalResult(ReversalResult.Status.ALREADY_REVERSED, debit.requestedPoints(),
                        debit.points(), debit.requestedPoints() - debit.points(), Optional.of(toRedeemed(debit)));
            }
            List<LotRecord> found = session.lots(List.of(orderLot.get().id()));
            if (found.isEmpty()) {
                return new ReversalResult(ReversalResult.Status.ORDER_NOT_CREDITED, 0, 0, 0, Optional.empty());
            }
            LotRecord lot = found.get(0);
            if (orderReturn.currency() != null && !orderReturn.currency().getCurrencyCode().equals(lot.currency())) {
                throw new InvalidInputException("currency", orderReturn.currency().getCurrencyCode(),
                        "must be the order's currency " + lot.currency());
            }
            BigDecimal refundedBefore = BigDecimal.ZERO;
            long requestedBefore = 0;
            for (DebitRecord previous : session.reversalsOfOrder(lot.orderId())) {
                refundedBefore = refundedBefore.add(previous.refundedValue());
                requestedBefore += previous.requestedPoints();
            }
            BigDecimal refund = orderReturn.refundedValue() != null
                    ? orderReturn.refundedValue() : lot.orderValue().subtract(refundedBefore);
            BigDecimal refundedTotal = refundedBefore.add(refund);
            if (refund.signum() <= 0 || refundedTotal.compareTo(lot.orderValue()) > 0) {
                throw new InvalidInputException("refundedValue", refund.toPlainString(),
                        "together with the " + refundedBefore.toPlainString() + " refunded before must not exceed"
                                + " the order value " + lot.orderValue().toPlainString() + " (and must be > 0)");
            }
            long target = BigDecimal.valueOf(lot.points()).multiply(refundedTotal)
                    .divide(lot.orderValue(), 0, roundingMode).longValueExact();
            long requested = Math.max(0, target - requestedBefore);

            String id = ids.next();
            List<AllocationRecord> allocations = new ArrayList<>();
            long fromOrderLot = Math.min(lot.remaining(), requested);
            if (fromOrderLot > 0) {
                session.updateLotRemaining(lot.id(), lot.remaining() - fromOrderLot);
                allocations.add(new AllocationRecord(id, lot.id(), fromOrderLot));
            }
            long fromOtherLots = 0;
            if (reversalPolicy != ReversalPolicy.CAP_AT_ZERO && requested > fromOrderLot) {
                List<AllocationRecord> others = consume(session, id, requested - fromOrderLot, now, lot.id());
                fromOtherLots = others.stream().mapToLong(AllocationRecord::points).sum();
                allocations.addAll(others);
            }
            long debt = reversalPolicy == ReversalPolicy.ALLOW_NEGATIVE_BALANCE
                    ? requested - fromOrderLot - fromOtherLots : 0;
            long taken = fromOrderLot + fromOtherLots + debt;
            long expiredTaken = lot.isExpiredAt(now) ? fromOrderLot : 0;
            AccountRecord updated = account.withChange(-(fromOrderLot + fromOtherLots), debt, -expiredTaken);
            DebitRecord debit = new DebitRecord(id, tenant, customerId, DebitKind.REVERSAL, DebitStatus.CONFIRMED, key,
                    lot.orderId(), refund, "Reversal of order " + lot.orderId() + " (return " + orderReturn.returnId() + ")",
                    taken, requested, now, updated.activePoints(), null, null);
            session.insertDebit(debit);
            if (!allocations.isEmpty()) {
                session.insertAllocations(allocations);
            }
            session.updateAccount(updated);
            events.add(event(LedgerEvent.Type.REVERSED, debit));
            return new ReversalResult(ReversalResult.Status.REVERSED, requested, taken, requested - taken,
                    Optional.of(toRedeemed(debit)));
        });
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Records an expiry entry for every account holding lots whose validUntil has passed, and
     * closes those lots. Balances never depend on this having run; it keeps histories complete
     * and the open-lot indexes small. Idempotent, and safe to run on several instances at once.
     */
    public SweepResult sweepExpired() {
        long accounts = 0;
        long lots = 0;
        long points = 0;
        while (true) {
            Instant now = clock.instant();
            List<AccountKey> batch = store.accountsWithExpiredLots(now, sweepBatchSize);
            long before = accounts;
            for (AccountKey key : batch) {
                long[] swept = inAccount(key.tenant(), key.customerId(), (session, events) -> expireLots(session, now, events));
                if (swept[0] > 0) {
                    accounts++;
                    lots += swept[0];
                    points += swept[1];
                }
            }
            if (batch.size() < sweepBatchSize || accounts == before) {
                return new SweepResult(accounts, lots, points);
            }
        }
    }

    private long[] expireLots(AccountSession session, Instant now, List<LedgerEvent> events) {
        Optional<AccountRecord> current = session.lockAccount(now, Prefetch.EXPIRED_LOTS);
        List<LotRecord> expired = current.isEmpty() ? List.of() : session.expiredLots(now);
        if (expired.isEmpty()) {
            return new long[] {0, 0};
        }
        AccountRecord account = current.get();
        String id = ids.next();
        List<AllocationRecord> allocations = new ArrayList<>();
        long points = 0;
        for (LotRecord lot : expired) {
            session.updateLotRemaining(lot.id(), 0);
            allocations.add(new AllocationRecord(id, lot.id(), lot.remaining()));
            points += lot.remaining();
        }
        AccountRecord updated = account.withChange(-points, 0, -points);
        DebitRecord debit = new DebitRecord(id, account.tenant(), account.customerId(), DebitKind.EXPIRY,
                DebitStatus.CONFIRMED, null, null, null, "Expired points", points, points, now,
                updated.activePoints(), null, null);
        session.insertDebit(debit);
        session.insertAllocations(allocations);
        session.updateAccount(updated);
        events.add(event(LedgerEvent.Type.EXPIRED, debit));
        return new long[] {expired.size(), points};
    }

    // ---------------------------------------------------------------- reading

    /**
     * Points the customer can spend now (as of the injected clock), whether or not the expiry
     * sweep has run. Negative only when the negative-balance policy let a reversal create debt.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public long balance(String tenant, String customerId) {
        return account(tenant, customerId).activePoints();
    }

    /**
     * The customer's whole summary. For long histories prefer {@link #addedPoints} and
     * {@link #redeemedPoints}, which page.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public PointsSummary summary(String tenant, String customerId) {
        AccountRecord account = account(tenant, customerId);
        return new PointsSummary(customerId, account.activePoints(),
                allPages(cursor -> addedPoints(tenant, customerId, cursor, MAX_PAGE_SIZE)),
                allPages(cursor -> redeemedPoints(tenant, customerId, cursor, MAX_PAGE_SIZE)));
    }

    private static <T> List<T> allPages(Function<String, Page<T>> pageAfter) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = pageAfter.apply(cursor);
            items.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return items;
    }

    /** One page of the customer's credits, oldest first; {@code cursor} null for the first page. */
    public Page<AddedPoints> addedPoints(String tenant, String customerId, String cursor, int limit) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        List<LotRecord> lots = store.lots(tenant, customerId, Cursors.decodeHistory(cursor), pageSize(limit));
        Map<String, List<AllocationRecord>> allocationsByLot = lots.isEmpty() ? Map.of()
                : store.confirmedAllocationsOfLots(tenant, customerId, lots.stream().map(LotRecord::id).toList())
                        .stream().collect(Collectors.groupingBy(AllocationRecord::lotId));
        List<AddedPoints> items = lots.stream()
                .map(lot -> toAdded(lot, allocationsByLot.getOrDefault(lot.id(), List.of()))).toList();
        LotRecord last = lots.isEmpty() ? null : lots.get(lots.size() - 1);
        return page(items, limit, last == null ? null : new HistoryCursor(last.createdAt(), last.id()));
    }

    /** One page of the customer's confirmed debits, oldest first; {@code cursor} null for the first page. */
    public Page<RedeemedPoints> redeemedPoints(String tenant, String customerId, String cursor, int limit) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        List<DebitRecord> debits = store.confirmedDebits(tenant, customerId, Cursors.decodeHistory(cursor),
                pageSize(limit));
        List<RedeemedPoints> items = debits.stream().map(RewardPoints::toRedeemed).toList();
        DebitRecord last = debits.isEmpty() ? null : debits.get(debits.size() - 1);
        return page(items, limit, last == null ? null : new HistoryCursor(last.createdAt(), last.id()));
    }

    /** One page of all customers' summaries of a tenant, by customer id; {@code cursor} null for the first page. */
    public Page<PointsSummary> summaries(String tenant, String cursor, int limit) {
        Checks.id("tenant", tenant);
        List<String> customers = store.customerIds(tenant, Cursors.decode(cursor), pageSize(limit));
        List<PointsSummary> items = new ArrayList<>(customers.size());
        for (String customerId : customers) {
            try {
                items.add(summary(tenant, customerId));
            } catch (AccountNotFoundException deletedMeanwhile) {
                // the account was erased between listing and reading: it has no summary any more
            }
        }
        Optional<String> next = customers.size() < limit ? Optional.empty()
                : Optional.of(Cursors.encode(customers.get(customers.size() - 1)));
        return new Page<>(items, next);
    }

    /** All customers' summaries of a tenant, read page by page as the stream is consumed. */
    public Stream<PointsSummary> streamSummaries(String tenant) {
        Checks.id("tenant", tenant);
        Iterator<PointsSummary> iterator = new Iterator<>() {
            private Iterator<PointsSummary> current = List.<PointsSummary>of().iterator();
            private Optional<String> next = Optional.of("");

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next.isPresent()) {
                    Page<PointsSummary> page = summaries(tenant, next.get().isEmpty() ? null : next.get(),
                            DEFAULT_PAGE_SIZE);
                    current = page.items().iterator();
                    next = page.nextCursor();
                }
                return current.hasNext();
            }

            @Override
            public PointsSummary next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    /**
     * Deletes the customer's account and its whole history (right to erasure). Orders credited
     * before are forgotten too: a later duplicate delivery of such an order credits again.
     *
     * @return false when there was no account
     */
    public boolean deleteAccount(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        return store.deleteAccount(tenant, customerId);
    }

    /** The clock this instance reads. */
    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- helpers

    /** One atomic unit of domain work; it reports the changes it made through {@code events}. */
    @FunctionalInterface
    private interface Work<T> {
        T apply(AccountSession session, List<LedgerEvent> events);
    }

    /**
     * Runs the work in the store's atomic unit, again after a concurrent duplicate key (the next
     * attempt sees the winner's record), then tells the listeners what committed.
     */
    private <T> T inAccount(String tenant, String customerId, Work<T> work) {
        DuplicateKeyException failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            List<LedgerEvent> events = new ArrayList<>();
            try {
                T result = store.inAccount(tenant, customerId, session -> work.apply(session, events));
                publish(events);
                return result;
            } catch (DuplicateKeyException e) {
                // a concurrent unit inserted the same key or account first: the next attempt sees it
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private void publish(List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            for (RewardPointsListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("Listener {} failed on {}; the change stays committed", listener, event, e);
                }
            }
        }
    }

    private static LedgerEvent credited(LotRecord lot) {
        return new LedgerEvent(LedgerEvent.Type.CREDITED, lot.tenant(), lot.customerId(), lot.id(), lot.points(),
                lot.balanceAfter(), null, lot.createdAt());
    }

    private static LedgerEvent event(LedgerEvent.Type type, DebitRecord debit) {
        return new LedgerEvent(type, debit.tenant(), debit.customerId(), debit.id(), debit.points(), debit.balanceAfter(),
                debit.couponCode(), debit.createdAt());
    }

    private AccountRecord account(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        return store.findAccount(tenant, customerId, clock.instant())
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
    }

    private SiteSettings settingsOf(String tenant, String siteCode) {
        return settings.find(tenant, siteCode).orElseThrow(() -> new SiteNotFoundException(tenant, siteCode));
    }

    private long pointsFor(BigDecimal value, BigDecimal factor) {
        BigDecimal points = value.multiply(factor).setScale(0, roundingMode);
        if (points.compareTo(BigDecimal.valueOf(Checks.MAX_POINTS)) > 0) {
            throw new InvalidInputException("value", value.toPlainString(),
                    "earns " + points.toPlainString() + " points, more than the maximum " + Checks.MAX_POINTS);
        }
        return points.longValueExact();
    }

    private static AccountRecord insertAccount(AccountSession session, String tenant, String customerId, Instant now) {
        AccountRecord account = new AccountRecord(tenant, customerId, 0, 0, now, 0, 0);
        session.insertAccount(account);
        return account;
    }

    private static void requireSameOrder(OrderCompletion order, String key, LotRecord lot) {
        if (!lot.customerId().equals(order.customerId())
                || lot.orderValue().compareTo(order.value()) != 0
                || !lot.currency().equals(order.currency().getCurrencyCode())) {
            throw new IdempotencyConflictException(order.tenant(), key, "first credited for customer '"
                    + lot.customerId() + "' with value " + lot.orderValue().toPlainString() + " " + lot.currency());
        }
    }

    private static void requireSameAdd(AddPoints add, String key, LotRecord lot) {
        if (!lot.customerId().equals(add.customerId()) || lot.points() != add.points()
                || (add.validUntil() != null && !add.validUntil().equals(lot.validUntil()))) {
            throw new IdempotencyConflictException(add.tenant(), key, "first used for customer '"
                    + lot.customerId() + "' with " + lot.points() + " points valid until " + lot.validUntil());
        }
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return limit;
    }

    private static <T> Page<T> page(List<T> items, int limit, HistoryCursor last) {
        return new Page<>(items, items.size() < limit || last == null ? Optional.empty()
                : Optional.of(Cursors.encode(last)));
    }

    private static AddedPoints toAdded(LotRecord lot, List<AllocationRecord> allocations) {
        Map<String, Long> usedWith = new LinkedHashMap<>();
        for (AllocationRecord allocation : allocations) {
            if (allocation.lotId().equals(lot.id())) {
                usedWith.merge(allocation.debitId(), allocation.points(), Long::sum);
            }
        }
        long used = usedWith.values().stream().mapToLong(Long::longValue).sum();
        return new AddedPoints(lot.id(), lot.referenceId(), lot.description(), lot.points(), lot.createdAt(),
                lot.validUntil(), used, List.copyOf(usedWith.keySet()), lot.balanceAfter());
    }

    private static RedeemedPoints toRedeemed(DebitRecord debit) {
        return new RedeemedPoints(debit.id(), debit.kind(), debit.description(), debit.points(), debit.createdAt(),
                debit.balanceAfter(), debit.couponCode());
    }

    /** Builds a {@link RewardPoints}; fails fast on missing or invalid settings. */
    public static final class Builder {
        private LedgerStore store;
        private SettingsProvider settings;
        private Duration settingsTimeToLive = CachingSettingsStore.DEFAULT_TIME_TO_LIVE;
        private Clock clock = Clock.systemUTC();
        private RoundingMode roundingMode = DEFAULT_ROUNDING_MODE;
        private ReversalPolicy reversalPolicy = DEFAULT_REVERSAL_POLICY;
        private ExpiryAlignment expiryAlignment = DEFAULT_EXPIRY_ALIGNMENT;
        private int sweepBatchSize = DEFAULT_SWEEP_BATCH_SIZE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private CouponIssuer couponIssuer;
        private RedemptionOptionStore options;
        private final List<RewardPointsListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Where coupons for redeemed points are issued; required for {@link #redeemForCoupon}. */
        public Builder couponIssuer(CouponIssuer couponIssuer) {
            this.couponIssuer = Checks.required("couponIssuer", couponIssuer);
            return this;
        }

        /** Where redemption options live; required for the option operations and {@link #redeemForCoupon}. */
        public Builder redemptionOptions(RedemptionOptionStore options) {
            this.options = Checks.required("redemptionOptions", options);
            return this;
        }

        /** Adds a listener told after commit of every change. */
        public Builder listener(RewardPointsListener listener) {
            listeners.add(Checks.required("listener", listener));
            return this;
        }

        /** Required: where accounts and history live. */
        public Builder store(LedgerStore store) {
            this.store = Checks.required("store", store);
            return this;
        }

        /**
         * Required: where site settings come from. The library reads them through a Caffeine cache
         * ({@link #settingsTimeToLive}); pass a {@link CachingSettingsStore} to configure the cache
         * yourself. Updates through {@link RewardPoints#updateSettings} need a {@link SettingsStore}.
         */
        public Builder settings(SettingsProvider settings) {
            this.settings = Checks.required("settings", settings);
            return this;
        }

        /** How long settings are cached; default {@link CachingSettingsStore#DEFAULT_TIME_TO_LIVE} (15 minutes). */
        public Builder settingsTimeToLive(Duration timeToLive) {
            Checks.required("settingsTimeToLive", timeToLive);
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw new InvalidInputException("settingsTimeToLive", timeToLive, "must be greater than 0");
            }
            this.settingsTimeToLive = timeToLive;
            return this;
        }

        /** The clock all timestamps, expiry and balances are computed with; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.required("clock", clock);
            return this;
        }

        /** Rounding of order value × factor to points; default {@link #DEFAULT_ROUNDING_MODE}. */
        public Builder roundingMode(RoundingMode roundingMode) {
            Checks.required("roundingMode", roundingMode);
            if (roundingMode == RoundingMode.UNNECESSARY) {
                throw new InvalidInputException("roundingMode", roundingMode, "must round (UNNECESSARY fails on fractions)");
            }
            this.roundingMode = roundingMode;
            return this;
        }

        /** Default {@link #DEFAULT_REVERSAL_POLICY}. */
        public Builder reversalPolicy(ReversalPolicy reversalPolicy) {
            this.reversalPolicy = Checks.required("reversalPolicy", reversalPolicy);
            return this;
        }

        /** Default {@link #DEFAULT_EXPIRY_ALIGNMENT}. */
        public Builder expiryAlignment(ExpiryAlignment expiryAlignment) {
            this.expiryAlignment = Checks.required("expiryAlignment", expiryAlignment);
            return this;
        }

        /** Default {@link #DEFAULT_SWEEP_BATCH_SIZE}. */
        public Builder sweepBatchSize(int sweepBatchSize) {
            this.sweepBatchSize = Checks.positive("sweepBatchSize", sweepBatchSize);
            return this;
        }

        /** Default {@link #DEFAULT_MAX_ATTEMPTS}. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.positive("maxAttempts", maxAttempts);
            return this;
        }

        public RewardPoints build() {
            Checks.required("store", store);
            Checks.required("settings", settings);
            return new RewardPoints(this);
        }
    }
}
