package org.rewardpoints.examples.benchmarks;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.Page;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;
import org.rewardpoints.jdbc.SchemaMode;

/**
 * The library (wired as an application would: every JDBC adapter on one pool) and the
 * {@link BaselineLedger} on the same database, with the site settings and one redemption option
 * both use. The operation bodies of the JDBC benchmarks live here, so that the benchmarks, the
 * round-trip probe of {@link BenchmarkMain} and the test run exactly the same code.
 */
public final class Scenario {
    public static final String SITE = "main";
    /** Factor 1, 12 months, code prefix RP, EUR, UTC. */
    public static final SiteSettings SETTINGS = SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR");
    /** Every order is worth 25 points. */
    public static final BigDecimal ORDER_VALUE = new BigDecimal("25.00");
    /** Points of the redemption option, and of every plain redemption. */
    public static final long REDEEM_POINTS = 100;
    /** Items per page of the summary page. */
    public static final int PAGE_SIZE = 100;

    private final Database.Kind kind;
    private final RewardPoints library;
    private final BaselineLedger baseline;
    /** PostgreSQL's one-call floor; null on the other databases. */
    private final FloorLedger floor;
    private final LedgerLoader loader;
    private final String optionId;
    /** Events the library's listener and the baseline relay's listener were handed. */
    private final LongAdder heard;

    private Scenario(Database.Kind kind, RewardPoints library, BaselineLedger baseline, FloorLedger floor,
                     LedgerLoader loader, String optionId, LongAdder heard) {
        this.kind = kind;
        this.library = library;
        this.baseline = baseline;
        this.floor = floor;
        this.loader = loader;
        this.optionId = optionId;
        this.heard = heard;
    }

    /** Sets up settings and the option in a fresh database; library and baseline use {@code dataSource}. */
    public static Scenario create(Database.Kind kind, DataSource dataSource) {
        if (kind == Database.Kind.POSTGRESQL) {
            try {
                FloorLedger.createFunctions(dataSource);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Could not create the floor's function: " + e.getMessage(), e);
            }
        }
        Scenario scenario = on(kind, dataSource, null);
        scenario.library.updateSettings(LedgerLoader.TENANT, SITE, SettingsPatch.of(SETTINGS));
        String optionId = scenario.library.createOption(LedgerLoader.TENANT, RedemptionOptionDraft.of(
                        "Ten percent", REDEEM_POINTS, CouponTemplate.percent("10% off", "10"))
                .withDescription("Ten percent off the next order")).id();
        return on(kind, dataSource, optionId);
    }

    /** The same scenario seen through another data source of the same database (to count round trips). */
    public Scenario through(DataSource dataSource) {
        return on(kind, dataSource, optionId);
    }

    private static Scenario on(Database.Kind kind, DataSource dataSource, String optionId) {
        Clock clock = Clock.systemUTC();
        LongAdder heard = new LongAdder();
        RewardPoints library = RewardPoints.builder()
                .store(Database.withDialect(JdbcLedgerStore.builder(dataSource)).schemaMode(SchemaMode.NONE).build())
                .settings(Database.withDialect(JdbcSettingsStore.builder(dataSource)).schemaMode(SchemaMode.NONE).build())
                .redemptionOptions(Database.withDialect(JdbcRedemptionOptionStore.builder(dataSource))
                        .schemaMode(SchemaMode.NONE).build())
                .couponIssuer(Database.withDialect(JdbcCouponIssuer.builder(dataSource)).schemaMode(SchemaMode.NONE).build())
                .clock(clock)
                // the relay's listener: counts and does nothing else (writing the events does not depend on it)
                .listener(event -> heard.increment())
                .build();
        BaselineLedger baseline = new BaselineLedger(dataSource, kind, clock, LedgerLoader.TENANT, SETTINGS);
        FloorLedger floor = kind == Database.Kind.POSTGRESQL
                ? new FloorLedger(dataSource, clock, LedgerLoader.TENANT, SETTINGS) : null;
        return new Scenario(kind, library, baseline, floor, new LedgerLoader(kind, dataSource, clock.instant()), optionId,
                heard);
    }

    public Database.Kind kind() {
        return kind;
    }

    public RewardPoints library() {
        return library;
    }

    public BaselineLedger baseline() {
        return baseline;
    }

    public LedgerLoader loader() {
        return loader;
    }

    // ------------------------------------------------------------------ operation bodies

    public Object creditLibrary(String customerId, String orderId) {
        return library.orderCompleted(org.rewardpoints.OrderCompletion.of(LedgerLoader.TENANT, SITE, customerId, orderId,
                ORDER_VALUE.toPlainString(), "EUR"));
    }

    public boolean creditBaseline(String customerId, String orderId) {
        return baseline.credit(customerId, orderId, ORDER_VALUE);
    }

    /** The baseline's credit that also writes the event row the library writes. */
    public boolean creditWithEventBaseline(String customerId, String orderId) {
        return baseline.creditWithEvent(customerId, orderId, ORDER_VALUE);
    }

    /** The one-call floor's credit, with its event (PostgreSQL). */
    public boolean creditFloor(String customerId, String orderId) {
        return floor().credit(customerId, orderId, ORDER_VALUE);
    }

    /** The one-call floor's credit without the event row (PostgreSQL). */
    public boolean creditWithoutEventFloor(String customerId, String orderId) {
        return floor().creditWithoutEvent(customerId, orderId, ORDER_VALUE);
    }

    private FloorLedger floor() {
        if (floor == null) {
            throw new UnsupportedOperationException("The one-call floor is written for PostgreSQL, not " + kind);
        }
        return floor;
    }

    public String couponLibrary(String customerId) {
        return library.redeemForCoupon(org.rewardpoints.CouponRedemption.of(LedgerLoader.TENANT, customerId, optionId))
                .code();
    }

    public String couponBaseline(String customerId) {
        return baseline.redeemForCoupon(customerId, optionId);
    }

    /** The baseline's coupon redemption that also writes the event row the library writes. */
    public String couponWithEventBaseline(String customerId) {
        return baseline.redeemForCouponWithEvent(customerId, optionId);
    }

    public Object redeemLibrary(String customerId) {
        return library.redeemPoints(org.rewardpoints.RedeemPoints.of(LedgerLoader.TENANT, customerId, REDEEM_POINTS)
                .withDescription("Benchmark redemption"));
    }

    public long redeemBaseline(String customerId) {
        return baseline.redeemPoints(customerId, REDEEM_POINTS, "Benchmark redemption");
    }

    /** The baseline's redemption that also writes the event row the library writes. */
    public long redeemWithEventBaseline(String customerId) {
        return baseline.redeemPointsWithEvent(customerId, REDEEM_POINTS, "Benchmark redemption");
    }

    public long balanceLibrary(String customerId) {
        return library.balance(LedgerLoader.TENANT, customerId);
    }

    public long balanceBaseline(String customerId) {
        return baseline.balance(customerId);
    }

    /** The baseline's balance without the points still pending, as the library's balance is. */
    public long balanceWithPendingBaseline(String customerId) {
        return baseline.balanceWithPending(customerId);
    }

    /** What a paged summary shows first: active points, the first page of credits and of redemptions. */
    public record LibrarySummaryPage(long activePoints, Page<AddedPoints> credits, Page<RedeemedPoints> debits) {
    }

    public LibrarySummaryPage summaryPageLibrary(String customerId) {
        return new LibrarySummaryPage(library.balance(LedgerLoader.TENANT, customerId),
                library.addedPoints(LedgerLoader.TENANT, customerId, null, PAGE_SIZE),
                library.redeemedPoints(LedgerLoader.TENANT, customerId, null, PAGE_SIZE));
    }

    public BaselineLedger.SummaryPage summaryPageBaseline(String customerId) {
        return baseline.summaryPage(customerId, PAGE_SIZE);
    }

    public long sweepLibrary() {
        return library.sweepExpired().lots();
    }

    public long sweepBaseline() {
        return baseline.sweepExpired();
    }

    /**
     * The library's relay until the outbox is drained: one {@code deliver()} call ends after at most
     * 100 rounds (of {@code eventBatchSize}, default 500, events each), so draining more takes
     * several calls. Returns the events delivered.
     */
    public long deliverLibrary() {
        long delivered = 0;
        int round;
        do {
            round = library.events().deliver().delivered();
            delivered += round;
        } while (round > 0);
        return delivered;
    }

    /** The hand-written relay with the library's default batch (500) and claim time (1 minute). */
    public long deliverBaseline() {
        return baseline.relayEvents(500, event -> heard.increment());
    }

    /** Events handed to a listener so far (library and baseline relay together). */
    public long heard() {
        return heard.sum();
    }

    // ------------------------------------------------------------------ data

    /**
     * Customers of a group whose points redemptions consume: tracks the points taken and adds lots
     * (set-based, between iterations) before they run out. Customers are taken round-robin so that
     * they run low evenly.
     */
    public final class Reserve {
        private final LedgerLoader.Group group;
        private final AtomicLong taken = new AtomicLong();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger inlineRefills = new AtomicInteger();
        private volatile long available;
        private int lots;
        private long takenAtMark;

        Reserve(LedgerLoader.Group group) {
            this.group = group;
            this.available = group.spendablePoints() * group.customers();
            this.lots = group.lots();
        }

        /** The next customer to redeem {@code points} from. */
        public String take(long points) {
            long takenNow = taken.addAndGet(points);
            if (available - takenNow < margin()) {
                // ran out within an iteration: rare, and then counted in its time
                inlineRefills.incrementAndGet();
                ensureLeft(margin() + Math.max(REDEEM_POINTS * 20_000L, REDEEM_POINTS * 10L * group.customers()));
            }
            return group.customer(1 + Math.floorMod(next.getAndIncrement(), group.customers()));
        }

        /** Between iterations: makes sure at least three times what the last iteration took is left. */
        public synchronized void prepareIteration(long minimumPoints) {
            long takenNow = taken.get();
            long lastIteration = takenNow - takenAtMark;
            takenAtMark = takenNow;
            ensureLeft(Math.max(minimumPoints, 3 * lastIteration) + margin());
        }

        /** Times the reserve ran out during an iteration. */
        public int inlineRefills() {
            return inlineRefills.get();
        }

        /** Every customer keeps a couple of redemptions' worth: round-robin takes them evenly. */
        private long margin() {
            return REDEEM_POINTS * 2L * group.customers();
        }

        private synchronized void ensureLeft(long points) {
            long left = available - taken.get();
            if (left >= points) {
                return;
            }
            long perCustomer = (points - left + group.customers() - 1) / group.customers();
            int newLots = (int) ((perCustomer + group.lotPoints() - 1) / group.lotPoints()) + 1;
            loader.topUp(group, lots + 1, lots + newLots);
            lots += newLots;
            available += (long) newLots * group.lotPoints() * group.customers();
        }
    }

    /** Loads a group whose customers redemptions will consume. */
    public Reserve loadReserve(LedgerLoader.Group group) {
        loader.load(group);
        return new Reserve(group);
    }

    /** Loads groups that nothing consumes. */
    public void load(List<LedgerLoader.Group> groups) {
        groups.forEach(loader::load);
    }
}
