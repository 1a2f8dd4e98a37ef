package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.internal.Expiry;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

/** Table tests of rounding, month arithmetic, builder settings and bad input. */
class RewardPointsRulesTest {
    private static final String TENANT = "tenant";
    private final MutableClock clock = MutableClock.at("2024-01-31T10:00:00Z");
    private final InMemorySettingsStore settings = new InMemorySettingsStore()
            .put(TENANT, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
    private InMemoryLedgerStore store;
    private RewardPoints ledger;

    @BeforeEach
    void setUp() {
        store = new InMemoryLedgerStore();
        ledger = RewardPoints.builder().store(store).settings(settings).clock(clock).build();
        ledger.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-existing", "100", "EUR"));
    }

    @Test
    void orderCompleted_describesTheLotWithTheConfiguredText() {
        RewardPoints german = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .orderLotDescription("Bonuspunkte für Bestellung {orderId}").build();

        german.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "B7011746", "10", "EUR"));

        assertThat(ledger.summary(TENANT, "c").addedPointsList()).extracting(AddedPoints::description)
                .containsExactlyInAnyOrder("Points for order o-existing", "Bonuspunkte für Bestellung B7011746");
    }

    @Test
    void orderLotDescription_isRefusedWhenBlankOrTooLongForTheLongestOrderId() {
        assertThatThrownBy(() -> RewardPoints.builder().orderLotDescription(" "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getField()).isEqualTo("orderLotDescription"));
        String eightPlaceholders = "{orderId}".repeat(8); // 8 x 128 characters > 1000
        assertThatThrownBy(() -> RewardPoints.builder().orderLotDescription(eightPlaceholders))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getField()).isEqualTo("orderLotDescription"));
        RewardPoints.builder().orderLotDescription("{orderId}".repeat(7));
    }

    @Test
    void updateSettings_createsASiteWithoutCurrencyInTheDefaultCurrency() {
        SettingsPatch mixinAlone = SettingsPatch.EMPTY.withOrderValueToRewardPointsFactor(BigDecimal.ONE)
                .withValidityInMonths(36).withCodePrefix("L");
        assertThatThrownBy(() -> ledger.updateSettings(TENANT, "new-site", mixinAlone))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("currency"));

        RewardPoints withDefault = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .defaultCurrency(Currency.getInstance("CHF")).build();

        assertThat(withDefault.updateSettings(TENANT, "new-site", mixinAlone).currency())
                .isEqualTo(Currency.getInstance("CHF"));
        // existing settings keep their currency
        assertThat(withDefault.updateSettings(TENANT, "main", mixinAlone).currency()).isEqualTo(Currency.getInstance("EUR"));
    }

    @ParameterizedTest(name = "{0} x {1} rounded {2} = {3}")
    @CsvSource({
            "99.99, 1, DOWN, 99",
            "99.99, 1, HALF_UP, 100",
            "10.50, 1.5, DOWN, 15",
            "10.33, 1.5, DOWN, 15",
            "10.33, 1.5, UP, 16",
            "0.99, 1, DOWN, 0",
            "1000000, 0.001, DOWN, 1000",
            "19.99, 0, DOWN, 0",
    })
    void orderCompleted_roundsValueTimesFactorWithTheConfiguredMode(String value, String factor, RoundingMode mode,
                                                                    long expected) {
        settings.put(TENANT, "main", SiteSettings.of(new BigDecimal(factor), 12, "RP", "EUR"));
        RewardPoints rounding = RewardPoints.builder().store(store).settings(settings).clock(clock).roundingMode(mode).build();
        assertThat(rounding.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-" + value + factor + mode, value, "EUR"))
                .points()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} + {1} months in {2}, {3} = {4}")
    @CsvSource({
            "2024-01-31T10:00:00Z, 1, UTC, EXACT, 2024-02-29T10:00:00Z",
            "2023-01-31T10:00:00Z, 1, UTC, EXACT, 2023-02-28T10:00:00Z",
            "2024-02-29T10:00:00Z, 12, UTC, EXACT, 2025-02-28T10:00:00Z",
            "2024-03-31T10:00:00Z, 1, UTC, EXACT, 2024-04-30T10:00:00Z",
            "2020-09-03T09:45:02.248Z, 36, Europe/Berlin, START_OF_DAY, 2023-09-02T22:00:00Z",
            "2024-01-31T23:30:00Z, 1, Europe/Berlin, EXACT, 2024-02-29T23:30:00Z",
            "2024-01-15T10:00:00Z, 1, UTC, END_OF_MONTH, 2024-03-01T00:00:00Z",
            "2024-10-15T10:00:00Z, 1, Europe/Berlin, START_OF_DAY, 2024-11-14T23:00:00Z",
    })
    void validUntil_addsCalendarMonthsInTheSitesZone(String createdAt, int months, String zone, ExpiryAlignment alignment,
                                                     String expected) {
        SiteSettings site = SiteSettings.of(BigDecimal.ONE, months, "RP", "EUR").withTimeZone(ZoneId.of(zone));
        assertThat(Expiry.validUntil(Instant.parse(createdAt), site, alignment)).isEqualTo(Instant.parse(expected));
    }

    static Stream<Arguments> badInputs() {
        Currency eur = Currency.getInstance("EUR");
        String longId = "x".repeat(129);
        return Stream.of(
                bad("points", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "c", 0))),
                bad("points", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "c", -5))),
                bad("points", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "c", 1_000_000_000_001L))),
                bad("points", InvalidInputException.class, l -> l.redeemPoints(RedeemPoints.of(TENANT, "c", 0))),
                bad("points", InvalidInputException.class, l -> l.redeemPoints(RedeemPoints.of(TENANT, "c", Long.MAX_VALUE))),
                bad("value", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "-1", "EUR"))),
                bad("value", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "1e13", "EUR"))),
                bad("value", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "NaN", "EUR"))),
                bad("value", InvalidInputException.class,
                        l -> l.orderCompleted(new OrderCompletion(TENANT, "main", "c", "o-1", null, eur))),
                bad("currency", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "10", "XYZ"))),
                bad("currency", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "10", "eur"))),
                bad("currency", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o-1", "10", "USD"))),
                bad("tenant", InvalidInputException.class, l -> l.addPoints(AddPoints.of(" ", "c", 5))),
                bad("customerId", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "", 5))),
                bad("customerId", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, longId, 5))),
                bad("customerId", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "c\u0000d", 5))),
                bad("orderId", InvalidInputException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "main", "c", "o\n1", "10", "EUR"))),
                bad("id", InvalidInputException.class, l -> l.addPoints(AddPoints.of(TENANT, "c", 5).withId(longId))),
                bad("description", InvalidInputException.class,
                        l -> l.addPoints(AddPoints.of(TENANT, "c", 5).withDescription("d".repeat(1001)))),
                bad("description", InvalidInputException.class,
                        l -> l.addPoints(AddPoints.of(TENANT, "c", 5).withDescription("bell\u0007"))),
                bad("validUntil", InvalidInputException.class,
                        l -> l.addPoints(AddPoints.of(TENANT, "c", 5).withValidUntil(Instant.parse("2020-01-01T00:00:00Z")))),
                bad("validUntil", InvalidInputException.class,
                        l -> l.addPoints(AddPoints.of(TENANT, "c", 5).withValidUntil(Instant.parse("+10000-01-01T00:00:00Z")))),
                bad("startPoints.validUntil", InvalidInputException.class,
                        l -> l.createAccount(AddPoints.of(TENANT, "new", 5).withValidUntil(Instant.parse("2019-08-24T14:15:22Z")))),
                bad("refundedValue", InvalidInputException.class,
                        l -> l.orderReturned(OrderReturn.partial(TENANT, "o-existing", "r", "0", "EUR"))),
                bad("refundedValue", InvalidInputException.class,
                        l -> l.orderReturned(OrderReturn.partial(TENANT, "o-existing", "r", "100.01", "EUR"))),
                bad("refundedValue", InvalidInputException.class,
                        l -> l.orderReturned(OrderReturn.partial(TENANT, "o-existing", "r", "ten", "EUR"))),
                bad("limit", InvalidInputException.class, l -> l.addedPoints(TENANT, "c", null, 0)),
                bad("limit", InvalidInputException.class, l -> l.summaries(TENANT, null, 1001)),
                bad("cursor", InvalidInputException.class, l -> l.addedPoints(TENANT, "c", "not-a-cursor!", 10)),
                bad(null, SiteNotFoundException.class,
                        l -> l.orderCompleted(OrderCompletion.of(TENANT, "nowhere", "c", "o-1", "10", "EUR"))),
                bad(null, SiteNotFoundException.class, l -> l.addPoints(AddPoints.of("other-tenant", "c", 5))),
                bad(null, AccountNotFoundException.class, l -> l.balance(TENANT, "unknown")),
                bad(null, AccountNotFoundException.class, l -> l.summary(TENANT, "unknown")),
                bad(null, InsufficientPointsException.class, l -> l.redeemPoints(RedeemPoints.of(TENANT, "c", 101))),
                bad(null, AccountAlreadyExistsException.class, l -> l.createAccount(TENANT, "c")));
    }

    private static Arguments bad(String field, Class<? extends RewardPointsException> type, Consumer<RewardPoints> call) {
        return Arguments.of(field, type, call);
    }

    @ParameterizedTest(name = "[{index}] {1} on {0}")
    @MethodSource("badInputs")
    void badInput_isRefusedWithASpecificExceptionAndChangesNothing(String field, Class<? extends RewardPointsException> type,
                                                                   Consumer<RewardPoints> call) {
        PointsSummary before = ledger.summary(TENANT, "c");
        List<String> customersBefore = store.customerIds(TENANT, null, 100);

        ThrowingCallable action = () -> call.accept(ledger);
        assertThatThrownBy(action).isInstanceOf(type).satisfies(e -> {
            if (field != null) {
                assertThat(((InvalidInputException) e).getField()).isEqualTo(field);
                assertThat(e.getMessage()).contains(field);
            }
        });

        assertThat(ledger.summary(TENANT, "c")).isEqualTo(before);
        assertThat(store.customerIds(TENANT, null, 100)).isEqualTo(customersBefore);
    }

    @Test
    void builder_refusesMissingOrInvalidSettingsNamingThem() {
        assertThatThrownBy(() -> RewardPoints.builder().settings(settings).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("store");
        assertThatThrownBy(() -> RewardPoints.builder().store(store).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("settings");
        assertThatThrownBy(() -> RewardPoints.builder().roundingMode(RoundingMode.UNNECESSARY))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("roundingMode");
        assertThatThrownBy(() -> RewardPoints.builder().sweepBatchSize(0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sweepBatchSize");
        assertThatThrownBy(() -> RewardPoints.builder().maxAttempts(-1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("maxAttempts");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "factor -1, -1, 12, RP",
            "validity 0, 1, 0, RP",
            "validity 1201, 1, 1201, RP",
            "prefix with dash, 1, 12, R-P",
            "blank prefix, 1, 12, ' '",
    })
    void siteSettings_refuseInvalidValues(String name, String factor, int validity, String prefix) {
        assertThatThrownBy(() -> SiteSettings.of(new BigDecimal(factor), validity, prefix, "EUR"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void storedTextIsKeptVerbatim() {
        String hostile = "Robert'); DROP TABLE lots;-- \u00e9\u6f22\u5b57 \"quoted\" \t tab";
        ledger.addPoints(AddPoints.of(TENANT, "c'; --", 5).withDescription(hostile).withReferenceId("ref'\";--"));
        AddedPoints lot = ledger.summary(TENANT, "c'; --").addedPointsList().get(0);
        assertThat(lot.description()).isEqualTo(hostile);
        assertThat(lot.referenceId()).isEqualTo("ref'\";--");
    }
}
