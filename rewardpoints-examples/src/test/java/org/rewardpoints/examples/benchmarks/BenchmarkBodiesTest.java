package org.rewardpoints.examples.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rewardpoints.CreditResult;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.examples.benchmarks.Database.Kind;

/**
 * The benchmarks' operations and setups run once each, untimed: every hand-written baseline leaves
 * exactly the rows the library leaves for the same operation (compared on twin customers with the
 * same loaded history), and every benchmark method works on its own setup. Asserts no timings.
 *
 * <p>The event rows ({@code rp_events}) are compared only where the baseline writes them: the
 * credit, the coupon redemption and the redemption with their events ({@code creditWithEventBaseline},
 * {@code couponSpreadWithEventBaseline}, {@code redeemHotWithEventBaseline}). Every other baseline leaves the event
 * out by design (it stands for the same ledger without an outbox), so its twin comparison leaves
 * {@code rp_events} out too, and the test checks instead that the library did write its events.
 */
class BenchmarkBodiesTest {
    /** Twin customers: 1 and 2, 3 and 4, 5 and 6, 7 and 8 have the same history. */
    private static final LedgerLoader.Group SPREAD = new LedgerLoader.Group("spread-", 8, 10, 1, 0, 100);
    private static final LedgerLoader.Group HOT = new LedgerLoader.Group("hot-", 4, 30, 0, 0, 40);

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyBaseline_leavesTheRowsTheLibraryLeaves(Kind kind) throws SQLException {
        try (Database db = Database.create(kind, 4)) {
            Scenario scenario = Scenario.create(kind, db.pool());
            scenario.load(List.of(SPREAD, HOT));
            DataSource data = db.pool();
            assertThat(snapshot(data, SPREAD.customer(1))).isEqualTo(snapshot(data, SPREAD.customer(2)));

            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(1), "order-1")).status())
                    .isEqualTo(CreditResult.Status.CREDITED);
            assertThat(scenario.creditBaseline(SPREAD.customer(2), "order-2")).isTrue();
            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(1), "order-1")).status())
                    .isEqualTo(CreditResult.Status.ALREADY_CREDITED);
            assertThat(scenario.creditBaseline(SPREAD.customer(2), "order-2")).as("repeated delivery").isFalse();
            assertTwins(data, SPREAD.customer(1), SPREAD.customer(2));
            assertThat(snapshot(data, SPREAD.customer(1), true)).as("the library's credit wrote one event")
                    .filteredOn(line -> line.startsWith("event ")).hasSize(1);

            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(5), "order-5")).status())
                    .isEqualTo(CreditResult.Status.CREDITED);
            assertThat(scenario.creditWithEventBaseline(SPREAD.customer(6), "order-6")).isTrue();
            assertThat(scenario.creditWithEventBaseline(SPREAD.customer(6), "order-6")).as("repeated delivery").isFalse();
            assertThat(scenario.creditWithEventBaseline(SPREAD.customer(6), "order-6b")).isTrue();
            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(5), "order-5")).status())
                    .isEqualTo(CreditResult.Status.ALREADY_CREDITED);
            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(5), "order-5b")).status())
                    .isEqualTo(CreditResult.Status.CREDITED);
            List<String> withEvents = snapshot(data, SPREAD.customer(5), true);
            assertThat(withEvents).filteredOn(line -> line.startsWith("event ")).hasSize(2);
            assertThat(snapshot(data, SPREAD.customer(6), true)).as("baseline with event beside the library")
                    .isEqualTo(withEvents);

            for (int i = 0; i < 3; i++) {
                scenario.couponLibrary(SPREAD.customer(3));
                scenario.couponBaseline(SPREAD.customer(4));
            }
            assertTwins(data, SPREAD.customer(3), SPREAD.customer(4));

            // 100 points from lots of 40: every redemption touches two or three lots
            for (int i = 0; i < 5; i++) {
                scenario.redeemLibrary(HOT.customer(1));
                scenario.redeemBaseline(HOT.customer(2));
            }
            scenario.couponLibrary(HOT.customer(1));
            scenario.couponBaseline(HOT.customer(2));
            assertTwins(data, HOT.customer(1), HOT.customer(2));

            for (int i = 0; i < 3; i++) {
                scenario.couponLibrary(SPREAD.customer(7));
                scenario.couponWithEventBaseline(SPREAD.customer(8));
                scenario.redeemLibrary(HOT.customer(3));
                scenario.redeemWithEventBaseline(HOT.customer(4));
            }
            List<String> couponEvents = snapshot(data, SPREAD.customer(7), true);
            assertThat(couponEvents).filteredOn(line -> line.startsWith("event ")).hasSize(3);
            assertThat(snapshot(data, SPREAD.customer(8), true)).as("coupon baseline with event beside the library")
                    .isEqualTo(couponEvents);
            List<String> redemptionEvents = snapshot(data, HOT.customer(3), true);
            assertThat(redemptionEvents).filteredOn(line -> line.startsWith("event ")).hasSize(3);
            assertThat(snapshot(data, HOT.customer(4), true)).as("redemption baseline with event beside the library")
                    .isEqualTo(redemptionEvents);

            for (String customer : List.of(SPREAD.customer(1), SPREAD.customer(3), HOT.customer(2))) {
                assertThat(scenario.balanceBaseline(customer)).isEqualTo(scenario.balanceLibrary(customer));
                assertSamePage(scenario.summaryPageLibrary(customer), scenario.summaryPageBaseline(customer));
            }

            scenario.library().updateSettings(LedgerLoader.TENANT, Scenario.SITE,
                    SettingsPatch.of(Scenario.SETTINGS.withPendingPeriodDays(14)));
            String pending = SPREAD.customer(7);
            long before = scenario.balanceLibrary(pending);
            assertThat(((CreditResult) scenario.creditLibrary(pending, "order-pending")).points()).isPositive();
            assertThat(scenario.balanceLibrary(pending)).as("the credit is pending").isEqualTo(before);
            assertThat(scenario.balanceWithPendingBaseline(pending)).isEqualTo(before);
            assertThat(scenario.balanceBaseline(pending)).as("the baseline without pending points counts them")
                    .isGreaterThan(before);
        }
    }

    @Test
    void floor_leavesTheRowsTheLibrarysCreditLeaves_withAndWithoutItsEvent() throws SQLException {
        try (Database db = Database.create(Kind.POSTGRESQL, 2)) {
            Scenario scenario = Scenario.create(Kind.POSTGRESQL, db.pool());
            scenario.load(List.of(SPREAD));
            DataSource data = db.pool();

            assertThat(((CreditResult) scenario.creditLibrary(SPREAD.customer(1), "order-1")).status())
                    .isEqualTo(CreditResult.Status.CREDITED);
            assertThat(scenario.creditFloor(SPREAD.customer(2), "order-2")).isTrue();
            assertThat(scenario.creditFloor(SPREAD.customer(2), "order-2")).as("repeated delivery").isFalse();
            assertThat(snapshot(data, SPREAD.customer(2), true)).as("the floor beside the library, events included")
                    .isEqualTo(snapshot(data, SPREAD.customer(1), true));

            assertThat(scenario.creditWithoutEventFloor(SPREAD.customer(4), "order-4")).isTrue();
            scenario.creditBaseline(SPREAD.customer(3), "order-3");
            assertTwins(data, SPREAD.customer(3), SPREAD.customer(4));
            assertThat(snapshot(data, SPREAD.customer(4), true)).as("no event").noneMatch(line -> line.startsWith("event "));
        }
    }

    @Test
    void sweepBaseline_leavesTheRowsTheLibrarySweepLeaves() throws SQLException {
        try (Database db = Database.create(Kind.POSTGRESQL, 2)) {
            Scenario scenario = Scenario.create(Kind.POSTGRESQL, db.pool());
            LedgerLoader.Group expiring = SweepBenchmarks.expiring(100);
            scenario.loader().load(expiring);
            assertThat(scenario.sweepLibrary()).isEqualTo(100);
            List<List<String>> library = snapshots(db.pool(), expiring);
            scenario.loader().truncateLedger();
            scenario.loader().load(expiring);
            assertThat(scenario.sweepBaseline()).isEqualTo(100);

            assertThat(snapshots(db.pool(), expiring)).isEqualTo(library);
            assertThat(scenario.sweepLibrary()).as("nothing left to sweep").isZero();
            assertThat(library.get(0)).anyMatch(line -> line.startsWith("debit EXPIRY CONFIRMED 100 100 10"));
        }
    }

    @Test
    void roundTripProbe_countsWhatTheReadmeDocuments() {
        Map<String, Double> postgres = RoundTripProbe.measure(Kind.POSTGRESQL);

        // rewardpoints-jdbc/README.md: credit of an existing account 1 (the credit function in autocommit),
        // redemption without id 2 + commit, coupon redemption with the issuer on the ledger's data source:
        // option 1, then one unit of 2 + commit (reserve, issue and confirm together)
        assertThat(postgres.get("creditLibrary")).isEqualTo(1.0);
        assertThat(postgres.get("redeemHotLibrary")).isEqualTo(3.0);
        assertThat(postgres.get("couponSpreadLibrary")).isEqualTo(4.0);
        assertThat(postgres.get("balanceLibrary")).isEqualTo(1.0);
        assertThat(postgres.get("creditBaseline")).isEqualTo(2.0);
        assertThat(postgres.get("creditWithEventBaseline")).as("the event row in the same round trip").isEqualTo(2.0);
        assertThat(postgres.get("deliverLibrary")).isPositive().isLessThan(1.0);
        assertThat(postgres.get("deliverBaseline")).isPositive().isLessThan(0.01);
        assertThat(postgres.get("balanceBaseline")).isEqualTo(1.0);
        assertThat(postgres.get("sweepBaseline")).isLessThan(0.01);
        assertThat(postgres).containsKeys("couponHotLibrary", "couponSpreadBaseline", "summaryPageLibrary",
                "summaryPageBaseline", "sweepLibrary");
    }

    @Test
    void roundTripProbe_onMariaDb_countsWhatTheReadmeDocuments() {
        Map<String, Double> mariaDb = RoundTripProbe.measure(Kind.MARIADB);

        // rewardpoints-jdbc/README.md, "Round trips on MariaDB": one statement per round trip. The
        // library's credit: one call of the DDL's procedure, which commits; its redemption without id 8.
        assertThat(mariaDb.get("creditLibrary")).isEqualTo(1.0);
        assertThat(mariaDb.get("redeemHotLibrary")).isEqualTo(8.0);
        assertThat(mariaDb.get("balanceLibrary")).isEqualTo(1.0);
        // the baseline: account update, lot, commit; with the event row one statement more
        assertThat(mariaDb.get("creditBaseline")).isEqualTo(3.0);
        assertThat(mariaDb.get("creditWithEventBaseline")).isEqualTo(4.0);
        assertThat(mariaDb.get("balanceBaseline")).isEqualTo(1.0);
        // lock, spendable lots, the lot, debit, allocation, account, commit
        assertThat(mariaDb.get("redeemHotBaseline")).isEqualTo(7.0);
        assertThat(mariaDb).doesNotContainKeys("sweepLibrary", "deliverLibrary")
                .containsKeys("couponHotLibrary", "couponSpreadBaseline", "summaryPageLibrary", "summaryPageBaseline");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mariadb"})
    void jdbcBenchmarks_runOnTheirOwnSetup(String database) {
        JdbcBenchmarks benchmarks = new JdbcBenchmarks();
        benchmarks.database = database;
        benchmarks.createDatabase(params("couponHotLibrary")); // a hot-account benchmark's setup loads all the data
        try {
            benchmarks.enoughPoints();
            JdbcBenchmarks.Caller caller = new JdbcBenchmarks.Caller();
            assertThat(benchmarks.creditLibrary(caller)).isNotNull();
            assertThat(benchmarks.creditBaseline(caller)).isTrue();
            assertThat(benchmarks.creditWithEventBaseline(caller)).isTrue();
            assertThat(List.of(benchmarks.couponHotLibrary(), benchmarks.couponHotBaseline(),
                    benchmarks.couponSpreadLibrary(), benchmarks.couponSpreadBaseline(),
                    benchmarks.couponSpreadWithEventBaseline())).allMatch(code -> code.startsWith("RP-"));
            assertThat(benchmarks.redeemHotLibrary()).isNotNull();
            assertThat(benchmarks.redeemHotBaseline()).as("balance after, topped up for the first iteration").isGreaterThan(2_000_000L);
            assertThat(benchmarks.redeemHotWithEventBaseline()).isGreaterThan(2_000_000L);
            assertThat(benchmarks.balanceLibrary(caller)).isBetween(800L, 950L);
            assertThat(benchmarks.balanceBaseline(caller)).isBetween(800L, 950L);
            assertThat(benchmarks.balanceWithPendingBaseline(caller)).isBetween(800L, 950L);
            assertThat(benchmarks.summaryPageLibrary(caller)).isNotNull();
            assertThat(benchmarks.summaryPageBaseline(caller)).isNotNull();
        } finally {
            benchmarks.dropDatabase();
        }
    }

    @Test
    void historyAndSweepBenchmarks_runOnTheirOwnSetup() {
        HistoryBenchmarks history = new HistoryBenchmarks();
        history.database = "postgresql";
        history.entries = 10;
        history.load();
        try {
            assertThat(history.balance()).isEqualTo(20); // 6 lots of 10, 4 spent
            assertThat(((Scenario.LibrarySummaryPage) history.summaryPage()).credits().items()).hasSize(6);
        } finally {
            history.drop();
        }

        SweepBenchmarks sweep = new SweepBenchmarks();
        sweep.database = "postgresql";
        sweep.lots = 200;
        sweep.createDatabase();
        try {
            sweep.loadExpiredLots();
            assertThat(sweep.sweepLibrary()).isEqualTo(200);
            sweep.loadExpiredLots();
            assertThat(sweep.sweepBaseline()).isEqualTo(200);
        } finally {
            sweep.dropDatabase();
        }
    }

    @Test
    void asOfBenchmarks_libraryAndBaselineAgreeNearBothEnds() {
        AsOfBenchmarks asOf = new AsOfBenchmarks();
        asOf.database = "postgresql";
        asOf.entries = 1000; // 600 lots of 10, then 400 redemptions of one lot each
        asOf.load();
        try {
            assertThat(asOf.nearStartLibrary()).isEqualTo(1000).isEqualTo(asOf.nearStartBaseline()); // 100 lots
            assertThat(asOf.nearEndLibrary()).isEqualTo(3000).isEqualTo(asOf.nearEndBaseline()); // 300 of them spent
        } finally {
            asOf.drop();
        }
    }

    @Test
    void expiringSoonBenchmarks_libraryAndBaselineReadTheSamePage() throws Exception {
        ExpiringSoonBenchmarks expiring = new ExpiringSoonBenchmarks();
        expiring.database = "postgresql";
        expiring.customers = 1_000;
        expiring.windowDays = 30; // customers n with n mod 365 below 30: 1-29, 365-394, 730-759
        expiring.load();
        try {
            var library = expiring.expiringPageLibrary();
            var baseline = expiring.expiringPageBaseline();
            assertThat(library.items()).hasSize(89).allSatisfy(customer -> assertThat(customer.points()).isEqualTo(100));
            assertThat(baseline).extracting(BaselineLedger.ExpiringCustomer::customerId, BaselineLedger.ExpiringCustomer::points,
                    BaselineLedger.ExpiringCustomer::earliestExpiry)
                    .containsExactlyElementsOf(library.items().stream().map(customer -> org.assertj.core.groups.Tuple.tuple(
                            customer.customerId(), customer.points(), customer.earliestExpiry())).toList());
            assertThat(expiring.plan()).contains("Index Only Scan").doesNotContain("Seq Scan");
        } finally {
            expiring.close();
        }
    }

    @Test
    void eventBenchmarks_runOnTheirOwnSetup() {
        EventBenchmarks relay = new EventBenchmarks();
        relay.database = "postgresql";
        relay.events = 300;
        relay.accounts = 20;
        relay.createDatabase();
        try {
            relay.loadEvents();
            assertThat(relay.deliverLibrary()).isEqualTo(300);
            relay.loadEvents(); // checks that the listener heard all 300
            assertThat(relay.deliverBaseline()).isEqualTo(300);
            relay.loadEvents();
        } finally {
            relay.dropDatabase();
        }
    }

    @Test
    void inMemoryBenchmarks_runOnTheirOwnSetup() {
        InMemoryBenchmarks benchmarks = new InMemoryBenchmarks();
        InMemoryBenchmarks.Caller caller = new InMemoryBenchmarks.Caller();
        Map<String, Consumer<InMemoryBenchmarks>> methods = new HashMap<>();
        methods.put("credit", b -> assertThat(b.credit(caller).points()).isEqualTo(25));
        methods.put("redeemOneLot", b -> assertThat(b.redeemOneLot().points()).isEqualTo(10));
        methods.put("redeemFiftyLots", b -> assertThat(b.redeemFiftyLots().points()).isEqualTo(500));
        methods.put("balance", b -> assertThat(b.balance(caller)).isEqualTo(100));
        methods.forEach((method, body) -> {
            benchmarks.freshLedger(params(method));
            body.accept(benchmarks);
            benchmarks.rememberUse();
        });
    }

    private static BenchmarkParams params(String method) {
        BenchmarkParams params = mock(BenchmarkParams.class);
        when(params.getBenchmark()).thenReturn("org.rewardpoints.examples.benchmarks.Some." + method);
        return params;
    }

    private static void assertTwins(DataSource data, String library, String baseline) throws SQLException {
        assertThat(snapshot(data, baseline)).as("baseline's rows of " + baseline + " beside the library's of " + library)
                .isEqualTo(snapshot(data, library));
    }

    private static void assertSamePage(Scenario.LibrarySummaryPage library, BaselineLedger.SummaryPage baseline) {
        assertThat(baseline.activePoints()).isEqualTo(library.activePoints());
        assertThat(baseline.credits()).extracting(BaselineLedger.Credit::id, BaselineLedger.Credit::points,
                        BaselineLedger.Credit::used, BaselineLedger.Credit::usedWith, BaselineLedger.Credit::balanceAfter)
                .containsExactlyElementsOf(library.credits().items().stream().map(added -> org.assertj.core.groups.Tuple
                        .tuple(added.id(), added.points(), added.usedPoints(), added.usedWith(), added.allPointsAfterCreation()))
                        .toList());
        assertThat(baseline.debits()).extracting(BaselineLedger.Debit::id, BaselineLedger.Debit::points,
                        BaselineLedger.Debit::balanceAfter, BaselineLedger.Debit::couponCode)
                .containsExactlyElementsOf(library.debits().items().stream().map(redeemed -> org.assertj.core.groups.Tuple
                        .tuple(redeemed.id(), redeemed.points(), redeemed.allPointsAfterCreation(), redeemed.couponCode())).toList());
    }

    private static List<List<String>> snapshots(DataSource data, LedgerLoader.Group group) throws SQLException {
        List<List<String>> all = new ArrayList<>();
        for (int n = 1; n <= group.customers(); n++) {
            all.add(snapshot(data, group.customer(n)));
        }
        return all;
    }

    /**
     * A customer's rows without what necessarily differs between twins: ids become positions in
     * the history, the customer id is left out, an order's id in its lot's description becomes
     * {@code {orderId}}, instants are compared to the minute.
     */
    private static List<String> snapshot(DataSource data, String customer) throws SQLException {
        return snapshot(data, customer, false);
    }

    /** With {@code events}, also the customer's event rows, their payloads normalized as the rows are. */
    private static List<String> snapshot(DataSource data, String customer, boolean events) throws SQLException {
        List<String> lines = new ArrayList<>();
        Map<String, String> positions = new HashMap<>();
        try (Connection connection = data.getConnection()) {
            query(connection, "SELECT open_points, debt, version FROM rp_accounts WHERE tenant = ? AND customer_id = ?",
                    customer, row -> lines.add("account " + row.getLong(1) + " " + row.getLong(2) + " " + row.getLong(3)));
            query(connection, "SELECT id, points, remaining, balance_after, order_value, currency, description,"
                    + " valid_until, order_id FROM rp_lots WHERE tenant = ? AND customer_id = ? ORDER BY created_at, id", customer, row -> {
                        String position = "lot" + positions.size();
                        positions.put(row.getString(1), position);
                        lines.add(position + " " + row.getLong(2) + " " + row.getLong(3) + " " + row.getLong(4) + " "
                                + (row.getBigDecimal(5) == null ? null : row.getBigDecimal(5).stripTrailingZeros().toPlainString())
                                + " " + row.getString(6) + " "
                                + (row.getString(9) == null || row.getString(7) == null ? row.getString(7)
                                        : row.getString(7).replace(row.getString(9), "{orderId}"))
                                + " "
                                + row.getObject(8, java.time.OffsetDateTime.class).toInstant()
                                        .truncatedTo(java.time.temporal.ChronoUnit.HOURS));
                    });
            query(connection, "SELECT id, kind, status, points, requested_points, balance_after, description,"
                    + " redeem_option_id, coupon_code, idempotency_key FROM rp_debits WHERE tenant = ? AND customer_id = ?"
                    + " ORDER BY created_at, id", customer, row -> {
                        String position = "debit" + positions.size();
                        positions.put(row.getString(1), position);
                        String key = row.getString(10);
                        lines.add("debit " + row.getString(2) + " " + row.getString(3) + " " + row.getLong(4) + " "
                                + row.getLong(5) + " " + row.getLong(6) + " " + row.getString(7) + " " + row.getString(8)
                                + " coupon:" + (row.getString(9) != null) + " key:"
                                + (key == null ? null : key.substring(0, key.indexOf(':'))));
                    });
            List<String> allocations = new ArrayList<>();
            query(connection, "SELECT debit_id, lot_id, points FROM rp_allocations WHERE tenant = ? AND customer_id = ?",
                    customer, row -> allocations.add("allocation " + positions.get(row.getString(1)) + " "
                            + positions.get(row.getString(2)) + " " + row.getLong(3)));
            allocations.sort(null);
            lines.addAll(allocations);
            query(connection, "SELECT code, idempotency_key, discount_type FROM rp_issued_coupons WHERE tenant = ?"
                    + " AND customer_id = ? ORDER BY issued_at", customer, row -> lines.add("coupon "
                    + row.getString(1).startsWith("RP-") + " " + positions.get(row.getString(2)) + " " + row.getString(3)));
            if (events) {
                query(connection, "SELECT id, aggregate_type, aggregate_id, type, entry_id, points, balance_after,"
                        + " occurred_at, payload, attempts, delivered_at FROM rp_events WHERE tenant = ? AND customer_id = ?"
                        + " ORDER BY position", customer, row -> lines.add("event " + row.getString(2) + " "
                        + row.getString(3).replace(customer, "{customer}") + " " + row.getString(4) + " "
                        + positions.get(row.getString(5)) + " " + row.getLong(6) + " " + row.getLong(7) + " "
                        + hour(row.getObject(8, java.time.OffsetDateTime.class).toInstant()) + " " + row.getInt(10) + " "
                        + row.getObject(11) + " " + payload(row.getString(9), row.getString(1), customer, positions)));
            }
        }
        return lines;
    }

    private static java.time.Instant hour(java.time.Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }

    /** An event's payload with what differs between twins replaced, fields sorted by name. */
    private static String payload(String json, String eventId, String customer, Map<String, String> positions) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            String orderId = node.hasNonNull("orderId") ? node.get("orderId").asText() : null;
            java.util.TreeMap<String, String> fields = new java.util.TreeMap<>();
            node.properties().forEach(field -> {
                String value = field.getValue().asText();
                fields.put(field.getKey(), switch (field.getKey()) {
                    case "id" -> value.equals(eventId) ? "{id}" : "other id " + value;
                    case "customerId" -> value.equals(customer) ? "{customer}" : value;
                    case "entryId" -> String.valueOf(positions.get(value));
                    case "couponCode" -> "{code}";
                    case "occurredAt", "validUntil" -> hour(java.time.Instant.parse(value)).toString();
                    default -> orderId == null ? value : value.replace(orderId, "{orderId}");
                });
            });
            return fields.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("Event payload is not JSON: " + json, e);
        }
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, String customer, Row row) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "bench");
            statement.setString(2, customer);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        }
    }
}
