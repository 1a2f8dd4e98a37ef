package org.rewardpoints;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.settings.CachingSettingsStore;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.RedemptionOptionStore;
import org.rewardpoints.spi.SettingsProvider;
import org.rewardpoints.spi.SettingsStore;

/**
 * The reward points ledger: the one entry point of the library. Thread-safe; build one per
 * application with {@link #builder()} and share it.
 *
 * <p>Every operation is scoped to a tenant and never reads or changes another tenant's data. This
 * entry point trusts its caller (the backend's own order pipeline and back office); it checks no
 * scopes.
 *
 * <p>Every change follows one protocol: lock the account, look its idempotency key up, answer a
 * replay with the first result (before any check of today's configuration), write, and tell the
 * listeners only once the change committed.
 */
public final class RewardPoints {
    /** Site used when none is given. */
    public static final String DEFAULT_SITE_CODE = "main";
    /** Rounding of order value times factor to points. */
    public static final RoundingMode DEFAULT_ROUNDING_MODE = RoundingMode.DOWN;
    /** What reversals do when the order's points were already spent. */
    public static final ReversalPolicy DEFAULT_REVERSAL_POLICY = ReversalPolicy.TAKE_FROM_OTHER_LOTS;
    /**
     * The description of an order's lot; {@value #ORDER_ID_PLACEHOLDER} stands for the order id.
     * The reference product writes {@code "Bonuspunkte für Bestellung {orderId}"}.
     */
    public static final String DEFAULT_ORDER_LOT_DESCRIPTION = "Points for order {orderId}";
    /** What {@link Builder#orderLotDescription} replaces with the order id. */
    public static final String ORDER_ID_PLACEHOLDER = "{orderId}";
    /** How expiry instants are aligned. */
    public static final ExpiryAlignment DEFAULT_EXPIRY_ALIGNMENT = ExpiryAlignment.EXACT;
    /** From the credit, as the reference computes validUntil. */
    public static final ExpiryStart DEFAULT_EXPIRY_START = ExpiryStart.CREDIT;
    /** Page size of paged reads when the caller gives none. */
    public static final int DEFAULT_PAGE_SIZE = History.DEFAULT_PAGE_SIZE;
    /** Largest page a caller may ask for. */
    public static final int MAX_PAGE_SIZE = History.MAX_PAGE_SIZE;
    /** Accounts the expiry sweep (and {@link #announceExpiringSoon}) asks the store for at a time. */
    public static final int DEFAULT_SWEEP_BATCH_SIZE = 100;
    /** Attempts of one atomic unit that keeps meeting a concurrent duplicate key. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /**
     * How long after a coupon reservation a repeat of its request may still issue the coupon; past
     * it, only {@link #recoverReservations} decides the reservation.
     */
    public static final Duration DEFAULT_COUPON_REPLAY_WINDOW = Duration.ofMinutes(1);
    /** Events the relay claims and delivers per round. */
    public static final int DEFAULT_EVENT_BATCH_SIZE = 500;
    /** Delivery attempts of an event before it is parked. */
    public static final int DEFAULT_EVENT_MAX_ATTEMPTS = 10;
    /** Codes proposed to the coupon issuer for one redemption before giving up on collisions. */
    public static final int DEFAULT_CODE_ATTEMPTS = CouponSaga.CODE_ATTEMPTS;
    /**
     * The ceiling of an account: the points its lots may hold together (10^15). A credit that would
     * go past it is refused with {@link InvalidInputException} and changes nothing.
     */
    public static final long MAX_ACCOUNT_POINTS = LedgerStore.MAX_OPEN_POINTS;

    private final Clock clock;
    private final CachingSettingsStore settings;
    private final Earning earning;
    private final Spending spending;
    private final CouponSaga coupons;
    private final Recovery recovery;
    private final Reversals reversals;
    private final ExpirySweep sweep;
    private final Activations activations;
    private final History history;
    private final Options options;
    private final Accounts accounts;
    private final EventRelay events;
    private final Forecasts forecasts;
    private final Verification verification;
    private final AsOf asOf;
    private final ExpiryAnnouncements announcements;
    private final Currency defaultCurrency;

    private RewardPoints(Builder builder) {
        this.clock = builder.clock;
        this.settings = builder.settings instanceof CachingSettingsStore cache ? cache
                : CachingSettingsStore.builder(builder.settings).timeToLive(builder.settingsTimeToLive).build();
        IdGenerator ids = new IdGenerator(clock);
        Units units = new Units(builder.store, clock, builder.maxAttempts, new EventRecords(ids));
        Lots lots = new Lots(ids);
        this.earning = new Earning(units, lots, settings, builder.roundingMode, builder.expiryAlignment,
                builder.expiryStart, builder.orderLotDescription);
        this.defaultCurrency = builder.defaultCurrency;
        this.spending = new Spending(units, lots);
        this.options = new Options(builder.options, units, ids);
        this.coupons = new CouponSaga(units, lots, settings, builder.couponIssuer, options, builder.couponReplayWindow);
        this.recovery = new Recovery(units, coupons);
        this.reversals = new Reversals(units, lots, builder.roundingMode, builder.reversalPolicy);
        this.sweep = new ExpirySweep(units, lots, builder.sweepBatchSize);
        this.activations = new Activations(units, builder.sweepBatchSize);
        this.history = new History(units);
        this.accounts = new Accounts(units, builder.couponIssuer);
        this.events = new EventRelay(units, builder.listeners, builder.eventBatchSize, builder.eventMaxAttempts);
        this.forecasts = new Forecasts(units, earning);
        this.verification = new Verification(units);
        this.asOf = new AsOf(units);
        this.announcements = new ExpiryAnnouncements(units, builder.sweepBatchSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- earning

    /**
     * Credits {@code floor(value × factor)} points (rounding mode configurable) for a completed
     * order, exactly once per (tenant, orderId), even under concurrent duplicate deliveries. A
     * repeat returns {@link CreditResult.Status#ALREADY_CREDITED} with the first credit, whatever
     * the site's settings are now; a repeat with another customer, value or currency is refused.
     *
     * @throws SiteNotFoundException         when the site has no settings
     * @throws InvalidInputException         when the currency is not the site's, or the account would
     *                                       pass {@link #MAX_ACCOUNT_POINTS}
     * @throws IdempotencyConflictException  when the order was credited with other content
     */
    public CreditResult orderCompleted(OrderCompletion order) {
        return earning.orderCompleted(Checks.required("order", order));
    }

    /**
     * Adds points by hand. With an id the call is idempotent: a repeat with the same content
     * returns the first lot (whose id is the library's; the given id is the key).
     *
     * @throws SiteNotFoundException        when the site has no settings
     * @throws InvalidInputException        when validUntil is not in the future
     * @throws IdempotencyConflictException when the id was used with other content
     */
    public AddedPoints addPoints(AddPoints add) {
        return earning.addLot(Checks.required("add", add), false);
    }

    /**
     * Creates an empty account.
     *
     * @throws AccountAlreadyExistsException when the customer has an account
     */
    public void createAccount(String tenant, String customerId) {
        accounts.create(Checks.id("tenant", tenant), Checks.id("customerId", customerId));
    }

    /**
     * Creates an account holding start points.
     *
     * @throws AccountAlreadyExistsException when the customer has an account
     */
    public AddedPoints createAccount(AddPoints startPoints) {
        return earning.addLot(Checks.required("startPoints", startPoints), true);
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
        return spending.redeem(Checks.required("redeem", redeem));
    }

    // ---------------------------------------------------------------- redemption options

    /** Creates a redemption option with version 1. */
    public RedemptionOption createOption(String tenant, RedemptionOptionDraft draft) {
        return options.create(tenant, draft);
    }

    /** The tenant's redemption options, oldest first. */
    public List<RedemptionOption> listOptions(String tenant) {
        return options.list(tenant);
    }

    /** @throws RedemptionOptionNotFoundException when there is no such option */
    public RedemptionOption option(String tenant, String optionId) {
        return options.find(tenant, optionId);
    }

    /**
     * Replaces an option's content when {@code version} is its current version; the new version
     * is one higher.
     *
     * @throws StaleVersionException              when the option changed since that version was read
     * @throws RedemptionOptionNotFoundException  when there is no such option
     */
    public RedemptionOption updateOption(String tenant, String optionId, long version, RedemptionOptionDraft draft) {
        return options.update(tenant, optionId, version, draft);
    }

    /**
     * Deletes an option when {@code version} is its current version.
     *
     * @throws StaleVersionException              when the option changed since that version was read
     * @throws RedemptionOptionNotFoundException  when there is no such option
     */
    public void deleteOption(String tenant, String optionId, long version) {
        options.delete(tenant, optionId, version);
    }

    // ---------------------------------------------------------------- redeem for a coupon

    /**
     * Exchanges points for a coupon in three steps: reserve the option's points on the
     * soonest-expiring lots, issue the coupon with the reservation id as idempotency key, confirm.
     * If issuing fails the reservation is released: the very same lots get their points back with
     * their original validUntil. A crash between the steps leaves a pending reservation that
     * {@link #recoverReservations} resolves. Reserved points are never spendable twice.
     *
     * <p>A request id is the customer's own: it never meets another customer's. A repeat with the
     * same request id returns the first outcome (even if the option was deleted since); a repeat of
     * an undecided redemption completes it within {@link Builder#couponReplayWindow} after it began,
     * and later leaves it to {@link #recoverReservations}.
     *
     * @throws RedemptionOptionNotFoundException when there is no such option
     * @throws InsufficientPointsException       when the active points do not cover the option
     * @throws CouponIssuingException            when the coupon could not be issued or the outcome is
     *                                           not decided yet; its flags say whether points are
     *                                           still reserved and whether the same request id may
     *                                           be repeated
     */
    public RedeemedCoupon redeemForCoupon(CouponRedemption redemption) {
        return coupons.redeem(Checks.required("redemption", redemption));
    }

    /**
     * Resolves coupon reservations left pending (by a crash, or a failed confirm) that are at
     * least {@code minimumAge} old: asks the issuer whether it issued a coupon under the
     * reservation's key; if so the redemption is confirmed with that coupon, otherwise the points
     * go back to their lots. Choose {@code minimumAge} longer than the coupon replay window plus the
     * issuer's timeout, so that no redemption still in flight is resolved. Each run walks the pending reservations once, so
     * reservations that keep failing never block newer ones. Safe to run on several instances at
     * once.
     *
     * @throws InvalidInputException when {@code minimumAge} is negative
     */
    public RecoveryResult recoverReservations(Duration minimumAge) {
        return recovery.recover(Checks.required("minimumAge", minimumAge));
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
        return settings.find(tenant, siteCode).orElseThrow(() -> new SiteNotFoundException(tenant, siteCode));
    }

    /**
     * Partially updates a site's settings (fields absent from the patch keep their value), as the
     * site mixin PATCH does; the change is visible to this instance at once. Other instances see
     * it when their cache entry expires or is invalidated. A patch that creates the site's settings
     * without a currency takes {@link Builder#defaultCurrency} when one is configured.
     *
     * @throws UnsupportedOperationException when the configured settings source is read-only
     */
    public SiteSettings updateSettings(String tenant, String siteCode, SettingsPatch patch) {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        Checks.required("patch", patch);
        SettingsPatch withDefault = defaultCurrency != null && patch.defaultCurrency() == null
                ? patch.withDefaultCurrency(defaultCurrency) : patch;
        return settings.update(tenant, siteCode, withDefault);
    }

    /** Drops a site's cached settings, so the next read goes to the source. */
    public void invalidateSettings(String tenant, String siteCode) {
        settings.invalidate(tenant, siteCode);
    }

    // ---------------------------------------------------------------- reversals

    /**
     * Takes back the points an order earned, in proportion to the refunded value, exactly once
     * per (tenant, orderId, returnId). The order's own lot is drained first; its expired points
     * count as gone (whether or not the sweep ran); the rest follows the configured
     * {@link ReversalPolicy}.
     *
     * @throws InvalidInputException        when the refunds would exceed the order's value, or the
     *                                      currency is not the order's
     * @throws IdempotencyConflictException when the return id was used with another refunded value
     * @throws RedemptionInFlightException  when the return needs points that a coupon redemption in
     *                                      flight holds; repeat it once the redemption completed
     */
    public ReversalResult orderReturned(OrderReturn orderReturn) {
        return reversals.orderReturned(Checks.required("orderReturn", orderReturn));
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Records an expiry entry for every account holding lots whose validUntil has passed, and
     * closes those lots. Balances never depend on this having run; it keeps histories complete
     * and the open-lot indexes small. Idempotent, and safe to run on several instances at once.
     */
    public SweepResult sweepExpired() {
        return sweep.sweep();
    }

    // ---------------------------------------------------------------- pending points

    /**
     * Makes a completed order's pending points usable now, before the site's pending period
     * ({@link SiteSettings#pendingPeriodDays()}) ends: for shops that activate points on delivery
     * or payment. Their expiry stays as credited. Idempotent: an order whose points are usable
     * already is answered {@link ActivationResult.Status#ALREADY_ACTIVE}. Writes the
     * {@link LedgerEvent.Type#ACTIVATED} event. An order activated in the very microsecond it was
     * credited becomes usable one microsecond later: points usable from their credit on were never
     * pending, and the history keeps them apart.
     */
    public ActivationResult activate(String tenant, String orderId) {
        return activations.activate(Checks.id("tenant", tenant), Checks.id("orderId", orderId));
    }

    /**
     * Records the activation of every lot whose pending period has ended, with its
     * {@link LedgerEvent.Type#ACTIVATED} event, once per lot. Balances never depend on this having
     * run: points count as usable from the end of their period on, by the clock. Idempotent, and
     * safe to run on several instances at once (with the expiry sweep, for example).
     */
    public SweepResult recordActivations() {
        return activations.record();
    }

    // ---------------------------------------------------------------- reading

    /**
     * Points the customer can spend now (as of the injected clock), whether or not the expiry
     * sweep has run. Negative only when the negative-balance policy let a reversal create debt.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public long balance(String tenant, String customerId) {
        return history.account(tenant, customerId).activePoints();
    }

    /**
     * The customer's whole summary. For long histories prefer {@link #addedPoints} and
     * {@link #redeemedPoints}, which page.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public PointsSummary summary(String tenant, String customerId) {
        return history.summary(tenant, customerId);
    }

    /** One page of the customer's credits, oldest first; {@code cursor} null for the first page. */
    public Page<AddedPoints> addedPoints(String tenant, String customerId, String cursor, int limit) {
        return history.addedPoints(tenant, customerId, cursor, limit);
    }

    /** One page of the customer's confirmed debits, oldest first; {@code cursor} null for the first page. */
    public Page<RedeemedPoints> redeemedPoints(String tenant, String customerId, String cursor, int limit) {
        return history.redeemedPoints(tenant, customerId, cursor, limit);
    }

    /** One page of all customers' summaries of a tenant, by customer id; {@code cursor} null for the first page. */
    public Page<PointsSummary> summaries(String tenant, String cursor, int limit) {
        return history.summaries(tenant, cursor, limit);
    }

    /** All customers' summaries of a tenant, read page by page as the stream is consumed. */
    public Stream<PointsSummary> streamSummaries(String tenant) {
        return history.streamSummaries(tenant);
    }

    /**
     * Deletes the customer's account and its whole history (right to erasure), then removes the
     * customer's id from the coupons issued to them ({@link CouponIssuer#eraseCustomer}). Orders
     * credited before are forgotten too: a later duplicate delivery of such an order credits
     * again. A coupon redemption in flight completes first: the erasure refuses until it has.
     *
     * @return false when there was no account
     * @throws RedemptionInFlightException when a coupon redemption of the customer is in flight
     */
    public boolean deleteAccount(String tenant, String customerId) {
        return accounts.delete(Checks.id("tenant", tenant), Checks.id("customerId", customerId));
    }

    /**
     * The ledger's events: the relay that delivers them to the listeners ({@link LedgerEvents#deliver},
     * to be run periodically), the feed for consumers with their own offset, retention.
     */
    public LedgerEvents events() {
        return events;
    }

    /**
     * What a health check reads: the oldest undelivered event's age, undelivered and parked
     * events, and pending coupon reservations older than {@code reservationAge} (a sign that
     * {@link #recoverReservations} is not running).
     *
     * @throws InvalidInputException when {@code reservationAge} is negative
     */
    public HealthReport health(Duration reservationAge) {
        return events.health(reservationAge);
    }

    // ---------------------------------------------------------------- quotes and verification

    /**
     * What completing the order now would earn, with the same settings, rounding and checks as
     * {@link #orderCompleted}; writes nothing.
     *
     * @throws SiteNotFoundException        when the site has no settings
     * @throws InvalidInputException        when the currency is not the site's
     * @throws IdempotencyConflictException when the order was credited with other content
     */
    public OrderQuote quoteOrder(OrderCompletion order) {
        return forecasts.order(Checks.required("order", order));
    }

    /**
     * Which lots redeeming {@code points} now would consume (soonest-expiring first) and the
     * balance after; writes nothing.
     *
     * @throws AccountNotFoundException    when the customer has no account
     * @throws InsufficientPointsException when the active points do not cover it
     */
    public RedemptionQuote quoteRedemption(String tenant, String customerId, long points) {
        return forecasts.redemption(tenant, customerId, points);
    }

    /**
     * The customer's points that expire after now and at or before {@code before}, grouped by the
     * day (in {@code zone}) on which they stop being usable: for "your points expire soon"
     * reminders. Reads only.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public List<ExpiringPoints> expiringPoints(String tenant, String customerId, Instant before, ZoneId zone) {
        return forecasts.expiring(tenant, customerId, before, zone);
    }

    /**
     * One page of the tenant's customers whose points expire after {@code from} and at or before
     * {@code to}, by customer id, each with those points and the soonest expiry among them: for
     * "your points expire soon" e-mails. Expired points (validUntil at or before now) are never
     * counted, whatever {@code from} is. Points are the lots' remaining points: spent points are
     * not counted, and neither are points a pending coupon reservation holds (they are not the
     * customer's to use; should the reservation be released, they count again). Pages by keyset:
     * pass the returned cursor for the next page ({@code cursor} null for the first). Reads only.
     *
     * @throws InvalidInputException when {@code to} is not after {@code from}, the limit is outside
     *                               1 to {@link #MAX_PAGE_SIZE}, or the cursor is not one of ours
     */
    public Page<ExpiringCustomer> customersWithExpiringPoints(String tenant, Instant from, Instant to, String cursor,
                                                              int limit) {
        return forecasts.customers(tenant, from, to, cursor, limit);
    }

    /**
     * Writes an {@link LedgerEvent.Type#EXPIRING_SOON} event for every lot, of every tenant, whose
     * remaining points expire after now and within {@code window} from now, at most once per lot
     * and window: each event is written in the account's unit with a mark on the lot, so later
     * runs, restarts and other instances skip the lot for this window, even once its event was
     * delivered and purged. A lot announced for one window is announced again for a shorter one
     * (30 days, then 7 days: two reminders), never for a longer one. Works in batches of
     * {@link Builder#sweepBatchSize} accounts; safe to run on several instances at once. Changes no
     * points; the lots' points are their remaining points, as in {@link #customersWithExpiringPoints}.
     *
     * @throws InvalidInputException when {@code window} is not a positive whole number of seconds,
     *                               or longer than 36,525 days
     */
    public AnnouncementResult announceExpiringSoon(Duration window) {
        return announcements.announce(window);
    }

    /**
     * Re-derives the account's stored figures from its entries and reports every mismatch
     * (which row, stored and derived value); never changes anything.
     *
     * @throws AccountNotFoundException when the customer has no account
     */
    public VerificationReport verify(String tenant, String customerId) {
        return verification.verify(tenant, customerId);
    }

    /** {@link #verify} for one page of a tenant's accounts, by customer id; {@code cursor} null for the first page. */
    public Page<VerificationReport> verifyAll(String tenant, String cursor, int limit) {
        return verification.verifyAll(tenant, cursor, limit);
    }

    // ---------------------------------------------------------------- as of an instant

    /**
     * The points the customer could spend at {@code instant} (at or before now), as {@link #balance}
     * would have answered then: derived from the entries, exact across expiry (points expire at
     * their {@code validUntil} whether or not the sweep had run), coupon reservations (held from
     * their creation until released), reversals and the debt they created (negative then, as
     * {@code balance} is). Reads only; the instant counts at microsecond precision.
     *
     * @throws AccountNotFoundException      when the customer has no account (never had one, or it
     *                                       was erased: its history is gone)
     * @throws InstantBeforeAccountException when the account did not exist yet at {@code instant}
     * @throws InvalidInputException         when {@code instant} is missing or after now
     */
    public long balanceAsOf(String tenant, String customerId, Instant instant) {
        return asOf.balance(tenant, customerId, instant);
    }

    /**
     * One page of the customer's credits recorded at or before {@code instant}, oldest first, each
     * with the points it still held then and whether they had expired; {@code cursor} null for the
     * first page. The usable ones sum to {@link #balanceAsOf} plus any debt of that time.
     *
     * @throws AccountNotFoundException      when the customer has no account
     * @throws InstantBeforeAccountException when the account did not exist yet at {@code instant}
     * @throws InvalidInputException         when {@code instant} is missing or after now, or the
     *                                       limit is outside 1 to {@link #MAX_PAGE_SIZE}
     */
    public Page<LotAsOf> lotsAsOf(String tenant, String customerId, Instant instant, String cursor, int limit) {
        return asOf.lots(tenant, customerId, instant, cursor, limit);
    }

    /** The clock this instance reads. */
    public Clock clock() {
        return clock;
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
        private ExpiryStart expiryStart = DEFAULT_EXPIRY_START;
        private int sweepBatchSize = DEFAULT_SWEEP_BATCH_SIZE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration couponReplayWindow = DEFAULT_COUPON_REPLAY_WINDOW;
        private int eventBatchSize = DEFAULT_EVENT_BATCH_SIZE;
        private int eventMaxAttempts = DEFAULT_EVENT_MAX_ATTEMPTS;
        private String orderLotDescription = DEFAULT_ORDER_LOT_DESCRIPTION;
        private Currency defaultCurrency;
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

        /** Adds a listener the event relay tells of every committed change, at least once ({@link LedgerEvents}). */
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

        /**
         * From when an order's validity counts where its site has a pending period; default
         * {@link #DEFAULT_EXPIRY_START}. Applies to orders credited afterwards.
         */
        public Builder expiryStart(ExpiryStart expiryStart) {
            this.expiryStart = Checks.required("expiryStart", expiryStart);
            return this;
        }

        /**
         * The description of the lot a completed order credits, {@value #ORDER_ID_PLACEHOLDER}
         * replaced by the order id; default {@link #DEFAULT_ORDER_LOT_DESCRIPTION}. Stored with the
         * lot: a change applies to orders credited afterwards. At most
         * {@value Checks#MAX_TEXT_LENGTH} characters with the longest order id.
         */
        public Builder orderLotDescription(String template) {
            Checks.requiredText("orderLotDescription", template);
            int placeholders = (template.length() - template.replace(ORDER_ID_PLACEHOLDER, "").length())
                    / ORDER_ID_PLACEHOLDER.length();
            long longest = template.length() + (long) placeholders * (Checks.MAX_ID_LENGTH - ORDER_ID_PLACEHOLDER.length());
            if (longest > Checks.MAX_TEXT_LENGTH) {
                throw new InvalidInputException("orderLotDescription", template, "can be " + longest
                        + " characters long with an order id of " + Checks.MAX_ID_LENGTH + ", more than "
                        + Checks.MAX_TEXT_LENGTH);
            }
            this.orderLotDescription = template;
            return this;
        }

        /**
         * The currency of a site whose settings are created by {@link RewardPoints#updateSettings}
         * without one (as the reference's site mixin, which has none); default none: such a patch
         * must give {@code currency}. Existing settings keep theirs.
         */
        public Builder defaultCurrency(Currency currency) {
            this.defaultCurrency = Checks.required("defaultCurrency", currency);
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

        /**
         * How long after a coupon reservation a repeat of its request may still issue the coupon;
         * default {@link #DEFAULT_COUPON_REPLAY_WINDOW}. Keep the recovery age above it plus the
         * issuer's timeout.
         */
        public Builder couponReplayWindow(Duration window) {
            Checks.required("couponReplayWindow", window);
            if (window.isNegative()) {
                throw new InvalidInputException("couponReplayWindow", window, "must not be negative");
            }
            this.couponReplayWindow = window;
            return this;
        }

        /** Default {@link #DEFAULT_EVENT_BATCH_SIZE}. */
        public Builder eventBatchSize(int eventBatchSize) {
            this.eventBatchSize = Checks.positive("eventBatchSize", eventBatchSize);
            return this;
        }

        /** Default {@link #DEFAULT_EVENT_MAX_ATTEMPTS}. */
        public Builder eventMaxAttempts(int eventMaxAttempts) {
            this.eventMaxAttempts = Checks.positive("eventMaxAttempts", eventMaxAttempts);
            return this;
        }

        public RewardPoints build() {
            Checks.required("store", store);
            Checks.required("settings", settings);
            return new RewardPoints(this);
        }
    }
}
