package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AccountAlreadyExistsException;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponCodes;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RecoveryResult;
import org.rewardpoints.CreditResult;
import org.rewardpoints.ExpiringPoints;
import org.rewardpoints.IdempotencyConflictException;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.OrderQuote;
import org.rewardpoints.Page;
import org.rewardpoints.RedemptionQuote;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.ReversalPolicy;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteNotFoundException;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.SweepResult;
import org.rewardpoints.VerificationReport;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.FaultyLedgerStore;
import org.rewardpoints.testing.ScriptedCouponIssuer;
import org.rewardpoints.testing.ScriptedCouponIssuer.Fault;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;

/**
 * The behaviour every {@link LedgerStore} must show under the core's rules. An adapter's test
 * extends this class and only supplies a store. Each test works in its own random tenant, so a
 * shared database needs no cleanup; after each test the invariants of every account of that
 * tenant are checked.
 */
public abstract class LedgerStoreContractTest {
    protected static final String CUSTOMER = "customer-1";

    protected LedgerStore store;
    protected FaultyLedgerStore faultyStore;
    protected InMemoryCouponIssuer coupons;
    protected ScriptedCouponIssuer issuer;
    protected InMemoryRedemptionOptionStore options;
    protected MutableClock clock;
    protected InMemorySettingsStore settings;
    protected String tenant;
    private final List<String> tenants = new ArrayList<>();
    private boolean debtAllowed;

    /** A store to test; called before each test. */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void setUpContract() {
        store = newStore();
        faultyStore = new FaultyLedgerStore(store);
        coupons = new InMemoryCouponIssuer();
        issuer = new ScriptedCouponIssuer(coupons);
        options = new InMemoryRedemptionOptionStore();
        clock = MutableClock.at("2024-01-15T10:00:00Z");
        settings = new InMemorySettingsStore();
        tenant = newTenant();
    }

    @AfterEach
    void checkInvariants() {
        RewardPoints verifier = RewardPoints.builder().store(store).settings(settings).clock(clock).build();
        for (String checkedTenant : tenants) {
            LedgerInvariants.check(store, checkedTenant, clock.instant(), debtAllowed);
            String cursor = null;
            do {
                Page<VerificationReport> reports = verifier.verifyAll(checkedTenant, cursor, 100);
                assertThat(reports.items()).as("verification of tenant %s", checkedTenant)
                        .allSatisfy(report -> assertThat(report.mismatches()).isEmpty());
                cursor = reports.nextCursor().orElse(null);
            } while (cursor != null);
        }
    }

    /** An event row for the SPI's raw writes. */
    protected EventRecord event(String customerId) {
        return new EventRecord(0, UUID.randomUUID().toString(), tenant, customerId, "CREDITED", null, 0, 0,
                clock.instant(), "{}", 0);
    }

    protected String newTenant() {
        String name = "t-" + UUID.randomUUID();
        settings.put(name, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        tenants.add(name);
        return name;
    }

    protected RewardPoints ledger() {
        return ledger(RewardPoints.DEFAULT_REVERSAL_POLICY);
    }

    protected RewardPoints ledger(ReversalPolicy policy) {
        debtAllowed |= policy == ReversalPolicy.ALLOW_NEGATIVE_BALANCE;
        return RewardPoints.builder().store(faultyStore).settings(settings).clock(clock).reversalPolicy(policy)
                .couponIssuer(issuer).redemptionOptions(options).build();
    }

    private OrderCompletion order(String customerId, String orderId, String value) {
        return OrderCompletion.of(tenant, "main", customerId, orderId, value, "EUR");
    }

    // ------------------------------------------------------------ earning

    @Test
    void orderCompleted_creditsValueTimesFactorRoundedDown() {
        settings.put(tenant, "main", SiteSettings.of(new BigDecimal("1.5"), 12, "RP", "EUR"));
        CreditResult result = ledger().orderCompleted(order(CUSTOMER, "o-1", "99.99"));

        assertThat(result.status()).isEqualTo(CreditResult.Status.CREDITED);
        assertThat(result.points()).isEqualTo(149); // 149.985 rounded down
        assertThat(ledger().balance(tenant, CUSTOMER)).isEqualTo(149);
        AddedPoints lot = result.lot().orElseThrow();
        assertThat(lot.referenceId()).isEqualTo("o-1");
        assertThat(lot.validUntil()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        assertThat(lot.allPointsAfterCreation()).isEqualTo(149);
    }

    @Test
    void orderCompleted_repeatedDeliveryReturnsFirstCreditAndChangesNothing() {
        RewardPoints ledger = ledger();
        CreditResult first = ledger.orderCompleted(order(CUSTOMER, "o-1", "50"));
        clock.advance(Duration.ofMinutes(5));
        CreditResult second = ledger.orderCompleted(order(CUSTOMER, "o-1", "50.00"));

        assertThat(second.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(second.points()).isEqualTo(50);
        assertThat(second.lot().orElseThrow().id()).isEqualTo(first.lot().orElseThrow().id());
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThat(ledger.summary(tenant, CUSTOMER).addedPointsList()).hasSize(1);
    }

    @Test
    void orderCompleted_replayWithOtherCustomerOrValueIsConflict() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "50"));

        assertThatThrownBy(() -> ledger.orderCompleted(order("customer-2", "o-1", "50")))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("order:o-1");
        assertThatThrownBy(() -> ledger.orderCompleted(order(CUSTOMER, "o-1", "51")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThatThrownBy(() -> ledger.balance(tenant, "customer-2")).isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void orderCompleted_refusesCurrencyOtherThanTheSites() {
        assertThatThrownBy(() -> ledger().orderCompleted(OrderCompletion.of(tenant, "main", CUSTOMER, "o-1", "10", "USD")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("currency").hasMessageContaining("USD");
        assertThatThrownBy(() -> ledger().balance(tenant, CUSTOMER)).isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void orderCompleted_disabledSiteOrZeroPointsCreditsNothingAndSaysWhy() {
        settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR").withEnabled(false));
        assertThat(ledger().orderCompleted(order(CUSTOMER, "o-1", "10")).status())
                .isEqualTo(CreditResult.Status.SITE_DISABLED);
        settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        assertThat(ledger().orderCompleted(order(CUSTOMER, "o-2", "0.99")).status())
                .isEqualTo(CreditResult.Status.ZERO_POINTS);
        assertThat(ledger().orderCompleted(order(CUSTOMER, "o-3", "0")).status())
                .isEqualTo(CreditResult.Status.ZERO_POINTS);
        assertThatThrownBy(() -> ledger().balance(tenant, CUSTOMER)).isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void orderCompleted_unknownSiteIsRefused() {
        assertThatThrownBy(() -> ledger().orderCompleted(OrderCompletion.of(tenant, "other", CUSTOMER, "o-1", "10", "EUR")))
                .isInstanceOf(SiteNotFoundException.class).hasMessageContaining("other");
    }

    @Test
    void addPoints_defaultsValidUntilFromSettingsAndKeepsReferenceAndDescription() {
        AddedPoints lot = ledger().addPoints(AddPoints.of(tenant, CUSTOMER, 20).withReferenceId("ref-1")
                .withDescription("welcome bonus"));

        assertThat(lot.validUntil()).isEqualTo(Instant.parse("2025-01-15T10:00:00Z"));
        PointsSummary summary = ledger().summary(tenant, CUSTOMER);
        assertThat(summary.addedPointsList()).singleElement().satisfies(added -> {
            assertThat(added.referenceId()).isEqualTo("ref-1");
            assertThat(added.description()).isEqualTo("welcome bonus");
            assertThat(added.points()).isEqualTo(20);
        });
    }

    @Test
    void addPoints_withIdIsIdempotentAndConflictsOnOtherContent() {
        RewardPoints ledger = ledger();
        AddPoints add = AddPoints.of(tenant, CUSTOMER, 20).withId("bonus-1");
        AddedPoints first = ledger.addPoints(add);
        AddedPoints again = ledger.addPoints(add);

        assertThat(again.id()).isEqualTo(first.id()).isNotEqualTo("bonus-1"); // the id is the key; lot ids are the library's
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(20);
        assertThatThrownBy(() -> ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 21).withId("bonus-1")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThatThrownBy(() -> ledger.addPoints(AddPoints.of(tenant, "customer-2", 20).withId("bonus-1")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(20);
    }

    @Test
    void addPoints_refusesValidUntilNotInTheFuture() {
        assertThatThrownBy(() -> ledger().addPoints(AddPoints.of(tenant, CUSTOMER, 5).withValidUntil(clock.instant())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("validUntil");
        assertThatThrownBy(() -> ledger().balance(tenant, CUSTOMER)).isInstanceOf(AccountNotFoundException.class);
    }

    @Test
    void createAccount_withStartPointsConflictsWhenTheAccountExists() {
        RewardPoints ledger = ledger();
        ledger.createAccount(AddPoints.of(tenant, CUSTOMER, 20));
        assertThatThrownBy(() -> ledger.createAccount(AddPoints.of(tenant, CUSTOMER, 30)))
                .isInstanceOf(AccountAlreadyExistsException.class).hasMessageContaining(CUSTOMER);
        assertThatThrownBy(() -> ledger.createAccount(tenant, CUSTOMER)).isInstanceOf(AccountAlreadyExistsException.class);
        ledger.createAccount(tenant, "customer-2");

        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(20);
        assertThat(ledger.balance(tenant, "customer-2")).isZero();
    }

    // ------------------------------------------------------------ spending

    @Test
    void redeemPoints_consumesSoonestExpiringLotsFirst() {
        RewardPoints ledger = ledger();
        AddedPoints late = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100)
                .withValidUntil(Instant.parse("2026-01-01T00:00:00Z")));
        AddedPoints early = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 30)
                .withValidUntil(Instant.parse("2024-06-01T00:00:00Z")));
        AddedPoints middle = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 30)
                .withValidUntil(Instant.parse("2025-01-01T00:00:00Z")));

        RedeemedPoints debit = ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 50).withDescription("gift"));

        assertThat(debit.allPointsAfterCreation()).isEqualTo(110);
        PointsSummary summary = ledger.summary(tenant, CUSTOMER);
        assertThat(summary.activePoints()).isEqualTo(110);
        assertThat(used(summary, early.id())).isEqualTo(30);
        assertThat(used(summary, middle.id())).isEqualTo(20);
        assertThat(used(summary, late.id())).isZero();
        assertThat(summary.addedPointsList()).filteredOn(lot -> lot.id().equals(middle.id()))
                .singleElement().satisfies(lot -> assertThat(lot.usedWith()).containsExactly(debit.id()));
        assertThat(summary.redeemedPointsList()).singleElement().satisfies(redeemed -> {
            assertThat(redeemed.points()).isEqualTo(50);
            assertThat(redeemed.description()).isEqualTo("gift");
            assertThat(redeemed.kind()).isEqualTo(DebitKind.REDEMPTION);
        });
    }

    @Test
    void redeemPoints_failsWhenBalanceTooLowAndChangesNothing() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 40));

        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 41)))
                .isInstanceOfSatisfying(InsufficientPointsException.class, e -> {
                    assertThat(e.getRequested()).isEqualTo(41);
                    assertThat(e.getAvailable()).isEqualTo(40);
                });
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList()).isEmpty();
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(40);
    }

    @Test
    void redeemPoints_unknownAccountIsNotFound() {
        assertThatThrownBy(() -> ledger().redeemPoints(RedeemPoints.of(tenant, "nobody", 1)))
                .isInstanceOf(AccountNotFoundException.class).hasMessageContaining("nobody");
    }

    @Test
    void redeemPoints_withIdIsIdempotent() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 40));
        RedeemPoints redeem = RedeemPoints.of(tenant, CUSTOMER, 10).withDescription("x").withId("r-1");
        RedeemedPoints first = ledger.redeemPoints(redeem);

        assertThat(ledger.redeemPoints(redeem).id()).isEqualTo(first.id());
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 11)
                .withDescription("x").withId("r-1")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(30);
    }

    // ------------------------------------------------------------ expiry

    @Test
    void balance_dropsAtValidUntilWithoutAnySweep() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withValidUntil(Instant.parse("2024-02-01T00:00:00Z")));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 5).withValidUntil(Instant.parse("2024-03-01T00:00:00Z")));

        clock.set(Instant.parse("2024-01-31T23:59:59.999Z"));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(15);
        clock.set(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(5);
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 6)))
                .isInstanceOf(InsufficientPointsException.class);
    }

    @Test
    void sweepExpired_recordsExpiryOnceAndKeepsBalance() {
        RewardPoints ledger = ledger();
        AddedPoints lot = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10)
                .withValidUntil(Instant.parse("2024-02-01T00:00:00Z")));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 5));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 4));
        clock.set(Instant.parse("2024-02-02T00:00:00Z"));

        SweepResult first = ledger.sweepExpired();
        SweepResult second = ledger.sweepExpired();

        assertThat(first.points()).isGreaterThanOrEqualTo(6);
        assertThat(second.points()).isZero();
        PointsSummary summary = ledger.summary(tenant, CUSTOMER);
        assertThat(summary.activePoints()).isEqualTo(5);
        assertThat(summary.redeemedPointsList()).filteredOn(d -> d.kind() == DebitKind.EXPIRY)
                .singleElement().satisfies(expiry -> {
                    assertThat(expiry.points()).isEqualTo(6);
                    assertThat(expiry.allPointsAfterCreation()).isEqualTo(5);
                });
        assertThat(used(summary, lot.id())).isEqualTo(10);
    }

    @Test
    void sweepExpired_onSeveralThreadsExpiresEachLotOnce() throws Exception {
        RewardPoints ledger = ledger();
        for (int i = 0; i < 20; i++) {
            ledger.addPoints(AddPoints.of(tenant, "c-" + i, 7).withValidUntil(Instant.parse("2024-02-01T00:00:00Z")));
        }
        clock.set(Instant.parse("2024-03-01T00:00:00Z"));

        List<SweepResult> results = runConcurrently(4, ledger::sweepExpired);

        // other tenants' expired lots may be swept too in a shared store: count this tenant's entries
        long expiryEntries = 0;
        for (int i = 0; i < 20; i++) {
            PointsSummary summary = ledger.summary(tenant, "c-" + i);
            assertThat(summary.activePoints()).isZero();
            List<RedeemedPoints> expiries = summary.redeemedPointsList().stream()
                    .filter(d -> d.kind() == DebitKind.EXPIRY).toList();
            assertThat(expiries).singleElement().satisfies(e -> assertThat(e.points()).isEqualTo(7));
            expiryEntries += expiries.size();
        }
        assertThat(expiryEntries).isEqualTo(20);
        assertThat(results.stream().mapToLong(SweepResult::points).sum()).isGreaterThanOrEqualTo(140);
    }

    // ------------------------------------------------------------ reversals

    @Test
    void orderReturned_partialReturnsTakeBackProportionallyOncePerReturn() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));

        ReversalResult first = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "25", "EUR"));
        ReversalResult repeated = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "25", "EUR"));
        ReversalResult rest = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-2"));

        assertThat(first.status()).isEqualTo(ReversalResult.Status.REVERSED);
        assertThat(first.reversedPoints()).isEqualTo(25);
        assertThat(repeated.status()).isEqualTo(ReversalResult.Status.ALREADY_REVERSED);
        assertThat(rest.reversedPoints()).isEqualTo(75);
        assertThat(ledger.balance(tenant, CUSTOMER)).isZero();
        assertThatThrownBy(() -> ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-3", "1", "EUR")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("refundedValue");
        assertThatThrownBy(() -> ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "26", "EUR")))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void orderReturned_proportionalPartsNeverSumAboveTheCredit() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "10")); // 10 points
        long reversed = 0;
        for (int i = 0; i < 3; i++) {
            reversed += ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-" + i, "3.33", "EUR")).reversedPoints();
        }
        reversed += ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-last")).reversedPoints();
        assertThat(reversed).isEqualTo(10);
        assertThat(ledger.balance(tenant, CUSTOMER)).isZero();
    }

    @Test
    void orderReturned_unknownOrderReportsNotCredited() {
        assertThat(ledger().orderReturned(OrderReturn.full(tenant, "nope", "r-1")).status())
                .isEqualTo(ReversalResult.Status.ORDER_NOT_CREDITED);
    }

    @Test
    void orderReturned_refusesOtherCurrency() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        assertThatThrownBy(() -> ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "10", "USD")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("currency");
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(100);
    }

    @Test
    void orderReturned_takeFromOtherLotsPolicyUsesOtherLotsAndForgivesTheRest() {
        RewardPoints ledger = ledger(ReversalPolicy.TAKE_FROM_OTHER_LOTS);
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 80));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 50));

        ReversalResult result = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));

        assertThat(result.requestedPoints()).isEqualTo(100);
        assertThat(result.reversedPoints()).isEqualTo(70);
        assertThat(result.forgivenPoints()).isEqualTo(30);
        assertThat(ledger.balance(tenant, CUSTOMER)).isZero();
    }

    @Test
    void orderReturned_capAtZeroPolicyTakesOnlyTheOrdersLot() {
        RewardPoints ledger = ledger(ReversalPolicy.CAP_AT_ZERO);
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 80));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 50));

        ReversalResult result = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));

        assertThat(result.reversedPoints()).isEqualTo(20);
        assertThat(result.forgivenPoints()).isEqualTo(80);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
    }

    @Test
    void orderReturned_negativeBalancePolicyCreatesDebtThatLaterCreditsSettle() {
        RewardPoints ledger = ledger(ReversalPolicy.ALLOW_NEGATIVE_BALANCE);
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 90));

        ReversalResult result = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));
        assertThat(result.reversedPoints()).isEqualTo(100);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(-90);
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 1)))
                .isInstanceOf(InsufficientPointsException.class);

        AddedPoints credit = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 120));
        assertThat(credit.usedPoints()).isEqualTo(90);
        assertThat(credit.usedWith()).containsExactly(result.debit().orElseThrow().id());
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(30);
    }

    // ------------------------------------------------------------ the write-only credit (store level)

    private LotRecord draftLot(String id, String key, long points) {
        Instant now = clock.instant();
        return new LotRecord(id, tenant, CUSTOMER, key, null, null, null, "ref", null, points, points, now,
                now.plus(Duration.ofDays(30)), 0);
    }

    private void assertUnchanged(AccountRecord before) {
        assertThat(store.findAccount(tenant, CUSTOMER, clock.instant())).contains(before);
    }

    @Test
    void tryCredit_onAnAccountWithoutDebtWritesTheLotWithTheActivePointsAfterIt() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 30));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withValidUntil(clock.instant().plus(Duration.ofDays(1))));
        clock.advance(Duration.ofDays(2)); // the 10 points expired, not swept
        AccountRecord before = store.findAccount(tenant, CUSTOMER, clock.instant()).orElseThrow();

        Optional<LotRecord> written = store.tryCredit(draftLot("lot-x", "add:lot-x", 7).withBalanceAfter(-1), clock.instant(),
                event(CUSTOMER));

        LotRecord expected = draftLot("lot-x", "add:lot-x", 7).withBalanceAfter(37);
        assertThat(written).contains(expected);
        assertThat(store.findLotByKey(tenant, "add:lot-x")).contains(expected);
        assertThat(store.findAccount(tenant, CUSTOMER, clock.instant())).contains(
                new AccountRecord(tenant, CUSTOMER, 47, 0, before.createdAt(), before.version() + 1, 10));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(37);
    }

    @Test
    void tryCredit_declinesAndWritesNothingWithoutAnAccount() {
        assertThat(store.tryCredit(draftLot("lot-x", "add:lot-x", 7), clock.instant(), event(CUSTOMER))).isEmpty();

        assertThat(store.findAccount(tenant, CUSTOMER, clock.instant())).isEmpty();
        assertThat(store.findLotByKey(tenant, "add:lot-x")).isEmpty();
        assertThat(store.lots(tenant, CUSTOMER, null, 10)).isEmpty();
    }

    @Test
    void tryCredit_declinesAndWritesNothingOnAnAccountWithDebt() {
        RewardPoints ledger = ledger(ReversalPolicy.ALLOW_NEGATIVE_BALANCE);
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 90));
        ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));
        AccountRecord before = store.findAccount(tenant, CUSTOMER, clock.instant()).orElseThrow();
        assertThat(before.debt()).isEqualTo(90);

        assertThat(store.tryCredit(draftLot("lot-x", "add:lot-x", 7), clock.instant(), event(CUSTOMER))).isEmpty();

        assertUnchanged(before);
        assertThat(store.findLotByKey(tenant, "add:lot-x")).isEmpty();
    }

    @Test
    void tryCredit_declinesAndWritesNothingWhenTheKeyOrIdIsTaken() {
        RewardPoints ledger = ledger();
        AddedPoints first = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 30).withId("a-1"));
        LotRecord stored = store.findLotByKey(tenant, "add:a-1").orElseThrow();
        AccountRecord before = store.findAccount(tenant, CUSTOMER, clock.instant()).orElseThrow();

        assertThat(store.tryCredit(draftLot("other-id", "add:a-1", 7), clock.instant(), event(CUSTOMER))).as("key taken").isEmpty();
        assertThat(store.tryCredit(draftLot(first.id(), "add:other", 7), clock.instant(), event(CUSTOMER))).as("id taken").isEmpty();

        assertUnchanged(before);
        assertThat(store.findLotByKey(tenant, "add:a-1")).contains(stored);
        assertThat(store.findLotByKey(tenant, "add:other")).isEmpty();
        assertThat(store.lots(tenant, CUSTOMER, null, 10)).containsExactly(stored);
    }

    @Test
    void lotIds_thatDifferOnlyInCase_areDifferentLots() {
        ledger().addPoints(AddPoints.of(tenant, CUSTOMER, 30));
        LotRecord lower = store.tryCredit(draftLot("lot-x", "add:lot-x", 7), clock.instant(), event(CUSTOMER)).orElseThrow();
        LotRecord upper = store.tryCredit(draftLot("LOT-X", "add:LOT-X", 5), clock.instant(), event(CUSTOMER)).orElseThrow();

        List<LotRecord> lowerRead = store.inAccount(tenant, CUSTOMER, session -> session.lots(List.of("lot-x")));
        List<LotRecord> upperRead = store.inAccount(tenant, CUSTOMER, session -> session.lots(List.of("LOT-X")));

        assertThat(lowerRead).containsExactly(lower);
        assertThat(upperRead).containsExactly(upper);
    }

    // ------------------------------------------------------------ reading

    @Test
    void summary_showsAllPointsAfterEachEntry() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "209"));
        ledger.orderCompleted(order(CUSTOMER, "o-2", "209"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 300).withDescription("coupon"));

        PointsSummary summary = ledger.summary(tenant, CUSTOMER);

        assertThat(summary.customerId()).isEqualTo(CUSTOMER);
        assertThat(summary.activePoints()).isEqualTo(118);
        assertThat(summary.addedPointsList()).extracting(AddedPoints::allPointsAfterCreation).containsExactly(209L, 418L);
        assertThat(summary.addedPointsList()).extracting(AddedPoints::usedPoints).containsExactly(209L, 91L);
        assertThat(summary.redeemedPointsList()).extracting(RedeemedPoints::allPointsAfterCreation).containsExactly(118L);
    }

    @Test
    void history_pagesThroughLongHistoriesInOrder() {
        RewardPoints ledger = ledger();
        for (int i = 0; i < 25; i++) {
            ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 1).withReferenceId("ref-" + i));
            clock.advance(Duration.ofSeconds(i % 3)); // some entries share an instant
        }
        List<String> references = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<AddedPoints> page = ledger.addedPoints(tenant, CUSTOMER, cursor, 10);
            page.items().forEach(lot -> references.add(lot.referenceId()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(references).hasSize(25).doesNotHaveDuplicates().startsWith("ref-0", "ref-1").endsWith("ref-24");
    }

    @Test
    void summaries_pagesAndStreamsEveryCustomerOfTheTenantOnly() {
        RewardPoints ledger = ledger();
        for (int i = 0; i < 7; i++) {
            ledger.addPoints(AddPoints.of(tenant, "c-" + i, i + 1));
        }
        String otherTenant = newTenant();
        ledger.addPoints(AddPoints.of(otherTenant, "c-0", 100));

        Page<PointsSummary> first = ledger.summaries(tenant, null, 5);
        Page<PointsSummary> second = ledger.summaries(tenant, first.nextCursor().orElseThrow(), 5);

        assertThat(first.items()).hasSize(5);
        assertThat(second.items()).hasSize(2);
        assertThat(second.nextCursor()).isEmpty();
        assertThat(ledger.streamSummaries(tenant).mapToLong(PointsSummary::activePoints).sum()).isEqualTo(28);
    }

    @Test
    void tenants_neverSeeEachOthersData() {
        RewardPoints ledger = ledger();
        String otherTenant = newTenant();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "10"));
        ledger.orderCompleted(OrderCompletion.of(otherTenant, "main", CUSTOMER, "o-1", "30", "EUR"));
        ledger.redeemPoints(RedeemPoints.of(otherTenant, CUSTOMER, 5));

        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(10);
        assertThat(ledger.balance(otherTenant, CUSTOMER)).isEqualTo(25);
        assertThat(ledger.orderReturned(OrderReturn.full(otherTenant, "o-1", "r")).reversedPoints()).isEqualTo(30 - 5);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(10);
    }

    @Test
    void deleteAccount_erasesAccountAndHistory() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "10"));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 5));

        assertThat(ledger.deleteAccount(tenant, CUSTOMER)).isTrue();
        assertThat(ledger.deleteAccount(tenant, CUSTOMER)).isFalse();
        assertThatThrownBy(() -> ledger.summary(tenant, CUSTOMER)).isInstanceOf(AccountNotFoundException.class);
        assertThat(store.lots(tenant, CUSTOMER, null, 10)).isEmpty();
        assertThat(store.confirmedDebits(tenant, CUSTOMER, null, 10)).isEmpty();
        assertThat(store.customerIds(tenant, null, 10)).isEmpty();
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void concurrentRedemptions_neverOverdrawAndConservePoints() throws Exception {
        RewardPoints ledger = ledger();
        for (int i = 0; i < 10; i++) {
            ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withValidUntil(Instant.parse("2025-01-01T00:00:00Z")
                    .plusSeconds(i)));
        }
        List<Boolean> outcomes = runConcurrently(16, () -> {
            try {
                ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 7));
                return true;
            } catch (InsufficientPointsException e) {
                return false;
            }
        });

        long succeeded = outcomes.stream().filter(ok -> ok).count();
        assertThat(succeeded).isEqualTo(14); // 100 / 7
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(100 - 7 * succeeded);
    }

    @Test
    void concurrentDeliveriesOfOneOrder_creditOnce() throws Exception {
        RewardPoints ledger = ledger();
        List<CreditResult> results = runConcurrently(16, () -> ledger.orderCompleted(order(CUSTOMER, "o-1", "42")));

        assertThat(results).filteredOn(r -> r.status() == CreditResult.Status.CREDITED).hasSize(1);
        assertThat(results).extracting(CreditResult::points).containsOnly(42L);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(42);
    }

    @Test
    void concurrentFirstCreditsOfANewCustomer_allLand() throws Exception {
        RewardPoints ledger = ledger();
        runConcurrently(16, () -> ledger.orderCompleted(order(CUSTOMER, "o-" + UUID.randomUUID(), "3")));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(48);
    }

    @Test
    void concurrentReversalsOfOneReturn_applyOnce() throws Exception {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        List<ReversalResult> results = runConcurrently(16,
                () -> ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "40", "EUR")));

        assertThat(results).filteredOn(r -> r.status() == ReversalResult.Status.REVERSED).hasSize(1);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(60);
    }

    // ------------------------------------------------------------ redeem for a coupon

    private RedemptionOption tenEuroFor90(RewardPoints ledger) {
        return ledger.createOption(tenant, RedemptionOptionDraft.of("10 EUR voucher", 90,
                CouponTemplate.absolute("Voucher 10 EUR", "10", "EUR")).withDescription("90 points for 10 EUR"));
    }

    /** Two lots: 60 points expiring first, 100 later. */
    private List<AddedPoints> twoLots(RewardPoints ledger) {
        return List.of(
                ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 60).withValidUntil(Instant.parse("2024-06-01T00:00:00Z"))),
                ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100).withValidUntil(Instant.parse("2024-09-01T00:00:00Z"))));
    }

    private void assertLotsAsCreated(RewardPoints ledger, List<AddedPoints> lots) {
        PointsSummary summary = ledger.summary(tenant, CUSTOMER);
        for (AddedPoints lot : lots) {
            AddedPoints now = summary.addedPointsList().stream().filter(l -> l.id().equals(lot.id())).findFirst().orElseThrow();
            assertThat(now.validUntil()).isEqualTo(lot.validUntil());
            assertThat(now.usedPoints()).as("used points of %s", lot.id()).isZero();
        }
        assertThat(summary.addedPointsList()).hasSize(lots.size()); // no compensating lot was minted
        assertThat(summary.activePoints()).isEqualTo(lots.stream().mapToLong(AddedPoints::points).sum());
    }

    @Test
    void redeemForCoupon_deductsOptionPointsSoonestExpiringFirstAndReturnsPrefixedCode() {
        RewardPoints ledger = ledger();
        List<AddedPoints> lots = twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);

        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));

        assertThat(coupon.code()).matches("RP-[" + CouponCodes.ALPHABET + "]{" + CouponCodes.LENGTH + "}");
        assertThat(coupons.find(tenant, coupon.debit().id())).hasValueSatisfying(issued -> {
            assertThat(issued.code()).isEqualTo(coupon.code());
            assertThat(issued.customerId()).isEqualTo(CUSTOMER);
            assertThat(issued.template()).isEqualTo(option.coupon());
        });
        PointsSummary summary = ledger.summary(tenant, CUSTOMER);
        assertThat(summary.activePoints()).isEqualTo(70);
        assertThat(used(summary, lots.get(0).id())).isEqualTo(60);
        assertThat(used(summary, lots.get(1).id())).isEqualTo(30);
        assertThat(summary.redeemedPointsList()).singleElement().satisfies(debit -> {
            assertThat(debit.kind()).isEqualTo(DebitKind.COUPON_REDEMPTION);
            assertThat(debit.couponCode()).isEqualTo(coupon.code());
            assertThat(debit.points()).isEqualTo(90);
            assertThat(debit.allPointsAfterCreation()).isEqualTo(70);
        });
    }

    @Test
    void redeemForCoupon_withoutEnoughPointsIssuesNothing() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 89));
        RedemptionOption option = tenEuroFor90(ledger);

        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id())))
                .isInstanceOf(InsufficientPointsException.class);
        assertThat(issuer.calls()).isZero();
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(89);
    }

    @Test
    void redeemForCoupon_issuerFailureGivesTheVeryLotsBackWithTheirValidUntil() {
        RewardPoints ledger = ledger();
        List<AddedPoints> lots = twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);
        issuer.nextCalls(Fault.THROW_BEFORE_ISSUE);

        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id())))
                .isInstanceOfSatisfying(CouponIssuingException.class,
                        e -> assertThat(e.isPointsStillReserved()).isFalse())
                .hasMessageContaining("given back");

        assertLotsAsCreated(ledger, lots);
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList()).isEmpty();
        assertThat(coupons.issued()).isEmpty();
    }

    @Test
    void redeemForCoupon_timeoutAfterTheIssuerIssuedKeepsThatCoupon() {
        RewardPoints ledger = ledger();
        twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);
        issuer.nextCalls(Fault.TIMEOUT_AFTER_ISSUE);

        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));

        assertThat(coupons.issued()).singleElement().satisfies(c -> assertThat(c.code()).isEqualTo(coupon.code()));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList())
                .extracting(RedeemedPoints::couponCode).containsExactly(coupon.code());
    }

    @Test
    void redeemForCoupon_failedConfirmKeepsPointsReservedUntilRecoveryConfirms() {
        RewardPoints ledger = ledger();
        twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);
        faultyStore.failConfirmations(true);

        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70); // reserved points are not spendable
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList()).isEmpty();
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 71)))
                .isInstanceOf(InsufficientPointsException.class);

        faultyStore.failConfirmations(false);
        clock.advance(Duration.ofMinutes(10));
        RecoveryResult recovery = ledger.recoverReservations(Duration.ofMinutes(5));

        assertThat(recovery.confirmed()).isEqualTo(1);
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList())
                .extracting(RedeemedPoints::couponCode).containsExactly(coupon.code());
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
    }

    @Test
    void recoverReservations_releasesACrashBeforeIssueAndConfirmsACrashAfterIssue() {
        RewardPoints ledger = ledger();
        List<AddedPoints> lots = twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);
        ledger.addPoints(AddPoints.of(tenant, "customer-2", 100));

        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id())))
                .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
        issuer.nextCalls(Fault.CRASH_AFTER_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, "customer-2", option.id())))
                .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
        issuer.nextCalls(Fault.NONE);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
        assertThat(ledger.balance(tenant, "customer-2")).isEqualTo(10);

        assertThat(ledger.recoverReservations(Duration.ofMinutes(5))).isEqualTo(new RecoveryResult(0, 0, 0)); // too young
        clock.advance(Duration.ofMinutes(6));
        RecoveryResult recovery = ledger.recoverReservations(Duration.ofMinutes(5));

        assertThat(recovery.released()).isEqualTo(1);
        assertThat(recovery.confirmed()).isEqualTo(1);
        assertLotsAsCreated(ledger, lots);
        assertThat(ledger.balance(tenant, "customer-2")).isEqualTo(10);
        assertThat(coupons.issued()).singleElement().satisfies(c -> assertThat(c.customerId()).isEqualTo("customer-2"));
        assertThat(ledger.summary(tenant, "customer-2").redeemedPointsList())
                .extracting(RedeemedPoints::couponCode).containsExactly(coupons.issued().iterator().next().code());
        assertThat(ledger.recoverReservations(Duration.ofMinutes(5))).isEqualTo(new RecoveryResult(0, 0, 0));
    }

    @Test
    void confirmReservation_confirmsAPendingReservationOnceAndNeverAReleasedOne() {
        RewardPoints ledger = ledger();
        twoLots(ledger);
        ledger.addPoints(AddPoints.of(tenant, "customer-2", 100));
        RedemptionOption option = tenEuroFor90(ledger);
        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        for (String customer : List.of(CUSTOMER, "customer-2")) {
            assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, customer, option.id())))
                    .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
        }
        List<DebitRecord> pending = store.pendingReservations(clock.instant(), null, 10).stream()
                .filter(debit -> debit.tenant().equals(tenant)).toList();
        DebitRecord toConfirm = pending.stream().filter(debit -> debit.customerId().equals(CUSTOMER)).findFirst().orElseThrow();
        DebitRecord toRelease = pending.stream().filter(debit -> debit.customerId().equals("customer-2")).findFirst().orElseThrow();
        issuer.nextCalls(Fault.NONE);
        clock.advance(Duration.ofMinutes(6));
        Instant confirmedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        assertThat(store.confirmReservation(tenant, CUSTOMER, toConfirm.id(), "RP-FIRST", confirmedAt, event(CUSTOMER)))
                .as("pending").isTrue();
        clock.advance(Duration.ofSeconds(1));
        Instant releasedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        assertThat(ledger.recoverReservations(Duration.ofMinutes(5)).released()).as("customer-2's, never issued").isEqualTo(1);

        Instant later = releasedAt.plusSeconds(1);
        assertThat(store.confirmReservation(tenant, CUSTOMER, toConfirm.id(), "RP-SECOND", later, event(CUSTOMER)))
                .as("confirmed before").isFalse();
        assertThat(store.confirmReservation(tenant, "customer-2", toRelease.id(), "RP-LATE", later, event("customer-2")))
                .as("released").isFalse();
        assertThat(store.confirmReservation(tenant, CUSTOMER, "no-such-debit", "RP-NONE", later, event(CUSTOMER)))
                .as("unknown").isFalse();

        assertThat(toConfirm.resolvedAt()).as("pending").isNull();
        assertThat(store.findDebitByKey(tenant, toConfirm.idempotencyKey())).hasValueSatisfying(debit -> {
            assertThat(debit.status()).isEqualTo(DebitStatus.CONFIRMED);
            assertThat(debit.couponCode()).isEqualTo("RP-FIRST");
            assertThat(debit.resolvedAt()).isEqualTo(confirmedAt);
        });
        assertThat(store.findDebitByKey(tenant, toRelease.idempotencyKey())).hasValueSatisfying(debit -> {
            assertThat(debit.status()).isEqualTo(DebitStatus.RELEASED);
            assertThat(debit.couponCode()).isNull();
            assertThat(debit.resolvedAt()).isEqualTo(releasedAt);
        });
        assertThat(store.pendingReservations(clock.instant(), null, 10)).noneMatch(debit -> debit.tenant().equals(tenant));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
        assertThat(ledger.balance(tenant, "customer-2")).isEqualTo(100);
    }

    @Test
    void redeemForCoupon_withRequestIdIsIdempotent() {
        RewardPoints ledger = ledger();
        twoLots(ledger);
        RedemptionOption option = tenEuroFor90(ledger);
        CouponRedemption redemption = CouponRedemption.of(tenant, CUSTOMER, option.id()).withRequestId("click-1");

        RedeemedCoupon first = ledger.redeemForCoupon(redemption);
        RedeemedCoupon again = ledger.redeemForCoupon(redemption);

        assertThat(again.code()).isEqualTo(first.code());
        assertThat(coupons.issued()).hasSize(1);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
    }

    @Test
    void concurrentCouponRedemptions_neverOverdrawAndIssueOneCouponPerConfirmedRedemption() throws Exception {
        RewardPoints ledger = ledger();
        for (int i = 0; i < 5; i++) {
            ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        }
        RedemptionOption option = tenEuroFor90(ledger);

        List<Boolean> outcomes = runConcurrently(16, () -> {
            try {
                ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));
                return true;
            } catch (InsufficientPointsException e) {
                return false;
            }
        });

        assertThat(outcomes.stream().filter(ok -> ok).count()).isEqualTo(5); // 500 / 90
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThat(coupons.issued()).hasSize(5);
        assertThat(ledger.summary(tenant, CUSTOMER).redeemedPointsList()).hasSize(5);
    }

    // ------------------------------------------------------------ helpers

    private static long used(PointsSummary summary, String lotId) {
        return summary.addedPointsList().stream().filter(lot -> lot.id().equals(lotId)).findFirst().orElseThrow()
                .usedPoints();
    }

    /** Runs the task on {@code threads} threads released at once; returns every result, rethrowing failures. */
    // ------------------------------------------------------------ quotes

    @Test
    void quoteOrder_tellsWhatACreditWouldDo_andWritesNothing() {
        RewardPoints ledger = ledger();
        OrderQuote quote = ledger.quoteOrder(order(CUSTOMER, "o-1", "99.99"));

        assertThat(quote).isEqualTo(new OrderQuote(CreditResult.Status.CREDITED, 99,
                Optional.of(Instant.parse("2025-01-15T10:00:00Z")), Optional.of(clock.instant())));
        assertThat(store.findAccount(tenant, CUSTOMER, clock.instant())).as("nothing written").isEmpty();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "99.99"));
        assertThat(ledger.quoteOrder(order(CUSTOMER, "o-1", "99.99")).status())
                .isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(ledger.quoteOrder(order(CUSTOMER, "o-2", "0.5")).status()).isEqualTo(CreditResult.Status.ZERO_POINTS);
        assertThatThrownBy(() -> ledger.quoteOrder(order("customer-2", "o-1", "99.99")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThatThrownBy(() -> ledger.quoteOrder(OrderCompletion.of(tenant, "main", CUSTOMER, "o-3", "5", "USD")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void quoteRedemption_namesTheLotsSoonestExpiringFirst_andWritesNothing() {
        RewardPoints ledger = ledger();
        List<AddedPoints> lots = twoLots(ledger);
        long balance = ledger.balance(tenant, CUSTOMER);

        RedemptionQuote quote = ledger.quoteRedemption(tenant, CUSTOMER, 70);

        assertThat(quote.balanceAfter()).isEqualTo(balance - 70);
        assertThat(quote.lots()).extracting(RedemptionQuote.LotShare::lotId, RedemptionQuote.LotShare::points)
                .containsExactly(tuple(lots.get(0).id(), 60L),
                        tuple(lots.get(1).id(), 10L));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(balance);
        assertThatThrownBy(() -> ledger.quoteRedemption(tenant, CUSTOMER, balance + 1))
                .isInstanceOf(InsufficientPointsException.class);
    }

    @Test
    void expiringPoints_groupsWhatExpiresSoonByDayInTheZoneAsked_reservationsExcluded() {
        RewardPoints ledger = ledger();
        twoLots(ledger); // 60 until 2024-06-01T00:00Z, 100 until 2024-09-01T00:00Z
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 10));
        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, tenEuroFor90(ledger).id())))
                .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class); // 50 + 40 reserved
        issuer.nextCalls(Fault.NONE);

        assertThat(ledger.expiringPoints(tenant, CUSTOMER, Instant.parse("2024-07-01T00:00:00Z"), ZoneOffset.UTC))
                .isEmpty();
        assertThat(ledger.expiringPoints(tenant, CUSTOMER, Instant.parse("2025-01-01T00:00:00Z"),
                ZoneId.of("America/New_York")))
                .containsExactly(new ExpiringPoints(LocalDate.parse("2024-08-31"), 60));
        assertThatThrownBy(() -> ledger.expiringPoints(tenant, "nobody", Instant.MAX, ZoneOffset.UTC))
                .isInstanceOf(AccountNotFoundException.class);
        clock.advance(Duration.ofMinutes(10));
        ledger.recoverReservations(Duration.ofMinutes(5)); // leaves no pending reservation for other tests to find
    }

    protected static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
