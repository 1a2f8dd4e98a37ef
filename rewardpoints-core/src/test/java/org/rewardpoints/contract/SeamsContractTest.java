package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.CreditResult;
import org.rewardpoints.IdempotencyConflictException;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RecoveryResult;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionInFlightException;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.testing.ScriptedCouponIssuer;
import org.rewardpoints.testing.ScriptedCouponIssuer.Fault;

/**
 * Where features meet: returns and reservations, replays and recovery, erasure and redemption,
 * keys and ids with separators, replays after configuration changes, and a store that re-runs
 * units. Every store passes these through the re-running store of {@link LedgerStoreContractTest}.
 */
public abstract class SeamsContractTest extends LedgerStoreContractTest {

    private RedemptionOption option(RewardPoints ledger, long points) {
        return ledger.createOption(tenant, RedemptionOptionDraft.of("voucher", points,
                CouponTemplate.absolute("Voucher", "5", "EUR")));
    }

    private OrderCompletion order(String customerId, String orderId, String value) {
        return OrderCompletion.of(tenant, "main", customerId, orderId, value, "EUR");
    }

    private void crashNextIssue(RewardPoints ledger, CouponRedemption redemption) {
        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(redemption)).isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class);
        issuer.nextCalls(Fault.NONE);
    }

    // ------------------------------------------------------------ points from nothing or lost

    @Test
    void orderReturned_whileItsPointsAreReserved_waitsForTheRedemptionAndNeverLeavesSpendablePoints() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        crashNextIssue(ledger, CouponRedemption.of(tenant, CUSTOMER, option(ledger, 60).id()));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(40);

        ReversalResult partial = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "30", "EUR"));
        assertThat(partial.reversedPoints()).as("covered by the lot's free points").isEqualTo(30);
        assertThatThrownBy(() -> ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-2")))
                .isInstanceOf(RedemptionInFlightException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(10);

        clock.advance(Duration.ofMinutes(10));
        assertThat(ledger.recoverReservations(Duration.ofMinutes(5)).released()).isEqualTo(1);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(70);
        ReversalResult rest = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-2"));

        assertThat(rest.reversedPoints()).isEqualTo(70);
        assertThat(ledger.balance(tenant, CUSTOMER)).as("a fully returned order leaves nothing").isZero();
        assertThat(ledger.summary(tenant, CUSTOMER).addedPointsList()).singleElement()
                .satisfies(lot -> assertThat(lot.usedPoints()).isEqualTo(100));
    }

    @Test
    void redeemForCoupon_replayedAfterTheRecoveryAge_neverIssuesWhileRecoveryDecides() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        CouponRedemption redemption = CouponRedemption.of(tenant, CUSTOMER, option(ledger, 60).id()).withRequestId("click-1");
        crashNextIssue(ledger, redemption);
        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> ledger.redeemForCoupon(redemption)).isInstanceOfSatisfying(CouponIssuingException.class,
                e -> assertThat(e.isPointsStillReserved() && e.isRetryableWithSameRequestId()).isTrue());
        assertThat(coupons.issued()).as("the replay issued nothing").isEmpty();
        assertThat(ledger.recoverReservations(Duration.ofMinutes(5)).released()).isPositive();
        assertThatThrownBy(() -> ledger.redeemForCoupon(redemption)).isInstanceOfSatisfying(CouponIssuingException.class,
                e -> assertThat(e.isPointsStillReserved() || e.isRetryableWithSameRequestId()).isFalse());

        assertThat(coupons.issued()).isEmpty();
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(100);
    }

    @Test
    void orderReturned_afterTheOrdersLotExpired_takesTheSameWhetherOrNotTheSweepRan() {
        RewardPoints ledger = ledger();
        for (String customer : List.of("not-swept", "swept")) {
            ledger.orderCompleted(order(customer, "o-" + customer, "100"));
            ledger.redeemPoints(RedeemPoints.of(tenant, customer, 30));
            ledger.addPoints(AddPoints.of(tenant, customer, 50).withValidUntil(clock.instant().plus(Duration.ofDays(900))));
        }
        clock.advance(Duration.ofDays(400)); // the orders' lots (12 months) expired with 70 points unused
        assertThat(ledger.sweepExpired().points()).isEqualTo(140);
        ledger.orderCompleted(order("not-swept", "o-after", "1")); // nothing else changes "not-swept"'s lots
        List<ReversalResult> results = new ArrayList<>();
        for (String customer : List.of("not-swept", "swept")) {
            results.add(ledger.orderReturned(OrderReturn.full(tenant, "o-" + customer, "r-1")));
        }

        assertThat(results).extracting(ReversalResult::requestedPoints).containsExactly(100L, 100L);
        assertThat(results).extracting(ReversalResult::reversedPoints).as("the 30 spent, not the 70 expired")
                .containsExactly(30L, 30L);
        assertThat(ledger.balance(tenant, "swept")).isEqualTo(20);
        assertThat(ledger.balance(tenant, "not-swept")).isEqualTo(21);
    }

    @Test
    void orderReturned_afterExpiry_withoutTheSweep_isTheSameAsWithIt() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 50).withValidUntil(clock.instant().plus(Duration.ofDays(900))));
        clock.advance(Duration.ofDays(400));
        ReversalResult half = ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "50", "EUR"));
        ledger.sweepExpired();
        ReversalResult rest = ledger.orderReturned(OrderReturn.full(tenant, "o-1", "r-2"));

        assertThat(half.reversedPoints() + rest.reversedPoints()).as("all 100 expired unused").isZero();
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(50);
    }

    @Test
    void deleteAccount_duringAPendingRedemption_refusesAndAfterwardsErasesTheCustomerFromItsCoupons() {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        RedemptionOption option = option(ledger, 20);
        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option.id()));
        crashNextIssue(ledger, CouponRedemption.of(tenant, CUSTOMER, option.id()));

        assertThatThrownBy(() -> ledger.deleteAccount(tenant, CUSTOMER)).isInstanceOf(RedemptionInFlightException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).as("nothing erased").isEqualTo(60);

        clock.advance(Duration.ofMinutes(10));
        ledger.recoverReservations(Duration.ofMinutes(5));
        assertThat(ledger.deleteAccount(tenant, CUSTOMER)).isTrue();
        assertThat(coupons.find(tenant, coupon.debit().id())).hasValueSatisfying(kept -> {
            assertThat(kept.code()).isEqualTo(coupon.code());
            assertThat(kept.customerId()).isEqualTo(CouponIssuer.ERASED_CUSTOMER);
        });
        assertThat(ledger.deleteAccount(tenant, CUSTOMER)).isFalse();
    }

    // ------------------------------------------------------------ events

    @Test
    void everyChange_isToldOnce_withTheEntryThatCommitted_althoughTheStoreRanEachUnitTwice() {
        List<LedgerEvent> events = new ArrayList<>();
        RewardPoints ledger = RewardPoints.builder().store(faultyStore).settings(settings).clock(clock)
                .couponIssuer(issuer).redemptionOptions(options)
                .listener(event -> {
                    if (event.tenant().equals(tenant)) { // the sweep works on every tenant of a shared database
                        events.add(event);
                    }
                }).build();
        ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 5));
        ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option(ledger, 20).id()));
        ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "10", "EUR"));
        clock.advance(Duration.ofDays(400));
        ledger.sweepExpired();
        ledger.events().deliver();

        assertThat(events).extracting(LedgerEvent::type).containsExactly(LedgerEvent.Type.CREDITED,
                LedgerEvent.Type.CREDITED, LedgerEvent.Type.DEBITED, LedgerEvent.Type.COUPON_ISSUED,
                LedgerEvent.Type.REVERSED, LedgerEvent.Type.EXPIRED);
        Set<String> stored = ConcurrentHashMap.newKeySet();
        ledger.summary(tenant, CUSTOMER).addedPointsList().forEach(lot -> stored.add(lot.id()));
        ledger.summary(tenant, CUSTOMER).redeemedPointsList().forEach(debit -> stored.add(debit.id()));
        assertThat(events).extracting(LedgerEvent::entryId).allMatch(stored::contains);
    }

    // ------------------------------------------------------------ keys and replays

    @Test
    void orderReturned_idsWithColons_neverAnswerAnotherOrdersReturn() {
        RewardPoints ledger = ledger();
        ledger.orderCompleted(order(CUSTOMER, "a", "100"));
        ledger.orderCompleted(order("customer-2", "a:b", "100"));

        ReversalResult other = ledger.orderReturned(OrderReturn.full(tenant, "a:b", "c"));
        ReversalResult mine = ledger.orderReturned(OrderReturn.full(tenant, "a", "b:c"));

        assertThat(other.status()).isEqualTo(ReversalResult.Status.REVERSED);
        assertThat(mine.status()).isEqualTo(ReversalResult.Status.REVERSED);
        assertThat(ledger.balance(tenant, CUSTOMER)).isZero();
        assertThat(ledger.balance(tenant, "customer-2")).isZero();
    }

    @Test
    void couponRequestIds_areEachCustomersOwn_andConflictsNeverNameAnotherCustomer() {
        RewardPoints ledger = ledger();
        RedemptionOption option = option(ledger, 20);
        for (String customer : List.of(CUSTOMER, "customer-2")) {
            ledger.addPoints(AddPoints.of(tenant, customer, 100));
            ledger.redeemForCoupon(CouponRedemption.of(tenant, customer, option.id()).withRequestId("click-1"));
        }
        assertThat(coupons.issued()).hasSize(2);
        assertThat(ledger.balance(tenant, "customer-2")).isEqualTo(80);

        ledger.orderCompleted(order(CUSTOMER, "o-1", "10"));
        assertThatThrownBy(() -> ledger.orderCompleted(order("customer-2", "o-1", "10")))
                .isInstanceOf(IdempotencyConflictException.class).message().doesNotContain(CUSTOMER);
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 5).withId("bonus"));
        assertThatThrownBy(() -> ledger.addPoints(AddPoints.of(tenant, "customer-2", 5).withId("bonus")))
                .isInstanceOf(IdempotencyConflictException.class).message().doesNotContain(CUSTOMER);
    }

    @Test
    void replays_returnTheFirstResult_whateverTheConfigurationSaysNow() {
        RewardPoints ledger = ledger();
        CreditResult credited = ledger.orderCompleted(order(CUSTOMER, "o-1", "100"));
        RedemptionOption option = option(ledger, 20);
        CouponRedemption redemption = CouponRedemption.of(tenant, CUSTOMER, option.id()).withRequestId("click-1");
        RedeemedCoupon coupon = ledger.redeemForCoupon(redemption);
        AddPoints add = AddPoints.of(tenant, CUSTOMER, 5).withId("bonus").withValidUntil(clock.instant().plusSeconds(3600));
        AddedPoints added = ledger.addPoints(add);

        settings.put(tenant, "main", SiteSettings.of(BigDecimal.TEN, 1, "XY", "USD"));
        ledger.invalidateSettings(tenant, "main");
        ledger.deleteOption(tenant, option.id(), option.version());
        clock.advance(Duration.ofHours(2));

        assertThat(ledger.orderCompleted(order(CUSTOMER, "o-1", "100")))
                .satisfies(again -> assertThat(again.status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED))
                .satisfies(again -> assertThat(again.lot()).isEqualTo(credited.lot()));
        assertThat(ledger.redeemForCoupon(redemption).code()).isEqualTo(coupon.code());
        assertThat(ledger.addPoints(add).id()).isEqualTo(added.id());
        settings.remove(tenant, "main");
        ledger.invalidateSettings(tenant, "main");
        assertThat(ledger.orderCompleted(order(CUSTOMER, "o-1", "100")).status())
                .as("even without the site").isEqualTo(CreditResult.Status.ALREADY_CREDITED);
    }

    @Test
    void addPoints_replayWithSubMicrosecondValidUntil_isTheSameRequestOnEveryStore() {
        RewardPoints ledger = ledger();
        AddPoints add = AddPoints.of(tenant, CUSTOMER, 5).withId("bonus")
                .withValidUntil(Instant.parse("2024-06-01T00:00:00.123456789Z"));
        AddedPoints first = ledger.addPoints(add);
        AddedPoints again = ledger.addPoints(add);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.validUntil()).isEqualTo(Instant.parse("2024-06-01T00:00:00.123456Z"));
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(5);
    }

    @Test
    void addPoints_idEqualToAnExistingLotId_isOnlyAKey() {
        RewardPoints ledger = ledger();
        AddedPoints first = ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 5));
        AddedPoints second = ledger.addPoints(AddPoints.of(tenant, "customer-2", 7).withId(first.id()));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(ledger.balance(tenant, "customer-2")).isEqualTo(7);
        assertThat(ledger.addPoints(AddPoints.of(tenant, "customer-2", 7).withId(first.id())).id()).isEqualTo(second.id());
    }

    // ------------------------------------------------------------ robustness

    @Test
    void recoverReservations_pagesPastReservationsThatKeepFailing() {
        RewardPoints ledger = ledger();
        RedemptionOption option = option(ledger, 1);
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 200));
        int stuck = 101;
        for (int i = 0; i <= stuck; i++) {
            crashNextIssue(ledger, CouponRedemption.of(tenant, CUSTOMER, option.id()));
            clock.advance(Duration.ofMillis(1));
        }
        List<String> failing = new ArrayList<>(); // this tenant's first 101 reservations keep failing
        CouponIssuer findFails = new CouponIssuer() {
            @Override
            public IssuedCoupon issue(CouponRequest request) {
                return coupons.issue(request);
            }

            @Override
            public Optional<IssuedCoupon> find(String reservationTenant, String idempotencyKey) {
                if (reservationTenant.equals(tenant) && failing.size() < stuck) {
                    failing.add(idempotencyKey);
                    throw new IllegalStateException("coupon service unavailable");
                }
                return coupons.find(reservationTenant, idempotencyKey);
            }
        };
        RewardPoints recovering = RewardPoints.builder().store(faultyStore).settings(settings).clock(clock)
                .couponIssuer(findFails).redemptionOptions(options).build();
        clock.advance(Duration.ofMinutes(10));

        RecoveryResult result = recovering.recoverReservations(Duration.ofMinutes(5));
        assertThat(result.failed()).isEqualTo(stuck);
        assertThat(result.released()).as("the newest, past a full page of failing ones").isPositive();
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(200 - stuck);
        assertThatThrownBy(() -> ledger.recoverReservations(Duration.ofMinutes(-1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("minimumAge"));
    }

    @Test
    void credits_pastTheAccountCeiling_areRefusedNamingItAndChangeNothing() {
        RewardPoints ledger = ledger();
        long perCredit = 1_000_000_000_000L;
        for (int i = 0; i < 1000; i++) {
            ledger.addPoints(AddPoints.of(tenant, CUSTOMER, perCredit));
        }
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(RewardPoints.MAX_ACCOUNT_POINTS);

        assertThatThrownBy(() -> ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("points"))
                .hasMessageContaining(String.valueOf(RewardPoints.MAX_ACCOUNT_POINTS));
        assertThatThrownBy(() -> ledger.orderCompleted(order(CUSTOMER, "o-1", "5")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(RewardPoints.MAX_ACCOUNT_POINTS);
    }
}
