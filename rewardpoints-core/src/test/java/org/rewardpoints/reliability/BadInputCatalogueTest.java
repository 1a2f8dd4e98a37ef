package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;
import org.rewardpoints.IdempotencyConflictException;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RedemptionOptionNotFoundException;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.RewardPointsException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteNotFoundException;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StaleVersionException;
import org.rewardpoints.json.RewardPointsJson;
import org.rewardpoints.json.SettingsMixinReader;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;

/**
 * The broad catalogue of hostile and malformed input (SPEC §4) across the public API, the value
 * objects, the builder and the JSON readers. Every row must be refused with its specific
 * exception, naming the field (or, for an unknown or stale thing, its id), within seconds, and must
 * leave everything as it was: every account summary of the tenant (and of another tenant), the
 * options, the settings, the issued coupons and the pending reservations. Rows differ from
 * {@code RewardPointsRulesTest}'s, which covers the plain cases of the same rules.
 *
 * <p>Ids and texts that look like SQL or carry unusual but valid characters are not refused: they
 * are stored verbatim, which {@link #sqlLookingAndUnusualText_isStoredVerbatim} checks.
 */
class BadInputCatalogueTest {
    private static final String TENANT = "tenant";
    private static final String OTHER_TENANT = "other";
    private static final Currency EUR = Currency.getInstance("EUR");

    private final MutableClock clock = MutableClock.at("2024-05-15T10:00:00Z");
    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private final InMemoryRedemptionOptionStore options = new InMemoryRedemptionOptionStore();
    private final InMemoryCouponIssuer coupons = new InMemoryCouponIssuer();
    private RewardPoints ledger;
    /** Ids of the fixture, for rows that need them; static because the rows are built before the fixture. */
    private static String optionId;
    private static String otherOptionId;
    private static long optionVersion;

    @BeforeEach
    void fixture() {
        settings.put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        settings.put(TENANT, "rich", SiteSettings.of(new BigDecimal("1000000"), 12, "RICH", "EUR"));
        settings.put(OTHER_TENANT, "main", SiteSettings.of(BigDecimal.TEN, 6, "OT", "EUR"));
        ledger = RewardPoints.builder().store(store).settings(settings).redemptionOptions(options).couponIssuer(coupons)
                .clock(clock).build();
        ledger.orderCompleted(OrderCompletion.of(TENANT, "main", "c-1", "o-1", "100", "EUR"));
        ledger.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-setup", "60", "EUR"));
        ledger.addPoints(AddPoints.of(TENANT, "c-2", 50).withId("add-1").withDescription("welcome"));
        ledger.orderCompleted(OrderCompletion.of(OTHER_TENANT, "main", "c-1", "o-1", "7", "EUR"));
        RedemptionOption option = ledger.createOption(TENANT, RedemptionOptionDraft.of("voucher", 10,
                CouponTemplate.absolute("5 EUR off", "5", "EUR")).withDescription("5 EUR"));
        option = ledger.updateOption(TENANT, option.id(), option.version(), RedemptionOptionDraft.of(
                        "voucher", 10, CouponTemplate.absolute("5 EUR off", "5", "EUR"))
                .withDescription("5 EUR, renamed"));
        optionId = option.id();
        optionVersion = option.version();
        otherOptionId = ledger.createOption(TENANT, RedemptionOptionDraft.of("other", 5,
                CouponTemplate.percent("10 % off", "10"))).id();
        ledger.redeemForCoupon(CouponRedemption.of(TENANT, "c-2", optionId).withRequestId("request-1"));
        clock.advance(Duration.ofMinutes(1));
    }

    // ------------------------------------------------------------------ the snapshot

    /** Everything a refused input must leave untouched. */
    record Snapshot(List<PointsSummary> summaries, List<PointsSummary> otherTenant, List<RedemptionOption> options,
                    List<Optional<SiteSettings>> settings, Set<IssuedCoupon> coupons, List<DebitRecord> pending) {
    }

    private Snapshot snapshot() {
        return new Snapshot(ledger.streamSummaries(TENANT).toList(), ledger.streamSummaries(OTHER_TENANT).toList(),
                ledger.listOptions(TENANT),
                List.of(settings.find(TENANT, "main"), settings.find(TENANT, "rich"), settings.find(OTHER_TENANT, "main"),
                        settings.find(TENANT, "nowhere")),
                new HashSet<>(coupons.issued()), store.pendingReservations(Instant.MAX, null, 100));
    }

    // ------------------------------------------------------------------ the catalogue

    @FunctionalInterface
    interface Call {
        void on(RewardPoints ledger) throws Exception;
    }

    /**
     * A row: what is tried, the exception it must raise, and what the exception must name: for an
     * {@link InvalidInputException} its field (also in the message), else a text of its message.
     */
    private static Arguments row(String input, Class<? extends RewardPointsException> refusal, String named, Call call) {
        return Arguments.of(input, refusal, named, named, call);
    }

    private static Arguments invalid(String input, String field, Call call) {
        return row(input, InvalidInputException.class, field, call);
    }

    /** An invalid input whose message must also mention {@code mentions} (the document's field at fault). */
    private static Arguments invalid(String input, String field, String mentions, Call call) {
        return Arguments.of(input, InvalidInputException.class, field, mentions, call);
    }

    private static Call order(String value, String currency) {
        return l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c-1", "o-new", value, currency));
    }

    private static Call addJson(String json) {
        return l -> l.addPoints(RewardPointsJson.readAddPoints(json, TENANT, "main", "c-1"));
    }

    private static Call optionJson(String json) {
        return l -> l.createOption(TENANT, RewardPointsJson.readRedemptionOption(json).draft());
    }

    private static Call mixin(String json) {
        return l -> l.updateSettings(TENANT, "main", SettingsMixinReader.read(json));
    }

    private static String option(String coupon) {
        return "{\"type\": \"coupon\", \"name\": \"n\", \"points\": 5, \"coupon\": " + coupon + "}";
    }

    static Stream<Arguments> catalogue() {
        List<Arguments> rows = new ArrayList<>();
        // points: negative, zero, overflowing
        rows.add(invalid("add Long.MIN_VALUE points", "points", l -> l.addPoints(AddPoints.of(TENANT, "c-1", Long.MIN_VALUE))));
        rows.add(invalid("redeem -1 points", "points", l -> l.redeemPoints(RedeemPoints.of(TENANT, "c-1", -1))));
        rows.add(invalid("option worth 0 points", "points", l -> l.createOption(TENANT,
                RedemptionOptionDraft.of("free", 0, CouponTemplate.percent("p", "5")))));
        rows.add(invalid("option worth Long.MAX_VALUE points", "points", l -> l.createOption(TENANT,
                RedemptionOptionDraft.of("all", Long.MAX_VALUE, CouponTemplate.percent("p", "5")))));
        rows.add(invalid("start points of a new account -7", "points", l -> l.createAccount(AddPoints.of(TENANT, "c-9", -7))));
        rows.add(invalid("order earning more than the maximum points", "value", l -> l.orderCompleted(
                OrderCompletion.of(TENANT, "rich", "c-1", "o-new", "1000000000000", "EUR"))));
        // order values and refunds: NaN, infinity, absurd magnitude and precision
        rows.add(invalid("order value Infinity", "value", order("Infinity", "EUR")));
        rows.add(invalid("order value 0x10", "value", order("0x10", "EUR")));
        rows.add(invalid("order value empty", "value", order("", "EUR")));
        rows.add(invalid("order value 1e999999999", "value", order("1e999999999", "EUR")));
        rows.add(invalid("order value -1e999999999", "value", order("-1e999999999", "EUR")));
        rows.add(invalid("order value 1e-999999999", "value", order("1e-999999999", "EUR")));
        rows.add(invalid("order value with 7 decimal places", "value", order("10.1234567", "EUR")));
        rows.add(invalid("refund NaN", "refundedValue", l -> l.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-9", "NaN", "EUR"))));
        rows.add(invalid("refund -5", "refundedValue", l -> l.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-9", "-5", "EUR"))));
        rows.add(invalid("refund with 7 decimal places", "refundedValue",
                l -> l.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-9", "1.0000001", "EUR"))));
        rows.add(invalid("refunds beyond the order value after an earlier return", "refundedValue",
                l -> l.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-9", "40.01", "EUR"))));
        rows.add(invalid("refund in another currency than the order", "currency",
                l -> l.orderReturned(OrderReturn.partial(TENANT, "o-1", "r-9", "5", "USD"))));
        // currencies
        rows.add(invalid("order currency of two letters", "currency", order("10", "EU")));
        rows.add(invalid("order currency as a symbol", "currency", order("10", "€")));
        rows.add(invalid("coupon currency ABC", "coupon.discountAbsolute.currency",
                l -> CouponTemplate.absolute("n", "5", "ABC")));
        // ids and texts: blank, over-long, control characters, malformed Unicode
        rows.add(invalid("blank order id", "orderId", l -> l.orderCompleted(
                new OrderCompletion(TENANT, "main", "c-1", "   ", BigDecimal.TEN, EUR))));
        rows.add(invalid("site code of 129 characters", "siteCode", l -> l.addPoints(
                AddPoints.of(TENANT, "c-1", 5).withSiteCode("s".repeat(129)))));
        rows.add(invalid("null tenant", "tenant", l -> l.balance(null, "c-1")));
        rows.add(invalid("reference id with a tab", "referenceId", l -> l.addPoints(
                AddPoints.of(TENANT, "c-1", 5).withReferenceId("ref\t1"))));
        rows.add(invalid("redemption id with DEL", "id", l -> l.redeemPoints(
                RedeemPoints.of(TENANT, "c-1", 5).withId("r\u007f1"))));
        rows.add(invalid("request id with a C1 control (NEL)", "requestId", l -> l.redeemForCoupon(
                CouponRedemption.of(TENANT, "c-1", optionId).withRequestId("q\u00851"))));
        rows.add(invalid("blank option id", "optionId", l -> l.redeemForCoupon(CouponRedemption.of(TENANT, "c-1", " "))));
        rows.add(invalid("customer id with an unpaired surrogate", "customerId",
                l -> l.addPoints(AddPoints.of(TENANT, "c\uD800", 5))));
        rows.add(invalid("description with an unpaired surrogate", "description",
                l -> l.addPoints(AddPoints.of(TENANT, "c-1", 5).withDescription("half \uDC00 a character"))));
        rows.add(invalid("blank option name", "name", l -> l.createOption(TENANT,
                RedemptionOptionDraft.of(" \t", 5, CouponTemplate.percent("p", "5")))));
        rows.add(invalid("option description of 1001 characters", "description", l -> l.createOption(TENANT,
                RedemptionOptionDraft.of("n", 5, CouponTemplate.percent("p", "5")).withDescription("d".repeat(1001)))));
        rows.add(invalid("coupon name with NUL", "coupon.name", l -> CouponTemplate.percent("na\u0000me", "5")));
        rows.add(invalid("code prefix with a space", "codePrefix", l -> l.updateSettings(TENANT, "main",
                SettingsPatch.EMPTY.withCodePrefix("R P"))));
        // unknown customer, option, site, tenant
        rows.add(row("coupon for an unknown option", RedemptionOptionNotFoundException.class, "no-such-option",
                l -> l.redeemForCoupon(CouponRedemption.of(TENANT, "c-1", "no-such-option"))));
        rows.add(row("coupon for an unknown customer", AccountNotFoundException.class, "nobody",
                l -> l.redeemForCoupon(CouponRedemption.of(TENANT, "nobody", optionId))));
        rows.add(row("coupon on an unknown site", SiteNotFoundException.class, "nowhere",
                l -> l.redeemForCoupon(new CouponRedemption(TENANT, "nowhere", "c-1", optionId, null))));
        rows.add(row("coupon with another tenant's option", RedemptionOptionNotFoundException.class, OTHER_TENANT,
                l -> l.redeemForCoupon(CouponRedemption.of(OTHER_TENANT, "c-1", optionId))));
        rows.add(row("redeem from an unknown customer", AccountNotFoundException.class, "nobody",
                l -> l.redeemPoints(RedeemPoints.of(TENANT, "nobody", 1))));
        rows.add(row("order of an unknown tenant", SiteNotFoundException.class, "nobody",
                l -> l.orderCompleted(OrderCompletion.of("nobody", "main", "c-1", "o-9", "10", "EUR"))));
        rows.add(row("update of an unknown option", RedemptionOptionNotFoundException.class, "no-such-option",
                l -> l.updateOption(TENANT, "no-such-option", 1, RedemptionOptionDraft.of("n", 5,
                        CouponTemplate.percent("p", "5")))));
        rows.add(row("empty settings patch of an unknown site", InvalidInputException.class, "orderValueToRewardPointsFactor",
                l -> l.updateSettings(TENANT, "nowhere", SettingsPatch.EMPTY)));
        // stale versions
        rows.add(row("update with the version before the last update", StaleVersionException.class, "version 1",
                l -> l.updateOption(TENANT, optionId, optionVersion - 1, RedemptionOptionDraft.of("n", 5,
                        CouponTemplate.percent("p", "5")))));
        rows.add(row("update with a version from the future", StaleVersionException.class, "version 99",
                l -> l.updateOption(TENANT, optionId, 99, RedemptionOptionDraft.of("n", 5,
                        CouponTemplate.percent("p", "5")))));
        rows.add(row("delete with a stale version", StaleVersionException.class, "version 1",
                l -> l.deleteOption(TENANT, optionId, 1)));
        // FREE_SHIPPING and other coupons points cannot buy
        rows.add(invalid("FREE_SHIPPING coupon", "coupon.discountType", l -> new CouponTemplate("ship", null,
                DiscountType.FREE_SHIPPING, null, null, null, false, 1)));
        rows.add(invalid("FREE_SHIPPING coupon in JSON", "coupon.discountType",
                optionJson(option("{\"name\": \"ship\", \"discountType\": \"FREE_SHIPPING\"}"))));
        rows.add(invalid("percentage 100.01", "coupon.discountPercentage", l -> CouponTemplate.percent("p", "100.01")));
        rows.add(invalid("percentage 1e-999999999", "coupon.discountPercentage", l -> CouponTemplate.percent("p", "1e-999999999")));
        rows.add(invalid("percentage 1e999999999", "coupon.discountPercentage", l -> CouponTemplate.percent("p", "1e999999999")));
        rows.add(invalid("coupon usable -2 times", "coupon.maxRedemptions", l -> new CouponTemplate("p", null,
                DiscountType.PERCENT, BigDecimal.ONE, null, null, false, -2)));
        // idempotency keys replayed with other content
        rows.add(row("order replayed with another value", IdempotencyConflictException.class, "order:o-1",
                l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c-1", "o-1", "101", "EUR"))));
        rows.add(row("add id replayed with other points", IdempotencyConflictException.class, "add:add-1",
                l -> l.addPoints(AddPoints.of(TENANT, "c-2", 51).withId("add-1"))));
        rows.add(row("coupon request id replayed for another option", IdempotencyConflictException.class, "request-1",
                l -> l.redeemForCoupon(CouponRedemption.of(TENANT, "c-2", otherOptionId).withRequestId("request-1"))));
        // JSON request bodies: malformed, wrong types, duplicates, nesting, size
        rows.add(invalid("add: truncated JSON", "json", addJson("{\"points\": 5")));
        rows.add(invalid("add: JSON array", "json", addJson("[{\"points\": 5}]")));
        rows.add(invalid("add: points as a string", "points", addJson("{\"points\": \"10\"}")));
        rows.add(invalid("add: points 10.5", "points", addJson("{\"points\": 10.5}")));
        rows.add(invalid("add: points beyond a long", "points", addJson("{\"points\": 99999999999999999999}")));
        rows.add(invalid("add: points NaN", "json", "NaN", addJson("{\"points\": NaN}")));
        rows.add(invalid("add: points given twice", "json", "'points'", addJson("{\"points\": 5, \"points\": 500}")));
        rows.add(invalid("add: nested 100,000 deep", "json", "depth",
                addJson("{\"points\": 5, \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}")));
        rows.add(invalid("add: description of 5 million characters", "description",
                addJson("{\"points\": 5, \"description\": \"" + "x".repeat(5_000_000) + "\"}")));
        rows.add(invalid("add: 30 February", "validUntil", addJson("{\"points\": 5, \"validUntil\": \"2025-02-30T00:00:00Z\"}")));
        rows.add(invalid("add: reference-id as an object", "reference-id", addJson("{\"points\": 5, \"reference-id\": {}}")));
        rows.add(invalid("redeem: negative points", "points",
                l -> l.redeemPoints(RewardPointsJson.readRedeemPoints("{\"points\": -3}", TENANT, "c-1"))));
        rows.add(invalid("new customer: id as a number", "customerId",
                l -> RewardPointsJson.readNewCustomer("{\"customerId\": 42}", TENANT, "main")));
        rows.add(invalid("new customer: zero start points", "startPoints.points", l -> l.createAccount(
                RewardPointsJson.readNewCustomer("{\"customerId\": \"c-9\", \"startPoints\": {\"points\": 0}}", TENANT, "main")
                        .startPoints())));
        rows.add(invalid("option: type voucher", "type", optionJson("{\"type\": \"voucher\", \"name\": \"n\", \"points\": 5}")));
        rows.add(invalid("option: version 0", "metadata.version", optionJson("{\"type\": \"coupon\", \"name\": \"n\","
                + " \"points\": 5, \"coupon\": {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 5},"
                + " \"metadata\": {\"version\": 0}}")));
        rows.add(invalid("option: amount as a string", "coupon.discountAbsolute.amount", optionJson(option(
                "{\"name\": \"c\", \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": {\"amount\": \"ten\", \"currency\": \"EUR\"}}"))));
        rows.add(invalid("option id: empty", "id", l -> l.option(TENANT, RewardPointsJson.readRedemptionOptionId("{\"id\": \"\"}"))));
        // settings mixins
        rows.add(invalid("mixin: enabled \"yes\"", "enabled", mixin("{\"couponSettings\": {\"rewardpoints\": {\"enabled\": \"yes\"}}}")));
        rows.add(invalid("mixin: both spellings disagree", "enable", mixin("{\"enable\": true, \"enabled\": false}")));
        rows.add(invalid("mixin: validity 0 months", "validityInMonths", mixin("{\"rewardpoints\": {\"validityInMonths\": 0}}")));
        rows.add(invalid("mixin: validity 1e2", "validityInMonths", mixin("{\"validityInMonths\": 1e2}")));
        rows.add(invalid("mixin: factor as a string", "orderValueToRewardPointsFactor",
                mixin("{\"orderValueToRewardPointsFactor\": \"1.5\"}")));
        rows.add(invalid("mixin: factor 1e-999999999", "orderValueToRewardPointsFactor",
                mixin("{\"orderValueToRewardPointsFactor\": 1e-999999999}")));
        rows.add(invalid("mixin: time zone Mars/Olympus", "timeZone", mixin("{\"timeZone\": \"Mars/Olympus\"}")));
        rows.add(invalid("mixin: currency euro", "currency", mixin("{\"currency\": \"euro\"}")));
        rows.add(invalid("mixin: rewardpoints as an array", "rewardpoints", mixin("{\"rewardpoints\": []}")));
        rows.add(invalid("mixin: couponSettings without rewardpoints", "couponSettings.rewardpoints", mixin("{\"couponSettings\": {\"codePrefix\": \"X\"}}")));
        rows.add(invalid("mixin: the JSON literal null", "json", mixin("null")));
        // the builder
        rows.add(invalid("settings cached for zero time", "settingsTimeToLive",
                l -> RewardPoints.builder().settingsTimeToLive(Duration.ZERO)));
        rows.add(invalid("settings cached for negative time", "settingsTimeToLive",
                l -> RewardPoints.builder().settingsTimeToLive(Duration.ofSeconds(-1))));
        rows.add(invalid("no clock", "clock", l -> RewardPoints.builder().clock(null)));
        rows.add(invalid("no coupon issuer", "couponIssuer", l -> RewardPoints.builder().couponIssuer(null)));
        // paging
        rows.add(invalid("cursor with a month 13", "cursor", l -> l.addedPoints(TENANT, "c-1",
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("2024-13-45T00:00:00Z|x".getBytes()), 10)));
        rows.add(invalid("negative page size", "limit", l -> l.redeemedPoints(TENANT, "c-1", null, -1)));
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("catalogue")
    void hostileInput_isRefusedNamingTheFieldAndChangesNothing(String input, Class<? extends RewardPointsException> refusal,
                                                              String named, String mentions, Call call) {
        Snapshot before = snapshot();

        // within seconds: an input must not cost minutes of arithmetic or gigabytes of message
        Throwable thrown = catchThrowable(() -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> call.on(ledger)));

        assertThat(thrown).as(input).isInstanceOf(refusal);
        if (thrown instanceof InvalidInputException invalid) {
            assertThat(invalid.getField()).as("field named by: %s", thrown.getMessage()).isEqualTo(named);
        }
        assertThat(thrown.getMessage()).as(input).contains(named, mentions).hasSizeLessThan(2_000);
        assertThat(snapshot()).as("nothing changed after: %s", input).isEqualTo(before);
        LedgerInvariants.check(store, TENANT, clock.instant(), false);
    }

    // ------------------------------------------------------------------ stored verbatim

    static Stream<String> verbatim() {
        return Stream.of(
                "x'; DROP TABLE rp_lots; --",
                "1 OR 1=1",
                "\" OR \"\"=\"",
                "%_\\%",
                "Robert'); DELETE FROM rp_accounts WHERE ('1'='1",
                "$1::text",
                "/* comment */ SELECT",
                "😀 漢字 Grüße",
                "\u202Eright-to-left",
                "a\u200Bzero-width");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("verbatim")
    void sqlLookingAndUnusualText_isStoredVerbatim(String text) {
        String customer = "c " + text;
        ledger.orderCompleted(OrderCompletion.of(TENANT, "main", customer, "o " + text, "20", "EUR"));
        AddedPoints added = ledger.addPoints(new AddPoints(TENANT, "main", customer, "add " + text, "ref " + text,
                "description " + text, 5, null));
        ledger.redeemPoints(RedeemPoints.of(TENANT, customer, 3)
                .withDescription("redeemed " + text).withId("redeem " + text));
        RedemptionOption option = ledger.createOption(TENANT, RedemptionOptionDraft.of("name " + text, 4,
                new CouponTemplate("coupon " + text, "coupon about " + text, DiscountType.PERCENT,
                        BigDecimal.TEN, null, null, false, 1)).withDescription("about " + text));
        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(TENANT, customer, option.id())
                .withRequestId("request " + text));

        PointsSummary summary = ledger.summary(TENANT, customer);
        assertThat(summary.customerId()).isEqualTo(customer);
        assertThat(summary.activePoints()).isEqualTo(20 + 5 - 3 - 4);
        assertThat(summary.addedPointsList()).extracting(AddedPoints::referenceId)
                .containsExactlyInAnyOrder("o " + text, "ref " + text);
        assertThat(summary.addedPointsList()).filteredOn(lot -> lot.id().equals(added.id())).singleElement()
                .satisfies(lot -> assertThat(lot.description()).isEqualTo("description " + text));
        assertThat(summary.redeemedPointsList()).extracting(debit -> debit.description())
                .containsExactlyInAnyOrder("redeemed " + text, "about " + text);
        assertThat(store.findLotByKey(TENANT, "order:o " + text)).isPresent();
        assertThat(store.findDebitByKey(TENANT, "redeem:redeem " + text)).isPresent();
        assertThat(store.findDebitByKey(TENANT, "coupon/v2:" + customer.length() + ":" + customer + ":request " + text)).hasValueSatisfying(
                debit -> assertThat(debit.couponCode()).isEqualTo(coupon.code()));
        assertThat(ledger.option(TENANT, option.id()).coupon().description()).isEqualTo("coupon about " + text);
        assertThat(ledger.listOptions(TENANT)).extracting(RedemptionOption::name).contains("name " + text);
        assertThat(coupons.find(TENANT, coupon.debit().id()).orElseThrow().template().name()).isEqualTo("coupon " + text);
        // the same ids again are recognised, not created twice
        assertThat(ledger.orderCompleted(OrderCompletion.of(TENANT, "main", customer, "o " + text, "20", "EUR")).status())
                .isEqualTo(org.rewardpoints.CreditResult.Status.ALREADY_CREDITED);
        assertThat(ledger.redeemForCoupon(CouponRedemption.of(TENANT, customer, option.id())
                .withRequestId("request " + text)).code()).isEqualTo(coupon.code());
        LedgerInvariants.check(store, TENANT, clock.instant(), false);
    }

    @Test
    void catalogue_coversAtLeastFortyInputs() {
        assertThat(catalogue().count()).isGreaterThanOrEqualTo(40);
    }
}
