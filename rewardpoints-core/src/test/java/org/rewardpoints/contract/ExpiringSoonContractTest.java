package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.AnnouncementResult;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.ExpiringCustomer;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.Page;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.VerificationReport;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.testing.FaultyLedgerStore;
import org.rewardpoints.testing.LedgerInvariants;
import org.rewardpoints.testing.MutableClock;
import org.rewardpoints.testing.ScriptedCouponIssuer;
import org.rewardpoints.testing.ScriptedCouponIssuer.Fault;

/**
 * Expiring soon, per tenant, on every {@link LedgerStore}: the keyset-paged customers with points
 * expiring in a window, and the {@link LedgerEvent.Type#EXPIRING_SOON} event written once per lot
 * and window across runs, instances and the purge of delivered events. Every unit runs twice
 * through {@link FaultyLedgerStore} (the first run rolled back). Each test works in its own tenant;
 * announcements cover every tenant of a shared database, so assertions look at this tenant's
 * events only. After each test the invariants and the verification of every account hold.
 */
public abstract class ExpiringSoonContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration SEVEN_DAYS = Duration.ofDays(7);

    protected final MutableClock clock = MutableClock.at("2024-01-15T10:00:00Z");
    private final InMemorySettingsStore settings = new InMemorySettingsStore();
    private final InMemoryRedemptionOptionStore options = new InMemoryRedemptionOptionStore();
    private final ScriptedCouponIssuer issuer = new ScriptedCouponIssuer(new InMemoryCouponIssuer());
    private LedgerStore store;
    private String tenant;
    private final List<String> tenants = new ArrayList<>();

    /** A store to test; may be called more than once per test (a second instance on the same data). */
    protected abstract LedgerStore newStore();

    @BeforeEach
    void setUpExpiringSoon() {
        store = newStore();
        tenant = newTenant();
    }

    @AfterEach
    void checkInvariants() {
        RewardPoints verifier = RewardPoints.builder().store(store).settings(settings).clock(clock).build();
        for (String checked : tenants) {
            LedgerInvariants.check(store, checked, clock.instant(), false);
            String cursor = null;
            do {
                Page<VerificationReport> reports = verifier.verifyAll(checked, cursor, 100);
                assertThat(reports.items()).allSatisfy(report -> assertThat(report.mismatches()).isEmpty());
                cursor = reports.nextCursor().orElse(null);
            } while (cursor != null);
        }
    }

    private String newTenant() {
        String name = "t-" + UUID.randomUUID();
        settings.put(name, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        tenants.add(name);
        return name;
    }

    private RewardPoints ledger(LedgerStore on) {
        return RewardPoints.builder().store(new FaultyLedgerStore(on)).settings(settings).clock(clock)
                .couponIssuer(issuer).redemptionOptions(options).sweepBatchSize(3).build();
    }

    private AddedPoints add(RewardPoints ledger, String onTenant, String customerId, long points, String validUntil) {
        return ledger.addPoints(AddPoints.of(onTenant, customerId, points).withValidUntil(Instant.parse(validUntil)));
    }

    private static ExpiringCustomer customer(String customerId, long points, String earliest) {
        return new ExpiringCustomer(customerId, points, Instant.parse(earliest));
    }

    /** This tenant's events of the type, in position order. */
    private List<LedgerEvent> announcements(RewardPoints ledger) {
        List<LedgerEvent> events = new ArrayList<>();
        String cursor = null;
        do {
            Page<LedgerEvent> page = ledger.events().read(cursor, 1000);
            page.items().stream().filter(event -> event.tenant().equals(tenant)
                    && event.type() == LedgerEvent.Type.EXPIRING_SOON).forEach(events::add);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return events;
    }

    private static <K> Map<K, Long> count(List<LedgerEvent> events, Function<LedgerEvent, K> key) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    private static JsonNode payload(LedgerEvent event) {
        try {
            return JSON.readTree(event.payload());
        } catch (Exception e) {
            throw new AssertionError("payload is not JSON: " + event.payload(), e);
        }
    }

    // ------------------------------------------------------------ the per-tenant page

    @Test
    void customersWithExpiringPoints_pagesCustomersByIdWithTheRemainingPointsOfTheWindow() {
        RewardPoints ledger = ledger(store);
        add(ledger, tenant, "c-1", 100, "2024-02-01T00:00:00Z");
        add(ledger, tenant, "c-1", 50, "2024-02-10T00:00:00Z");
        add(ledger, tenant, "c-1", 70, "2024-06-01T00:00:00Z"); // after the window
        add(ledger, tenant, "c-2", 40, "2024-02-05T00:00:00Z");
        add(ledger, tenant, "c-2", 100, "2024-12-01T00:00:00Z");
        ledger.redeemPoints(RedeemPoints.of(tenant, "c-2", 30)); // from the lot expiring first: 10 left
        add(ledger, tenant, "c-3", 80, "2024-03-01T00:00:01Z"); // just after the window
        add(ledger, tenant, "c-4", 20, "2024-02-20T00:00:00Z");
        ledger.redeemPoints(RedeemPoints.of(tenant, "c-4", 20)); // spent
        add(ledger, tenant, "c-5", 5, "2024-03-01T00:00:00Z"); // the window's end is in it
        String otherTenant = newTenant();
        add(ledger, otherTenant, "c-0", 500, "2024-02-01T00:00:00Z");
        Instant from = clock.instant();
        Instant to = Instant.parse("2024-03-01T00:00:00Z");

        Page<ExpiringCustomer> first = ledger.customersWithExpiringPoints(tenant, from, to, null, 2);
        Page<ExpiringCustomer> second = ledger.customersWithExpiringPoints(tenant, from, to,
                first.nextCursor().orElseThrow(), 2);

        assertThat(first.items()).containsExactly(customer("c-1", 150, "2024-02-01T00:00:00Z"),
                customer("c-2", 10, "2024-02-05T00:00:00Z"));
        assertThat(second.items()).containsExactly(customer("c-5", 5, "2024-03-01T00:00:00Z"));
        assertThat(second.nextCursor()).isEmpty();
        assertThat(ledger.customersWithExpiringPoints(tenant, from, to, null, 100).items())
                .extracting(ExpiringCustomer::customerId).containsExactly("c-1", "c-2", "c-5");
        assertThat(ledger.customersWithExpiringPoints(tenant, Instant.parse("2024-02-01T00:00:00Z"), to, null, 100)
                .items()).as("from is exclusive").containsExactly(customer("c-1", 50, "2024-02-10T00:00:00Z"),
                customer("c-2", 10, "2024-02-05T00:00:00Z"), customer("c-5", 5, "2024-03-01T00:00:00Z"));
        assertThat(ledger.customersWithExpiringPoints(otherTenant, from, to, null, 100).items())
                .containsExactly(customer("c-0", 500, "2024-02-01T00:00:00Z"));
    }

    @Test
    void customersWithExpiringPoints_leavesOutExpiredPointsAndPointsHeldByAReservation() {
        RewardPoints ledger = ledger(store);
        add(ledger, tenant, "c-1", 30, "2024-01-20T00:00:00Z");
        add(ledger, tenant, "c-1", 60, "2024-02-01T00:00:00Z");
        add(ledger, tenant, "c-2", 100, "2024-02-01T00:00:00Z");
        add(ledger, tenant, "c-2", 100, "2024-02-10T00:00:00Z");
        String option = ledger.createOption(tenant, RedemptionOptionDraft.of("voucher", 120,
                CouponTemplate.percent("5 %", "5"))).id();
        issuer.nextCalls(Fault.CRASH_BEFORE_ISSUE);
        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of(tenant, "c-2", option)))
                .isInstanceOf(ScriptedCouponIssuer.SimulatedCrash.class); // 100 + 20 reserved, pending
        issuer.nextCalls(Fault.NONE);
        clock.set(Instant.parse("2024-01-25T00:00:00Z")); // c-1's first lot expired, not swept
        Instant to = Instant.parse("2024-03-01T00:00:00Z");

        assertThat(ledger.customersWithExpiringPoints(tenant, Instant.parse("2024-01-01T00:00:00Z"), to, null, 10)
                .items()).containsExactly(customer("c-1", 60, "2024-02-01T00:00:00Z"),
                customer("c-2", 80, "2024-02-10T00:00:00Z"));

        ledger.recoverReservations(Duration.ofMinutes(5)); // no coupon: the points go back to their lots
        assertThat(ledger.customersWithExpiringPoints(tenant, clock.instant(), to, null, 10).items())
                .containsExactly(customer("c-1", 60, "2024-02-01T00:00:00Z"),
                        customer("c-2", 200, "2024-02-01T00:00:00Z"));
        clock.set(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(ledger.customersWithExpiringPoints(tenant, clock.instant().minusSeconds(1), to, null, 10).items())
                .as("a lot is expired at its validUntil").containsExactly(customer("c-2", 100, "2024-02-10T00:00:00Z"));
        assertThat(ledger.customersWithExpiringPoints(tenant, Instant.parse("2023-01-01T00:00:00Z"),
                Instant.parse("2024-01-31T00:00:00Z"), null, 10).items()).as("a window wholly past").isEmpty();
    }

    @Test
    void customersWithExpiringPoints_refusesBadInputNamingIt() {
        RewardPoints ledger = ledger(store);
        Instant now = clock.instant();
        Instant later = now.plus(THIRTY_DAYS);

        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, later, later, null, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("to"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, later, now, null, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("to"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, null, later, null, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("from"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, now, null, null, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("to"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(" ", now, later, null, 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("tenant"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, now, later, null, 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("limit"));
        assertThatThrownBy(() -> ledger.customersWithExpiringPoints(tenant, now, later, "not a cursor!", 10))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("cursor"));
    }

    // ------------------------------------------------------------ the announcements

    @Test
    void announceExpiringSoon_writesOneEventPerLotInTheWindow_withItsRemainingPoints() throws Exception {
        RewardPoints ledger = ledger(store);
        AddedPoints soon = add(ledger, tenant, "c-1", 100, "2024-02-01T00:00:00Z");
        AddedPoints sooner = add(ledger, tenant, "c-1", 50, "2024-01-20T00:00:00Z");
        add(ledger, tenant, "c-1", 70, "2024-06-01T00:00:00Z"); // after the window
        ledger.redeemPoints(RedeemPoints.of(tenant, "c-1", 20)); // from the lot expiring first: 30 left
        AddedPoints other = add(ledger, tenant, "c-2", 40, "2024-02-14T10:00:00Z"); // the window's last instant
        add(ledger, tenant, "c-3", 10, "2024-02-14T10:00:01Z"); // just after it
        long balance = ledger.balance(tenant, "c-1");

        AnnouncementResult result = ledger.announceExpiringSoon(THIRTY_DAYS);

        List<LedgerEvent> events = announcements(ledger);
        assertThat(events).extracting(LedgerEvent::customerId, LedgerEvent::entryId, LedgerEvent::points)
                .containsExactlyInAnyOrder(tuple("c-1", sooner.id(), 30L), tuple("c-1", soon.id(), 100L),
                        tuple("c-2", other.id(), 40L));
        assertThat(result.lots()).as("every tenant's lots are announced").isGreaterThanOrEqualTo(3);
        assertThat(result.points()).isGreaterThanOrEqualTo(170);
        assertThat(result.accounts()).isGreaterThanOrEqualTo(2);
        LedgerEvent first = events.stream().filter(event -> event.entryId().equals(sooner.id())).findFirst().orElseThrow();
        assertThat(first.balanceAfter()).isEqualTo(balance);
        assertThat(first.at()).isEqualTo(clock.instant());
        JsonNode payload = payload(first);
        assertThat(payload.get("type").asText()).isEqualTo("EXPIRING_SOON");
        assertThat(payload.get("id").asText()).isEqualTo(first.id());
        assertThat(payload.get("tenant").asText()).isEqualTo(tenant);
        assertThat(payload.get("customerId").asText()).isEqualTo("c-1");
        assertThat(payload.get("entryId").asText()).isEqualTo(sooner.id());
        assertThat(payload.get("points").asLong()).isEqualTo(30);
        assertThat(payload.get("validUntil").asText()).isEqualTo("2024-01-20T00:00:00Z");
        assertThat(payload.get("window").asText()).isEqualTo("PT720H");
        assertThat(ledger.balance(tenant, "c-1")).as("no points change").isEqualTo(balance);
        assertThat(ledger.summary(tenant, "c-1").redeemedPointsList()).hasSize(1);
    }

    @Test
    void announceExpiringSoon_announcesALotOncePerWindow_acrossRunsInstancesAndThePurgeOfDeliveredEvents() {
        RewardPoints ledger = ledger(store);
        List<LedgerEvent> delivered = new ArrayList<>();
        RewardPoints relay = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .listener(event -> {
                    if (event.tenant().equals(tenant) && event.type() == LedgerEvent.Type.EXPIRING_SOON) {
                        delivered.add(event);
                    }
                }).build();
        AddedPoints inTwentyDays = add(ledger, tenant, "c-1", 100, "2024-02-04T10:00:00Z");
        AddedPoints inFiveDays = add(ledger, tenant, "c-2", 40, "2024-01-20T10:00:00Z");
        ledger.announceExpiringSoon(THIRTY_DAYS);
        ledger.announceExpiringSoon(THIRTY_DAYS);
        assertThat(announcements(ledger)).hasSize(2);

        relay.events().deliver();
        clock.advance(Duration.ofMinutes(1));
        relay.events().purgeDelivered(Duration.ZERO);
        assertThat(announcements(ledger)).as("delivered and purged").isEmpty();
        clock.advance(Duration.ofHours(1));
        ledger.announceExpiringSoon(THIRTY_DAYS);
        ledger(newStore()).announceExpiringSoon(THIRTY_DAYS); // another instance, or a restart
        assertThat(announcements(ledger)).as("the marks on the lots outlive the events").isEmpty();

        ledger.announceExpiringSoon(SEVEN_DAYS); // a shorter window: a second reminder
        ledger.announceExpiringSoon(SEVEN_DAYS);
        ledger.announceExpiringSoon(THIRTY_DAYS); // a longer one again: nothing new
        List<LedgerEvent> events = announcements(ledger);
        assertThat(events).extracting(LedgerEvent::entryId, event -> payload(event).get("window").asText())
                .containsExactly(tuple(inFiveDays.id(), "PT168H"));

        clock.set(Instant.parse("2024-01-29T00:00:00Z")); // c-1's lot is now 6 days from expiring
        ledger.announceExpiringSoon(SEVEN_DAYS);
        ledger.announceExpiringSoon(SEVEN_DAYS);
        relay.events().deliver();
        assertThat(count(delivered, event -> event.entryId() + " " + payload(event).get("window").asText()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(inTwentyDays.id() + " PT720H", 1L,
                        inFiveDays.id() + " PT720H", 1L, inFiveDays.id() + " PT168H", 1L,
                        inTwentyDays.id() + " PT168H", 1L));
    }

    @Test
    void announceExpiringSoon_onConcurrentInstances_writesEachLotOnce() throws Exception {
        List<String> lotIds = new ArrayList<>();
        RewardPoints setUp = ledger(store);
        for (int i = 0; i < 12; i++) {
            lotIds.add(add(setUp, tenant, "c-" + i, 10 + i, "2024-02-01T00:00:00Z").id());
            if (i % 3 == 0) {
                lotIds.add(add(setUp, tenant, "c-" + i, 5, "2024-01-25T00:00:00Z").id());
            }
        }
        List<RewardPoints> instances = List.of(ledger(store), ledger(newStore()), ledger(store), ledger(newStore()));
        List<AnnouncementResult> results = runConcurrently(instances.size(),
                index -> instances.get(index).announceExpiringSoon(THIRTY_DAYS));

        List<LedgerEvent> events = announcements(setUp);
        assertThat(events).extracting(LedgerEvent::entryId).containsExactlyInAnyOrderElementsOf(lotIds);
        assertThat(results.stream().mapToLong(AnnouncementResult::lots).sum()).isGreaterThanOrEqualTo(lotIds.size());
    }

    @Test
    void announceExpiringSoon_skipsExpiredSpentAndErasedLots() {
        RewardPoints ledger = ledger(store);
        add(ledger, tenant, "c-1", 30, "2024-01-16T00:00:00Z");
        AddedPoints live = add(ledger, tenant, "c-1", 60, "2024-02-01T00:00:00Z");
        add(ledger, tenant, "c-2", 20, "2024-01-30T00:00:00Z");
        ledger.redeemPoints(RedeemPoints.of(tenant, "c-2", 20)); // spent
        add(ledger, tenant, "c-3", 50, "2024-01-30T00:00:00Z");
        ledger.deleteAccount(tenant, "c-3");
        clock.set(Instant.parse("2024-01-16T00:00:00Z")); // c-1's first lot expires now; the sweep has not run

        ledger.announceExpiringSoon(THIRTY_DAYS);

        assertThat(announcements(ledger)).extracting(LedgerEvent::customerId, LedgerEvent::entryId)
                .containsExactly(tuple("c-1", live.id()));
        ledger.sweepExpired();
        ledger.deleteAccount(tenant, "c-1"); // an erasure takes the lots and their marks with them
        ledger.announceExpiringSoon(THIRTY_DAYS);
        assertThat(announcements(ledger)).hasSize(1);
    }

    @Test
    void announceExpiringSoon_refusesWindowsThatAreNotWholePositiveSeconds_andWritesNothing() {
        RewardPoints ledger = ledger(store);
        add(ledger, tenant, "c-1", 60, "2024-01-20T00:00:00Z");

        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofDays(-1), Duration.ofMillis(1500),
                Duration.ofDays(36_526)}) {
            assertThatThrownBy(() -> ledger.announceExpiringSoon(bad)).as("window %s", bad)
                    .isInstanceOfSatisfying(InvalidInputException.class,
                            e -> assertThat(e.getField()).isEqualTo("window"));
        }
        assertThat(announcements(ledger)).isEmpty();
        ledger.announceExpiringSoon(Duration.ofDays(36_525));
        assertThat(announcements(ledger)).hasSize(1);
    }

    /** Runs the task on {@code threads} threads released at once, each with its index; rethrows failures. */
    private static <T> List<T> runConcurrently(int threads, Function<Integer, T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.apply(index);
                };
                futures.add(executor.submit(call));
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
