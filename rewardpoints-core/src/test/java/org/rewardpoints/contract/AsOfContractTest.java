package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.InstantBeforeAccountException;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.LotAsOf;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.Page;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.ReversalPolicy;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;
import org.rewardpoints.testing.ScriptedCouponIssuer;
import org.rewardpoints.testing.ScriptedCouponIssuer.Fault;

/**
 * Balances and lots as of earlier instants ({@link RewardPoints#balanceAsOf},
 * {@link RewardPoints#lotsAsOf}), on every store: each answer is what {@code balance} said at that
 * instant, across expiry with and without the sweep, reservations held and released, reversals
 * with debt and its settlement, and erasure. An adapter's test extends this class and supplies a
 * store; each test works in its own tenant, checked for the ledger's invariants afterwards.
 */
public abstract class AsOfContractTest {
    private static final String CUSTOMER = "customer-1";
    private static final Duration MICRO = Duration.ofNanos(1000);

    private LedgerStore store;
    private MutableClock clock;
    private InMemorySettingsStore settings;
    private ScriptedCouponIssuer issuer;
    private InMemoryRedemptionOptionStore options;
    private String tenant;
    private boolean debtAllowed;
    /** What {@code balance} answered, by instant, as the test went. */
    private final Map<Instant, Long> said = new LinkedHashMap<>();

    /** A store to test; called before each test. */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
        clock = MutableClock.at("2024-01-15T10:00:00Z");
        settings = new InMemorySettingsStore();
        issuer = new ScriptedCouponIssuer(new InMemoryCouponIssuer());
        options = new InMemoryRedemptionOptionStore();
        tenant = "t-" + UUID.randomUUID();
        settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
    }

    @AfterEach
    void checkInvariants() {
        LedgerInvariants.check(store, tenant, clock.instant(), debtAllowed);
        assertThat(ledger(ReversalPolicy.TAKE_FROM_OTHER_LOTS).verifyAll(tenant, null, 100).items())
                .allSatisfy(report -> assertThat(report.mismatches()).as("verification").isEmpty());
    }

    private RewardPoints ledger(ReversalPolicy policy) {
        debtAllowed |= policy == ReversalPolicy.ALLOW_NEGATIVE_BALANCE;
        return RewardPoints.builder().store(store).settings(settings).clock(clock).reversalPolicy(policy)
                .couponIssuer(issuer).redemptionOptions(options).build();
    }

    private RewardPoints ledger() {
        return ledger(RewardPoints.DEFAULT_REVERSAL_POLICY);
    }

    private OrderCompletion order(String orderId, String value) {
        return OrderCompletion.of(tenant, "main", CUSTOMER, orderId, value, "EUR");
    }

    /** Notes what {@code balance} says now, then moves the clock on. */
    private void noteAndAdvance(RewardPoints ledger, Duration step) {
        said.put(clock.instant(), ledger.balance(tenant, CUSTOMER));
        clock.advance(step);
    }

    private void assertAsOfMatchesWhatWasSaid(RewardPoints ledger) {
        said.forEach((instant, balance) -> assertThat(ledger.balanceAsOf(tenant, CUSTOMER, instant))
                .as("as of %s", instant).isEqualTo(balance));
    }

    private List<LotAsOf> lotsAsOf(RewardPoints ledger, Instant instant) {
        List<LotAsOf> lots = new ArrayList<>();
        String cursor = null;
        do {
            Page<LotAsOf> page = ledger.lotsAsOf(tenant, CUSTOMER, instant, cursor, 2);
            lots.addAll(page.items());
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return lots;
    }

    @Test
    void balanceAsOf_isWhatBalanceSaidAtEachEarlierInstant() {
        RewardPoints ledger = ledger();
        Instant start = clock.instant();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100).withReferenceId("start"));
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 30).withDescription("gift"));
        noteAndAdvance(ledger, Duration.ofMinutes(30));
        noteAndAdvance(ledger, Duration.ofMinutes(30)); // nothing happened in between
        ledger.orderCompleted(order("o-1", "50"));
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));
        noteAndAdvance(ledger, Duration.ofHours(1));

        assertThat(said.values()).containsExactly(100L, 70L, 70L, 120L, 70L);
        assertAsOfMatchesWhatWasSaid(ledger);
        Instant redeemed = start.plus(Duration.ofHours(1));
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, redeemed.minus(MICRO))).as("just before").isEqualTo(100);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, redeemed.plusNanos(999))).as("within the microsecond")
                .isEqualTo(70);
        assertThat(lotsAsOf(ledger, redeemed.plus(Duration.ofMinutes(45))))
                .extracting(LotAsOf::referenceId, LotAsOf::points, LotAsOf::remainingPoints, LotAsOf::expired)
                .containsExactly(tuple("start", 100L, 70L, false));
        assertThat(lotsAsOf(ledger, clock.instant()))
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints)
                .containsExactly(tuple("start", 70L), tuple("o-1", 0L));
        assertThat(lotsAsOf(ledger, start.plus(Duration.ofHours(2).plusMinutes(30))))
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints)
                .containsExactly(tuple("start", 70L), tuple("o-1", 50L));
    }

    @Test
    void balanceAsOf_countsExpiryAtValidUntilWhetherOrNotTheSweepHadRun() {
        RewardPoints ledger = ledger();
        Instant start = clock.instant();
        Instant validUntil = start.plus(Duration.ofDays(10));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100).withReferenceId("short").withValidUntil(validUntil));
        clock.advance(Duration.ofDays(1));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 40).withReferenceId("long"));
        clock.advance(Duration.ofDays(1));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 30).withDescription("soonest-expiring first"));
        clock.advance(Duration.ofDays(18));

        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(40);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, validUntil.minus(MICRO))).isEqualTo(110);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, validUntil)).as("unswept").isEqualTo(40);
        List<LotAsOf> unswept = lotsAsOf(ledger, validUntil.plus(Duration.ofDays(5)));

        assertThat(ledger.sweepExpired().points()).isEqualTo(70);
        clock.advance(Duration.ofDays(1));
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, validUntil.minus(MICRO))).isEqualTo(110);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, validUntil)).as("swept later").isEqualTo(40);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, clock.instant())).as("swept").isEqualTo(40);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, start.plus(Duration.ofHours(12)))).isEqualTo(100);
        assertThat(unswept).isEqualTo(lotsAsOf(ledger, validUntil.plus(Duration.ofDays(5))))
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints, LotAsOf::expired)
                .containsExactly(tuple("short", 70L, true), tuple("long", 40L, false));
        assertThat(lotsAsOf(ledger, clock.instant())).as("after the sweep: the points that expired unused")
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints, LotAsOf::expired)
                .containsExactly(tuple("short", 70L, true), tuple("long", 40L, false));
    }

    @Test
    void balanceAsOf_holdsAReservationsPointsFromItsCreationUntilItsRelease() {
        RewardPoints ledger = ledger();
        RedemptionOption option = ledger.createOption(tenant, RedemptionOptionDraft.of("voucher", 60,
                CouponTemplate.absolute("Voucher", "5", "EUR")));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        noteAndAdvance(ledger, Duration.ofMinutes(1));
        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id())))
                .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
        issuer.nextCalls(Fault.NONE);
        Instant reserved = clock.instant();
        noteAndAdvance(ledger, Duration.ofMinutes(9));
        assertThat(ledger.recoverReservations(Duration.ofMinutes(5)).released()).isEqualTo(1);
        Instant released = clock.instant();
        noteAndAdvance(ledger, Duration.ofMinutes(10));
        ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));
        noteAndAdvance(ledger, Duration.ofMinutes(10));

        assertThat(said.values()).containsExactly(100L, 40L, 100L, 40L);
        assertAsOfMatchesWhatWasSaid(ledger);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, released.minus(MICRO))).as("still held").isEqualTo(40);
        assertThat(lotsAsOf(ledger, reserved.plus(Duration.ofMinutes(5)))).extracting(LotAsOf::remainingPoints)
                .containsExactly(40L);
        assertThat(lotsAsOf(ledger, released)).extracting(LotAsOf::remainingPoints).containsExactly(100L);
        assertThat(lotsAsOf(ledger, clock.instant())).extracting(LotAsOf::remainingPoints).containsExactly(40L);
    }

    @Test
    void balanceAsOf_showsDebtOfAReturnAndItsSettlementByLaterCredits() {
        RewardPoints ledger = ledger(ReversalPolicy.ALLOW_NEGATIVE_BALANCE);
        ledger.orderCompleted(order("o-1", "100"));
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 80));
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-1"));
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 50).withReferenceId("first"));
        Instant firstSettlement = clock.instant();
        noteAndAdvance(ledger, Duration.ofHours(1));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100).withReferenceId("second"));
        noteAndAdvance(ledger, Duration.ofHours(1));

        assertThat(said.values()).containsExactly(100L, 20L, -80L, -30L, 70L);
        assertAsOfMatchesWhatWasSaid(ledger);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, firstSettlement.minus(MICRO))).isEqualTo(-80);
        assertThat(lotsAsOf(ledger, firstSettlement)).as("settled lots hold nothing")
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints)
                .containsExactly(tuple("o-1", 0L), tuple("first", 0L));
        assertThat(lotsAsOf(ledger, clock.instant()))
                .extracting(LotAsOf::referenceId, LotAsOf::remainingPoints)
                .containsExactly(tuple("o-1", 0L), tuple("first", 0L), tuple("second", 70L));
    }

    @Test
    void balanceAsOf_refusesInstantsBeforeTheAccountExistedOrAfterNow() {
        RewardPoints ledger = ledger();
        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, clock.instant()))
                .isInstanceOf(AccountNotFoundException.class);
        Instant created = clock.instant();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        clock.advance(Duration.ofDays(1));

        Instant before = created.minus(MICRO);
        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, before))
                .isInstanceOfSatisfying(InstantBeforeAccountException.class, e -> {
                    assertThat(e.getField()).isEqualTo("instant");
                    assertThat(e.getValue()).isEqualTo(before);
                    assertThat(e.getAccountCreatedAt()).isEqualTo(created);
                    assertThat(e.getCustomerId()).isEqualTo(CUSTOMER);
                })
                .hasMessage("Invalid instant '" + before + "': is before the account of customer '" + CUSTOMER
                        + "' in tenant '" + tenant + "' existed (created " + created + ")");
        assertThatThrownBy(() -> ledger.lotsAsOf(tenant, CUSTOMER, before, null, 10))
                .isInstanceOf(InstantBeforeAccountException.class);
        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, Instant.MIN))
                .isInstanceOf(InstantBeforeAccountException.class);
        Instant future = clock.instant().plus(MICRO);
        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, future))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.getField()).isEqualTo("instant");
                    assertThat(e.getValue()).isEqualTo(future);
                })
                .isNotInstanceOf(InstantBeforeAccountException.class);
        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("instant"));
        assertThatThrownBy(() -> ledger.lotsAsOf(tenant, CUSTOMER, created, null, 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("limit"));
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, created)).as("from its first instant").isEqualTo(100);
    }

    @Test
    void balanceAsOf_afterErasureKnowsOnlyTheAccountCreatedSince() {
        RewardPoints ledger = ledger();
        Instant first = clock.instant();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        clock.advance(Duration.ofDays(1));
        assertThat(ledger.deleteAccount(tenant, CUSTOMER)).isTrue();

        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, first))
                .isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> ledger.lotsAsOf(tenant, CUSTOMER, first, null, 10))
                .isInstanceOf(AccountNotFoundException.class);
        clock.advance(Duration.ofDays(1));
        Instant second = clock.instant();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 7));
        clock.advance(Duration.ofDays(1));

        assertThatThrownBy(() -> ledger.balanceAsOf(tenant, CUSTOMER, first))
                .isInstanceOfSatisfying(InstantBeforeAccountException.class,
                        e -> assertThat(e.getAccountCreatedAt()).isEqualTo(second));
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, second)).isEqualTo(7);
        assertThat(lotsAsOf(ledger, second)).extracting(LotAsOf::points).containsExactly(7L);
    }

    @Test
    void lotsAsOf_pagesTheLotsRecordedByThenOldestFirst() {
        RewardPoints ledger = ledger();
        for (int i = 1; i <= 3; i++) {
            ledger.addPoints(AddPoints.of(tenant, CUSTOMER, i).withReferenceId("lot-" + i));
            clock.advance(Duration.ofMinutes(1));
        }
        Instant afterThird = clock.instant().minusSeconds(30);
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 4).withReferenceId("lot-4"));

        Page<LotAsOf> first = ledger.lotsAsOf(tenant, CUSTOMER, afterThird, null, 2);
        assertThat(first.items()).extracting(LotAsOf::referenceId).containsExactly("lot-1", "lot-2");
        Page<LotAsOf> second = ledger.lotsAsOf(tenant, CUSTOMER, afterThird, first.nextCursor().orElseThrow(), 2);
        assertThat(second.items()).extracting(LotAsOf::referenceId, LotAsOf::remainingPoints)
                .containsExactly(tuple("lot-3", 3L));
        assertThat(second.nextCursor()).isEmpty();
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, afterThird)).isEqualTo(6);
    }
}
