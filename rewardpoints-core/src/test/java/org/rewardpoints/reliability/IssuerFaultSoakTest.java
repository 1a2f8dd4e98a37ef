package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;

/**
 * Thousands of coupon redemptions on 8 threads against an issuer that fails 30 % of the time
 * (refuses, times out before issuing, or times out after issuing). Every redemption must end
 * with a coupon and its points deducted, or with no coupon and the very same lots restored.
 * {@code -Drewardpoints.soak=N} multiplies the number of redemptions.
 */
class IssuerFaultSoakTest {
    private static final String TENANT = "soak";
    private static final int CUSTOMERS = 20;
    private static final int SOAK = Integer.getInteger("rewardpoints.soak", 1);

    /** Fails 10 % before issuing, 10 % by timing out before issuing, 10 % by timing out after issuing. */
    static final class FlakyIssuer implements CouponIssuer {
        private final CouponIssuer delegate;

        FlakyIssuer(CouponIssuer delegate) {
            this.delegate = delegate;
        }

        @Override
        public IssuedCoupon issue(CouponRequest request) {
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 10) {
                throw new IllegalStateException("coupon service refused");
            }
            if (roll < 20) {
                sleepBriefly();
                throw new IllegalStateException("coupon service timed out");
            }
            IssuedCoupon coupon = delegate.issue(request);
            if (roll < 30) {
                throw new IllegalStateException("coupon service timed out after issuing");
            }
            return coupon;
        }

        @Override
        public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
            return delegate.find(tenant, idempotencyKey);
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void redemptionsUnderIssuerFaults_endWithACouponOrTheSameLotsRestored() throws Exception {
        MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
        InMemoryLedgerStore store = new InMemoryLedgerStore();
        InMemoryCouponIssuer coupons = new InMemoryCouponIssuer();
        RewardPoints ledger = RewardPoints.builder().store(store).clock(clock)
                .settings(new InMemorySettingsStore().put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .couponIssuer(new FlakyIssuer(coupons)).redemptionOptions(new InMemoryRedemptionOptionStore()).build();
        String option = ledger.createOption(TENANT, RedemptionOptionDraft.of("voucher", 9,
                CouponTemplate.absolute("1 EUR", "1", "EUR"))).id();
        Map<String, List<AddedPoints>> lotsByCustomer = new HashMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            List<AddedPoints> lots = new ArrayList<>();
            for (int l = 0; l < 5; l++) {
                lots.add(ledger.addPoints(AddPoints.of(TENANT, "c-" + c, 100 * SOAK)
                        .withValidUntil(Instant.parse("2024-06-01T00:00:00Z").plus(Duration.ofDays(l)))));
            }
            lotsByCustomer.put("c-" + c, lots);
        }

        Map<String, AtomicInteger> succeeded = new ConcurrentHashMap<>();
        Map<String, String> failedReservations = new ConcurrentHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        int redemptions = 3000 * SOAK;
        for (int i = 0; i < redemptions; i++) {
            String customer = "c-" + (i % CUSTOMERS);
            futures.add(executor.submit(() -> {
                try {
                    RedeemedCoupon coupon = ledger.redeemForCoupon(CouponRedemption.of(TENANT, customer, option));
                    assertThat(coupons.find(TENANT, coupon.debit().id()).orElseThrow().code()).isEqualTo(coupon.code());
                    succeeded.computeIfAbsent(customer, k -> new AtomicInteger()).incrementAndGet();
                } catch (CouponIssuingException e) {
                    assertThat(e.isPointsStillReserved()).isFalse();
                    failedReservations.put(e.getReservationId(), customer);
                } catch (InsufficientPointsException e) {
                    // the customer ran out: expected near the end
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(2, TimeUnit.MINUTES);
        }
        executor.shutdown();

        assertThat(failedReservations).isNotEmpty();
        for (String reservation : failedReservations.keySet()) {
            assertThat(coupons.find(TENANT, reservation)).as("no coupon for failed reservation %s", reservation).isEmpty();
        }
        long confirmed = 0;
        for (Map.Entry<String, List<AddedPoints>> entry : lotsByCustomer.entrySet()) {
            String customer = entry.getKey();
            int ok = succeeded.getOrDefault(customer, new AtomicInteger()).get();
            PointsSummary summary = ledger.summary(TENANT, customer);
            long couponDebits = summary.redeemedPointsList().stream().filter(d -> d.kind() == DebitKind.COUPON_REDEMPTION).count();
            assertThat(couponDebits).isEqualTo(ok);
            assertThat(summary.activePoints()).isEqualTo(500L * SOAK - 9L * ok);
            // no compensating lots: the same five lots, same validUntil
            assertThat(summary.addedPointsList()).extracting(AddedPoints::id, AddedPoints::validUntil)
                    .containsExactlyElementsOf(entry.getValue().stream()
                            .map(lot -> org.assertj.core.groups.Tuple.tuple(lot.id(), lot.validUntil())).toList());
            confirmed += couponDebits;
        }
        assertThat(coupons.issued()).hasSize((int) confirmed);
        assertThat(store.pendingReservations(Instant.MAX, null, 10)).isEmpty();
        LedgerInvariants.check(store, TENANT, clock.instant(), false);
    }
}
