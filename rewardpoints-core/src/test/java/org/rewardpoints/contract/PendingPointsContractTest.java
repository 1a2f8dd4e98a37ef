package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.ActivationResult;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CreditResult;
import org.rewardpoints.ExpiryStart;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.LotAsOf;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.Page;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.SweepResult;
import org.rewardpoints.VerificationReport;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.testing.FaultyLedgerStore;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;

/**
 * Pending points on every {@link LedgerStore}: an order of a site with a pending period is
 * credited pending until the period ends (by the clock, no job) or the order is activated; pending
 * points are not spendable and not active, a return takes them first, and as-of reads tell what
 * was pending when. Every unit runs twice through {@link FaultyLedgerStore} (the first run rolled
 * back). Each test works in its own tenant; the invariants and the verification hold afterwards.
 */
public abstract class PendingPointsContractTest {
    private static final String CUSTOMER = "customer-1";
    private static final Duration PERIOD = Duration.ofDays(14);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.at("2024-03-01T10:00:00Z");
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private LedgerStore store;
    private String tenant;

    /** A store to test; called before each test. */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void setUpPendingPoints() {
        store = newStore();
        tenant = "t-" + UUID.randomUUID();
        settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR").withPendingPeriodDays(14));
        settings.put(tenant, "instant", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
    }

    @AfterEach
    void checkInvariants() {
        LedgerInvariants.check(store, tenant, clock.instant(), false);
        assertThat(ledger().verifyAll(tenant, null, 100).items()).extracting(VerificationReport::mismatches)
                .allSatisfy(mismatches -> assertThat(mismatches).isEmpty());
    }

    private RewardPoints ledger() {
        return ledger(RewardPoints.DEFAULT_EXPIRY_START);
    }

    private RewardPoints ledger(ExpiryStart expiryStart) {
        return RewardPoints.builder().store(new FaultyLedgerStore(store)).settings(settings).clock(clock)
                .expiryStart(expiryStart).sweepBatchSize(2).build();
    }

    private OrderCompletion order(String orderId, String value) {
        return OrderCompletion.of(tenant, "main", CUSTOMER, orderId, value, "EUR");
    }

    private List<LedgerEvent> events(RewardPoints ledger, LedgerEvent.Type type) {
        List<LedgerEvent> events = new ArrayList<>();
        String cursor = null;
        do {
            Page<LedgerEvent> page = ledger.events().read(cursor, 1000);
            page.items().stream().filter(event -> event.tenant().equals(tenant) && event.type() == type)
                    .forEach(events::add);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return events;
    }

    @Test
    void anOrdersPointsArePendingUntilThePeriodEnds_thenUsableWithoutAJob() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withSiteCode("main"));
        Instant credited = clock.instant();
        CreditResult credit = ledger.orderCompleted(order("o-1", "100"));

        AddedPoints lot = credit.lot().orElseThrow();
        assertThat(lot.activatesAt()).isEqualTo(credited.plus(PERIOD));
        assertThat(lot.allPointsAfterCreation()).as("balance after: pending points are not active").isEqualTo(10);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(10);
        PointsSummary summary = ledger.summary(tenant, CUSTOMER);
        assertThat(summary.activePoints()).isEqualTo(10);
        assertThat(summary.pendingPoints()).isEqualTo(100);
        assertThat(summary.addedPointsList()).extracting(AddedPoints::points, AddedPoints::activatesAt)
                .containsExactly(tuple(10L, credited), tuple(100L, credited.plus(PERIOD)));
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 11)))
                .isInstanceOf(InsufficientPointsException.class);
        assertThat(ledger.quoteOrder(order("o-2", "5")).activatesAt()).contains(credited.plus(PERIOD));

        clock.advance(PERIOD.minusNanos(1000));
        assertThat(ledger.balance(tenant, CUSTOMER)).as("a microsecond before the end").isEqualTo(10);
        clock.advance(Duration.ofNanos(1000));
        assertThat(ledger.balance(tenant, CUSTOMER)).as("at the end, no job run").isEqualTo(110);
        assertThat(ledger.summary(tenant, CUSTOMER).pendingPoints()).isZero();
        assertThat(ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 105)).allPointsAfterCreation()).isEqualTo(5);
    }

    @Test
    void pointsAddedByHandAndOrdersOfSitesWithoutAPeriodAreUsableAtOnce() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order("pending", "100"));
        AddedPoints added = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 20).withSiteCode("main"));
        CreditResult instant = ledger.orderCompleted(OrderCompletion.of(tenant, "instant", CUSTOMER, "o-2", "30", "EUR"));

        assertThat(added.activatesAt()).isEqualTo(added.createdAt());
        assertThat(added.allPointsAfterCreation()).isEqualTo(20);
        assertThat(instant.lot().orElseThrow().activatesAt()).isEqualTo(clock.instant());
        assertThat(instant.lot().orElseThrow().allPointsAfterCreation()).isEqualTo(50);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThat(ledger.summary(tenant, CUSTOMER).pendingPoints()).isEqualTo(100);
    }

    @Test
    void activate_makesAnOrdersPendingPointsUsableNow_once() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order("o-1", "100"));
        Instant credited = clock.instant();
        clock.advance(Duration.ofDays(3));

        ActivationResult activated = ledger.activate(tenant, "o-1");
        assertThat(activated).isEqualTo(new ActivationResult(ActivationResult.Status.ACTIVATED, 100,
                Optional.of(clock.instant())));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(100);
        assertThat(ledger.summary(tenant, CUSTOMER).addedPointsList()).extracting(AddedPoints::activatesAt,
                AddedPoints::validUntil).containsExactly(tuple(clock.instant(), credited.atZone(ZoneId.of("UTC"))
                        .plusMonths(12).toInstant()));
        clock.advance(Duration.ofHours(1));
        assertThat(ledger.activate(tenant, "o-1")).isEqualTo(new ActivationResult(
                ActivationResult.Status.ALREADY_ACTIVE, 100, activated.activatesAt()));
        assertThat(ledger.activate(tenant, "unknown").status()).isEqualTo(ActivationResult.Status.ORDER_NOT_CREDITED);

        List<LedgerEvent> events = events(ledger, LedgerEvent.Type.ACTIVATED);
        assertThat(events).extracting(LedgerEvent::points, LedgerEvent::balanceAfter).containsExactly(tuple(100L, 100L));
        clock.advance(PERIOD);
        assertThat(ledger.recordActivations()).as("recorded by the activation already")
                .isEqualTo(new SweepResult(0, 0, 0));
    }

    @Test
    void recordActivations_writesOneActivatedEventPerLotOnceThePeriodEnded() throws Exception {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order("o-1", "100"));
        ledger.orderCompleted(order("o-2", "40"));
        ledger.orderCompleted(OrderCompletion.of(tenant, "main", "customer-2", "o-3", "7", "EUR"));
        ledger.orderCompleted(OrderCompletion.of(tenant, "main", "customer-3", "o-4", "9", "EUR"));
        clock.advance(PERIOD.minusSeconds(1));
        assertThat(ledger.recordActivations().lots()).as("before the end").isZero();

        clock.advance(Duration.ofSeconds(1));
        SweepResult recorded = ledger.recordActivations();
        assertThat(recorded.lots()).isGreaterThanOrEqualTo(4);
        assertThat(ledger.recordActivations().lots()).as("this tenant's once").isZero();

        List<LedgerEvent> events = events(ledger, LedgerEvent.Type.ACTIVATED);
        assertThat(events).extracting(LedgerEvent::customerId, LedgerEvent::points).containsExactlyInAnyOrder(
                tuple(CUSTOMER, 100L), tuple(CUSTOMER, 40L), tuple("customer-2", 7L), tuple("customer-3", 9L));
        LedgerEvent first = events.stream().filter(event -> event.points() == 100).findFirst().orElseThrow();
        assertThat(first.balanceAfter()).isEqualTo(140);
        assertThat(JSON.readTree(first.payload()).get("orderId").asText()).isEqualTo("o-1");
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(140);
    }

    @Test
    void aReturnTakesTheOrdersPendingPointsFirst_andLeavesTheActiveOnes() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 50).withSiteCode("main"));
        ledger.orderCompleted(order("o-1", "100"));

        assertThat(ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "30", "EUR")).reversedPoints())
                .isEqualTo(30);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThat(ledger.summary(tenant, CUSTOMER).pendingPoints()).isEqualTo(70);
        ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-2"));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
        assertThat(ledger.summary(tenant, CUSTOMER).pendingPoints()).isZero();
        clock.advance(PERIOD);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
    }

    @Test
    void expiryCountsFromTheCredit_orFromTheScheduledEndOfThePeriod() {
        Instant credited = clock.instant();
        AddedPoints fromCredit = ledger(ExpiryStart.CREDIT).orderCompleted(order("o-1", "10")).lot().orElseThrow();
        AddedPoints fromEnd = ledger(ExpiryStart.PENDING_PERIOD_END).orderCompleted(order("o-2", "10")).lot()
                .orElseThrow();

        assertThat(fromCredit.validUntil()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(fromEnd.validUntil()).isEqualTo(Instant.parse("2025-03-15T10:00:00Z"));
        clock.advance(Duration.ofDays(1));
        ledger().activate(tenant, "o-2");
        assertThat(ledger().summary(tenant, CUSTOMER).addedPointsList())
                .extracting(AddedPoints::activatesAt, AddedPoints::validUntil).as("activated early: the expiry stays")
                .containsExactlyInAnyOrder(tuple(credited.plus(PERIOD), fromCredit.validUntil()),
                        tuple(clock.instant(), fromEnd.validUntil()));
    }

    @Test
    void asOf_tellsWhatWasPendingWhen() {
        RewardPoints ledger = ledger();
        Instant start = clock.instant();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withSiteCode("main"));
        clock.advance(Duration.ofHours(1));
        ledger.orderCompleted(order("o-1", "100"));
        ledger.orderCompleted(order("o-2", "40"));
        clock.advance(Duration.ofDays(2));
        ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "25", "EUR"));
        clock.advance(Duration.ofDays(1));
        Instant activated = clock.instant();
        ledger.activate(tenant, "o-2");
        clock.advance(PERIOD);
        ledger.recordActivations();
        clock.advance(Duration.ofDays(1));

        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, start)).isEqualTo(10);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, start.plus(Duration.ofDays(1)))).as("both pending").isEqualTo(10);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, activated.minusNanos(1000))).as("after the return")
                .isEqualTo(10);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, activated)).as("o-2 activated").isEqualTo(50);
        Instant o1Ends = start.plus(Duration.ofHours(1)).plus(PERIOD);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, o1Ends.minusNanos(1000))).isEqualTo(50);
        assertThat(ledger.balanceAsOf(tenant, CUSTOMER, o1Ends)).as("o-1's period ended").isEqualTo(125);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(125);

        List<LotAsOf> lots = ledger.lotsAsOf(tenant, CUSTOMER, activated.minusNanos(1000), null, 10).items();
        assertThat(lots).extracting(LotAsOf::points, LotAsOf::remainingPoints, LotAsOf::pending)
                .containsExactly(tuple(10L, 10L, false), tuple(100L, 75L, true), tuple(40L, 40L, true));
        assertThat(ledger.lotsAsOf(tenant, CUSTOMER, o1Ends, null, 10).items()).extracting(LotAsOf::pending)
                .containsExactly(false, false, false);
    }

    @Test
    void theWriteOnlyCreditCountsPendingPoints_beforeAndAfter() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10).withSiteCode("main"));
        // the account exists without debt: these credits take the store's write-only path
        assertThat(ledger.orderCompleted(order("o-1", "100")).lot().orElseThrow().allPointsAfterCreation())
                .isEqualTo(10);
        assertThat(ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 5).withSiteCode("main")).allPointsAfterCreation())
                .isEqualTo(15);
        assertThat(ledger.orderCompleted(OrderCompletion.of(tenant, "instant", CUSTOMER, "o-2", "20", "EUR")).lot()
                .orElseThrow().allPointsAfterCreation()).isEqualTo(35);
        assertThat(events(ledger, LedgerEvent.Type.CREDITED)).extracting(LedgerEvent::balanceAfter)
                .containsExactly(10L, 10L, 15L, 35L);
    }
}
