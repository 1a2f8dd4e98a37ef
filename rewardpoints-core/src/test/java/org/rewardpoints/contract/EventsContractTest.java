package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.LedgerEvents;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.Page;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.RewardPointsListener;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.testing.FaultyLedgerStore;
import org.rewardpoints.testing.MutableClock;

/**
 * The outbox every {@link LedgerStore} keeps: an event row per committed change, none for a unit
 * that rolled back, delivered at least once and in order per account by any number of relays at
 * once, with retries, parking and retention. Each test works in its own tenant; a shared
 * database may hold other tests' events, so assertions look at this tenant's only.
 */
public abstract class EventsContractTest {
    private static final String CUSTOMER = "customer-1";

    protected final MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private final InMemoryRedemptionOptionStore options = new InMemoryRedemptionOptionStore();
    private final InMemoryCouponIssuer coupons = new InMemoryCouponIssuer();
    private LedgerStore store;
    private String tenant;

    /** A store to test; may be called more than once per test (a second instance on the same data). */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void setUpEvents() {
        store = newStore();
        tenant = "t-" + UUID.randomUUID();
        settings.put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
    }

    private RewardPoints ledger(LedgerStore on, RewardPointsListener... listeners) {
        RewardPoints.Builder builder = RewardPoints.builder().store(new FaultyLedgerStore(on)).settings(settings)
                .clock(clock).couponIssuer(coupons).redemptionOptions(options).eventMaxAttempts(3);
        for (RewardPointsListener listener : listeners) {
            builder.listener(event -> {
                if (event.tenant().equals(tenant)) { // a shared database holds other tests' events too
                    listener.onEvent(event);
                }
            });
        }
        return builder.build();
    }

    private List<LedgerEvent> mine(RewardPoints ledger) {
        List<LedgerEvent> events = new ArrayList<>();
        String cursor = null;
        do {
            Page<LedgerEvent> page = ledger.events().read(cursor, 1000);
            page.items().stream().filter(event -> event.tenant().equals(tenant)).forEach(events::add);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return events;
    }

    @Test
    void everyCommittedChange_hasExactlyOneEventRow_inTheOrderOfTheChanges() throws Exception {
        RewardPoints ledger = ledger(store);
        ledger.orderCompleted(OrderCompletion.of(tenant, "main", CUSTOMER, "o-1", "100", "EUR"));
        ledger.orderCompleted(OrderCompletion.of(tenant, "main", CUSTOMER, "o-1", "100", "EUR")); // a replay
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 10));
        ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 5));
        String option = ledger.createOption(tenant, RedemptionOptionDraft.of("voucher", 20,
                CouponTemplate.percent("5 %", "5"))).id();
        String code = ledger.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option)).code();
        ledger.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "10", "EUR"));
        clock.advance(Duration.ofDays(400));
        ledger.sweepExpired();
        ledger.deleteAccount(tenant, CUSTOMER);

        List<LedgerEvent> events = mine(ledger);
        assertThat(events).extracting(LedgerEvent::type).containsExactly(LedgerEvent.Type.CREDITED,
                LedgerEvent.Type.CREDITED, LedgerEvent.Type.DEBITED, LedgerEvent.Type.COUPON_ISSUED,
                LedgerEvent.Type.REVERSED, LedgerEvent.Type.EXPIRED, LedgerEvent.Type.ACCOUNT_DELETED);
        assertThat(events).extracting(LedgerEvent::position).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(LedgerEvent::id).doesNotHaveDuplicates();
        assertThat(events.get(0).balanceAfter()).isEqualTo(100);
        assertThat(events.get(1).balanceAfter()).as("the write-only credit's balance").isEqualTo(110);
        assertThat(events.get(3).couponCode()).isEqualTo(code);
        assertThat(new ObjectMapper().readTree(events.get(3).payload()).get("couponCode").asText()).isEqualTo(code);
        assertThat(events).allSatisfy(event -> assertThat(event.customerId()).isEqualTo(CUSTOMER));
    }

    @Test
    void aReleasedReservation_isAnEventToo() {
        RewardPoints ledger = ledger(store);
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 100));
        String option = ledger.createOption(tenant, RedemptionOptionDraft.of("voucher", 20,
                CouponTemplate.percent("5 %", "5"))).id();
        RewardPoints failing = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .redemptionOptions(options).couponIssuer(new CouponIssuer() {
                    @Override
                    public IssuedCoupon issue(CouponRequest request) {
                        throw new IllegalStateException("coupon service down");
                    }

                    @Override
                    public Optional<IssuedCoupon> find(String t, String key) {
                        return Optional.empty();
                    }
                }).build();
        try {
            failing.redeemForCoupon(CouponRedemption.of(tenant, CUSTOMER, option));
        } catch (CouponIssuingException expected) {
            // the points went back: a reservation released
        }

        assertThat(mine(ledger)).extracting(LedgerEvent::type)
                .containsExactly(LedgerEvent.Type.CREDITED, LedgerEvent.Type.RESERVATION_RELEASED);
    }

    @Test
    void aFailingListener_retriesWithBackOff_parksAfterItsAttempts_andHoldsBackOnlyItsOwnAccount() {
        List<LedgerEvent> heard = new CopyOnWriteArrayList<>();
        RewardPoints ledger = ledger(store, event -> {
            if (event.customerId().equals("bad")) {
                throw new IllegalStateException("the CRM refuses this customer");
            }
            heard.add(event);
        });
        ledger.addPoints(AddPoints.of(tenant, "bad", 1));
        ledger.addPoints(AddPoints.of(tenant, "bad", 2));
        ledger.addPoints(AddPoints.of(tenant, "good", 3));
        ledger.addPoints(AddPoints.of(tenant, "good", 4));

        ledger.events().deliver();
        assertThat(heard).extracting(LedgerEvent::points).as("the good account's, in order").containsExactly(3L, 4L);
        ledger.events().deliver();
        assertThat(heard).as("the failed event is not due yet").hasSize(2);
        clock.advance(Duration.ofSeconds(1)); // first retry after 1 s, then 2 s: three attempts in all
        ledger.events().deliver();
        clock.advance(Duration.ofSeconds(2));
        ledger.events().deliver();
        clock.advance(Duration.ofHours(1));
        ledger.events().deliver();

        assertThat(heard).hasSize(2);
        assertThat(mine(ledger)).filteredOn(event -> event.customerId().equals("bad")).hasSize(2);
        assertThat(ledger.health(Duration.ofMinutes(5)).parkedEvents()).isPositive();

        heard.clear();
        assertThat(ledger.events().retryParked()).isPositive();
        RewardPoints healed = ledger(store, heard::add);
        healed.events().deliver();
        assertThat(heard).extracting(LedgerEvent::points).as("the bad account's, in order, once healed")
                .containsExactly(1L, 2L);
    }

    @Test
    void whileARelayHoldsAnAccountsEvent_theAccountKeepsChanging_andAnotherRelayPassesItsEventsBy() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<LedgerEvent> heard = new CopyOnWriteArrayList<>();
        RewardPoints writer = ledger(store);
        writer.addPoints(AddPoints.of(tenant, CUSTOMER, 1));
        RewardPoints slow = ledger(store, event -> {
            inListener.countDown();
            await(release);
            heard.add(event);
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LedgerEvents.DeliveryResult> slowRound = pool.submit(() -> slow.events().deliver());
            assertThat(inListener.await(30, TimeUnit.SECONDS)).as("the slow relay holds the event").isTrue();

            // neither waits for the held event: a bounded wait fails the test if one does
            pool.submit(() -> {
                writer.addPoints(AddPoints.of(tenant, CUSTOMER, 2));
                return ledger(newStore(), heard::add).events().deliver();
            }).get(20, TimeUnit.SECONDS);

            assertThat(heard).as("the held event is not handed out again, its successor waits for it").isEmpty();
            release.countDown();
            assertThat(slowRound.get(30, TimeUnit.SECONDS).delivered()).isPositive();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        ledger(store, heard::add).events().deliver();
        assertThat(heard).extracting(LedgerEvent::points).containsExactly(1L, 2L);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliveredEvents_arePurgedAfterTheirRetention() {
        List<LedgerEvent> heard = new CopyOnWriteArrayList<>();
        RewardPoints ledger = ledger(store, heard::add);
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 1));
        ledger.events().deliver();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 2));

        clock.advance(Duration.ofDays(8));
        ledger.events().purgeDelivered(Duration.ofDays(7));

        assertThat(mine(ledger)).extracting(LedgerEvent::points).as("the undelivered one stays").containsExactly(2L);
        ledger.events().deliver();
        assertThat(heard).extracting(LedgerEvent::points).containsExactly(1L, 2L);
    }

    @Test
    void twoRelayInstancesWithEightThreadsEach_deliverEveryEventOnce_neverTwoAtATime_inOrderPerAccount()
            throws Exception {
        int accounts = 12;
        int perAccount = 8;
        RewardPoints writer = ledger(store);
        for (int round = 0; round < perAccount; round++) {
            for (int account = 0; account < accounts; account++) {
                writer.addPoints(AddPoints.of(tenant, "c-" + account, round + 1));
            }
        }
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, List<Long>> order = new ConcurrentHashMap<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        RewardPointsListener listener = event -> {
            if (!inFlight.add(event.id())) {
                overlaps.incrementAndGet();
            }
            order.computeIfAbsent(event.customerId(), c -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.points());
            delivered.add(event.id());
            Thread.onSpinWait();
            inFlight.remove(event.id());
        };
        List<LedgerEvents> relays = List.of(ledger(store, listener).events(), ledger(newStore(), listener).events());
        AtomicInteger next = new AtomicInteger();

        LedgerStoreContractTest.runConcurrently(16, () -> {
            LedgerEvents relay = relays.get(next.getAndIncrement() % 2);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.size() < accounts * perAccount && System.nanoTime() < deadline) {
                relay.deliver();
            }
            return null;
        });

        assertThat(overlaps).hasValue(0);
        assertThat(delivered).hasSize(accounts * perAccount).doesNotHaveDuplicates();
        Map<String, List<Long>> expected = new HashMap<>();
        for (int account = 0; account < accounts; account++) {
            List<Long> points = new ArrayList<>();
            for (long round = 1; round <= perAccount; round++) {
                points.add(round);
            }
            expected.put("c-" + account, points);
        }
        assertThat(order).isEqualTo(expected);
    }
}
