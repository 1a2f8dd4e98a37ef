package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

class ListenerTest {
    private final MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
    private final List<LedgerEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger brokenCalls = new AtomicInteger();
    private final RewardPoints ledger = RewardPoints.builder().store(new InMemoryLedgerStore()).clock(clock)
            .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 1, "RP", "EUR")))
            .couponIssuer(new InMemoryCouponIssuer()).redemptionOptions(new InMemoryRedemptionOptionStore())
            .listener(event -> {
                if (brokenCalls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("a broken listener");
                }
            })
            .listener(events::add)
            .build();

    @Test
    void listeners_hearEveryCommittedChangeInOrder_aFailingOneMakesItComeAgainLater() {
        ledger.orderCompleted(OrderCompletion.of("t", "main", "c", "o-1", "100", "EUR"));
        ledger.orderCompleted(OrderCompletion.of("t", "main", "c", "o-1", "100", "EUR")); // duplicate: no event
        ledger.addPoints(AddPoints.of("t", "c", 50).withValidUntil(Instant.parse("2024-01-20T00:00:00Z")));
        ledger.redeemPoints(RedeemPoints.of("t", "c", 10));
        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of("t", "c", 1000)))
                .isInstanceOf(InsufficientPointsException.class); // refused: no event
        ledger.orderReturned(OrderReturn.partial("t", "o-1", "r-1", "10", "EUR"));
        String option = ledger.createOption("t", RedemptionOptionDraft.of("5 %", 20,
                CouponTemplate.percent("5 %", "5"))).id();
        RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of("t", "c", option));
        clock.advance(Duration.ofDays(10));
        ledger.sweepExpired();
        assertThat(events).as("told by the relay, not by the change").isEmpty();

        assertThat(ledger.events().deliver()).as("the first event failed, and holds back its account's later ones")
                .isEqualTo(new LedgerEvents.DeliveryResult(0, 1, 0));
        assertThat(ledger.events().deliver()).as("not due yet").isEqualTo(new LedgerEvents.DeliveryResult(0, 0, 0));
        clock.advance(Duration.ofSeconds(1));
        assertThat(ledger.events().deliver()).isEqualTo(new LedgerEvents.DeliveryResult(0, 1, 0));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ledger.events().deliver()).isEqualTo(new LedgerEvents.DeliveryResult(6, 0, 0));
        assertThat(ledger.events().deliver()).isEqualTo(new LedgerEvents.DeliveryResult(0, 0, 0));

        assertThat(events).extracting(LedgerEvent::type).containsExactly(LedgerEvent.Type.CREDITED,
                LedgerEvent.Type.CREDITED, LedgerEvent.Type.DEBITED, LedgerEvent.Type.REVERSED,
                LedgerEvent.Type.COUPON_ISSUED, LedgerEvent.Type.EXPIRED);
        assertThat(events.get(4).couponCode()).isEqualTo(coupon.code());
        assertThat(events.get(5).points()).isEqualTo(20); // the soonest-expiring 50-point lot gave 10 + 20 before
        assertThat(events).allSatisfy(event -> assertThat(event.tenant()).isEqualTo("t"));
        assertThat(ledger.balance("t", "c")).isEqualTo(events.get(5).balanceAfter());
    }
}
