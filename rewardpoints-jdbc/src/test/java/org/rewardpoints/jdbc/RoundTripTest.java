package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

/**
 * How many statements (each one network round trip) every operation costs. Guards against a
 * change that quietly adds round trips. Bound to a database by a subclass, which gives the
 * counts and says what each statement is.
 */
abstract class RoundTripTest {
    /** The operations measured. */
    enum Operation {
        /** An order's credit of an account without debt. */
        CREDIT,
        /** The first order's credit, which opens the account. */
        CREDIT_OPENING,
        /** A repeated delivery of an order already credited. */
        CREDIT_REPEATED,
        BALANCE,
        /** A redemption with its idempotency id. */
        REDEMPTION_WITH_ID,
        REDEMPTION,
        /** The reservation unit of a coupon redemption, its COMMIT included. */
        COUPON_RESERVATION,
        /** The whole coupon redemption in the ledger (the coupon is issued in memory). */
        COUPON_REDEMPTION,
        /** The whole coupon redemption with the JDBC coupon issuer on the ledger's data source: one unit. */
        COUPON_SAME_DATABASE,
        /** The sweep of one account with two expired lots, the candidate query included. */
        SWEEP,
        /** The sweep of three accounts with an expired lot each, the candidate query included: one transaction. */
        SWEEP_OF_THREE,
        /** A partial return of an order. */
        REVERSAL
    }

    /** The database, its schema created. */
    abstract DataSource pool();

    abstract SqlDialect dialect();

    /** The statements {@code operation} sends on this database. */
    abstract int statements(Operation operation);

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private String tenant;
    private RewardPoints points;
    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");

    private DataSource counted;
    private InMemorySettingsStore settings;

    @BeforeEach
    void countingLedger() {
        tenant = "t-" + UUID.randomUUID();
        counted = JdbcProxies.wrap(pool(), new JdbcProxies.Hooks() {
            @Override
            public void beforeExecute(String sql) {
                sent.add(sql.length() > 40 ? sql.substring(0, 40) : sql);
            }

            @Override
            public void afterRollback() {
                sent.add("ROLLBACK");
            }
        });
        JdbcLedgerStore store = JdbcLedgerStore.builder(counted).schemaMode(SchemaMode.NONE).dialect(dialect()).build();
        settings = new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
        points = RewardPoints.builder().store(store).settings(settings).clock(clock)
                .couponIssuer(new InMemoryCouponIssuer()).redemptionOptions(new InMemoryRedemptionOptionStore()).build();
    }

    @AfterEach
    void invariantsHold() {
        LedgerInvariants.assertHold(pool(), tenant);
    }

    private List<String> during(Runnable operation) {
        sent.clear();
        operation.run();
        return List.copyOf(sent);
    }

    @Test
    void orderCredit_ofAnAccountWithoutDebt_takesOneRoundTrip_andCommitWhereNoCreditFunction() {
        List<String> first = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1", "10", "EUR")));
        List<String> second = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-2", "10", "EUR")));
        List<String> repeat = during(() -> points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-2", "10", "EUR")));

        // the write-only credit: one call of the credit function in autocommit, or the statements and COMMIT
        String creditCall = Statements.creditCall(dialect(), "rp_");
        boolean oneCall = creditCall != null;
        assertThat(second).as("credit of an existing account").hasSize(statements(Operation.CREDIT));
        assertThat(second.get(0)).startsWith(oneCall ? creditCall : "UPDATE rp_accounts");
        assertThat(second.get(second.size() - 1)).isEqualTo(oneCall ? second.get(0) : "COMMIT");
        // the write-only credit declines (a call changes nothing, statements roll back), then the
        // unit: lock, the order's key, the writes
        String declined = oneCall ? first.get(0) : "ROLLBACK";
        assertThat(first).as("credit opening the account").hasSize(statements(Operation.CREDIT_OPENING))
                .containsSubsequence(declined, "COMMIT");
        // the lot insert hits the order's key, then the unit: lock, the order's key, nothing to write
        assertThat(repeat).as("repeated delivery").hasSize(statements(Operation.CREDIT_REPEATED))
                .containsSubsequence(oneCall ? repeat.get(0) : "ROLLBACK", "COMMIT");
        if (oneCall) {
            assertThat(first).as("no ROLLBACK: the declined call committed nothing").doesNotContain("ROLLBACK");
            assertThat(repeat).as("no ROLLBACK: the failed call changed nothing").doesNotContain("ROLLBACK")
                    .first().asString().startsWith(creditCall);
        }
    }

    @Test
    void balance_takesOneRoundTrip() {
        points.addPoints(AddPoints.of(tenant, "c", 10));

        assertThat(during(() -> points.balance(tenant, "c"))).hasSize(statements(Operation.BALANCE));
    }

    @Test
    void redemption_takesThreeRoundTripsAndCommit() {
        for (int i = 0; i < 5; i++) {
            points.addPoints(AddPoints.of(tenant, "c", 10));
        }

        List<String> withId = during(() -> points.redeemPoints(RedeemPoints.of(tenant, "c", 35).withId("r-1")));
        List<String> withoutId = during(() -> points.redeemPoints(RedeemPoints.of(tenant, "c", 5)));

        // lock with the first spendable lots, key lookup, the writes of lots, debit, allocations, account, event;
        // where statements pipeline, the key lookup rides in the lock's round trip
        assertThat(withId).hasSize(statements(Operation.REDEMPTION_WITH_ID)).endsWith("COMMIT");
        if (dialect().pipelinesMultipleStatements()) {
            assertThat(withId).hasSameSizeAs(withoutId);
        } else {
            assertThat(withId.get(1)).startsWith("SELECT " + Statements.DEBIT_COLUMNS.substring(0, 33));
        }
        assertThat(withId).anySatisfy(statement -> assertThat(statement).startsWith("UPDATE rp_lots"));
        assertThat(withoutId).hasSize(statements(Operation.REDEMPTION)).endsWith("COMMIT");
    }

    @Test
    void couponRedemption_takesFiveRoundTripsInTheLedger() {
        points.addPoints(AddPoints.of(tenant, "c", 100));
        RedemptionOption option = points.createOption(tenant, RedemptionOptionDraft.of("5 EUR", 50,
                CouponTemplate.absolute("5 EUR off", "5", "EUR")));

        List<String> redemption = during(() -> points.redeemForCoupon(CouponRedemption.of(tenant, "c", option.id())));

        // reserve: lock with the first spendable lots, the writes, COMMIT;
        // (the coupon is issued in memory here) confirm: lock, conditional update with the event, COMMIT
        int reservation = statements(Operation.COUPON_RESERVATION);
        assertThat(redemption).hasSize(statements(Operation.COUPON_REDEMPTION)).endsWith("COMMIT");
        assertThat(redemption.get(reservation - 1)).isEqualTo("COMMIT");
        assertThat(redemption.get(reservation)).startsWith("SELECT version FROM rp_accounts");
    }

    @Test
    void couponRedemption_withTheIssuerOnTheLedgersDataSource_isOneUnit() {
        InMemoryRedemptionOptionStore options = new InMemoryRedemptionOptionStore();
        RewardPoints sameDatabase = RewardPoints.builder()
                .store(JdbcLedgerStore.builder(counted).schemaMode(SchemaMode.NONE).dialect(dialect()).build())
                .settings(settings).clock(clock).redemptionOptions(options)
                .couponIssuer(JdbcCouponIssuer.builder(counted).schemaMode(SchemaMode.NONE).dialect(dialect()).build())
                .build();
        sameDatabase.addPoints(AddPoints.of(tenant, "c", 100));
        RedemptionOption option = sameDatabase.createOption(tenant, RedemptionOptionDraft.of("5 EUR", 50,
                CouponTemplate.absolute("5 EUR off", "5", "EUR")));

        List<String> redemption = during(() -> sameDatabase.redeemForCoupon(
                CouponRedemption.of(tenant, "c", option.id())));

        // lock with the first spendable lots, the writes with the coupon's insert, one COMMIT
        assertThat(redemption).hasSize(statements(Operation.COUPON_SAME_DATABASE)).endsWith("COMMIT")
                .containsOnlyOnce("COMMIT").anySatisfy(sql -> assertThat(sql).startsWith("INSERT INTO rp_issued_coupons"));
        assertThat(sameDatabase.balance(tenant, "c")).isEqualTo(50);
    }

    @Test
    void sweepOfSeveralAccounts_isOneTransaction_oneLockEach_andTheirWritesTogether() {
        for (String customer : List.of("a", "b", "c")) {
            points.addPoints(AddPoints.of(tenant, customer, 10).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        }
        clock.set(Instant.parse("2025-01-02T00:00:00Z"));

        List<String> sweep = during(points::sweepExpired);

        assertThat(sweep).hasSize(statements(Operation.SWEEP_OF_THREE)).containsOnlyOnce("COMMIT");
        assertThat(sweep.get(sweep.size() - 1)).as("the candidates again, to find none left").isEqualTo(sweep.get(0));
        for (String customer : List.of("a", "b", "c")) {
            assertThat(points.balance(tenant, customer)).isZero();
        }
    }

    @Test
    void sweep_takesThreeRoundTripsPerAccountAfterTheCandidateQuery() {
        points.addPoints(AddPoints.of(tenant, "c", 10).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        points.addPoints(AddPoints.of(tenant, "c", 20).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        clock.set(Instant.parse("2025-01-02T00:00:00Z"));

        List<String> sweep = during(points::sweepExpired);

        // candidates; then the unit: lock with the expired lots, the writes, COMMIT; the candidates again
        assertThat(sweep).hasSize(statements(Operation.SWEEP)).endsWith("COMMIT", sweep.get(0));
        assertThat(sweep.get(2)).startsWith(dialect().pipelinesMultipleStatements() ? "UPDATE rp_lots" : "SELECT");
        assertThat(points.balance(tenant, "c")).isZero();
    }

    @Test
    void reversal_readsTheOrdersLotAndReversalsThenWritesOnce() {
        points.orderCompleted(OrderCompletion.of(tenant, "main", "c", "o-1", "100", "EUR"));

        List<String> reversal = during(() -> points.orderReturned(OrderReturn.partial(tenant, "o-1", "r-1", "40", "EUR")));

        // find the order's lot, then in the unit: lock, key lookup, the lot, earlier reversals, the writes
        assertThat(reversal).hasSize(statements(Operation.REVERSAL)).endsWith("COMMIT");
    }
}
