package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.CreditResult;
import org.rewardpoints.IdempotencyConflictException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponRequest;

/**
 * Citus by customer's key tables: a key is one entry in the tenant whichever customer it comes
 * with, although the accounts live in different shards. The customers here have accounts without
 * debt, so each credit first takes the write-only path, which only the key table stops.
 */
class CitusByCustomerKeysTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("keys_by_customer");
    private static final HikariDataSource POOL = CLUSTER.pool(8);
    private static final JdbcLedgerStore STORE = CitusCluster.byCustomerStore(POOL);
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
    private static final int CUSTOMERS = 8;

    private String tenant;
    private RewardPoints ledger;

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @BeforeEach
    void newTenant() {
        tenant = "t-" + UUID.randomUUID();
        ledger = RewardPoints.builder().store(STORE)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        for (int i = 0; i < CUSTOMERS; i++) {
            ledger.addPoints(AddPoints.of(tenant, customer(i), 10));
        }
    }

    @AfterEach
    void invariantsHold() {
        LedgerInvariants.assertHold(POOL, tenant);
    }

    private static String customer(int i) {
        return "customer-" + i;
    }

    private OrderCompletion order(int customer, String orderId) {
        return OrderCompletion.of(tenant, "main", customer(customer), orderId, "50", "EUR");
    }

    @Test
    void oneOrderDeliveredForTwoCustomers_isCreditedOnce() throws SQLException {
        assertThat(ledger.orderCompleted(order(0, "o-1")).status()).isEqualTo(CreditResult.Status.CREDITED);

        assertThatThrownBy(() -> ledger.orderCompleted(order(1, "o-1")))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("order:o-1");
        assertThat(ledger.orderCompleted(order(0, "o-1")).status()).isEqualTo(CreditResult.Status.ALREADY_CREDITED);
        assertThat(ledger.balance(tenant, customer(0))).isEqualTo(60);
        assertThat(ledger.balance(tenant, customer(1))).isEqualTo(10);
        assertThat(keyRows("rp_lot_keys", "order:o-1")).containsExactly(customer(0));
    }

    @Test
    void concurrentDeliveriesOfOneOrderForManyCustomers_creditOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CUSTOMERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CreditResult.Status>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CUSTOMERS; i++) {
                int customer = i;
                results.add(threads.submit(() -> {
                    start.await();
                    try {
                        return ledger.orderCompleted(order(customer, "o-shared")).status();
                    } catch (IdempotencyConflictException e) {
                        return null; // another customer's delivery won
                    }
                }));
            }
            start.countDown();
            List<CreditResult.Status> statuses = new ArrayList<>();
            for (Future<CreditResult.Status> result : results) {
                statuses.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(status -> status == CreditResult.Status.CREDITED).hasSize(1);
            assertThat(statuses).filteredOn(status -> status != CreditResult.Status.CREDITED).containsOnlyNulls();
        } finally {
            threads.shutdownNow();
        }
        long total = 0;
        for (int i = 0; i < CUSTOMERS; i++) {
            total += ledger.balance(tenant, customer(i));
        }
        assertThat(total).isEqualTo(CUSTOMERS * 10L + 50);
        assertThat(keyRows("rp_lot_keys", "order:o-shared")).hasSize(1);
    }

    @Test
    void oneRedemptionIdForTwoCustomers_debitsOnce() throws SQLException {
        ledger.redeemPoints(RedeemPoints.of(tenant, customer(0), 4).withId("r-1"));

        assertThatThrownBy(() -> ledger.redeemPoints(RedeemPoints.of(tenant, customer(1), 4).withId("r-1")))
                .isInstanceOf(IdempotencyConflictException.class).hasMessageContaining("redeem:r-1");
        assertThat(ledger.balance(tenant, customer(0))).isEqualTo(6);
        assertThat(ledger.balance(tenant, customer(1))).isEqualTo(10);
        assertThat(keyRows("rp_debit_keys", "redeem:r-1")).containsExactly(customer(0));
    }

    @Test
    void erasingAnAccount_freesItsKeys() throws SQLException {
        ledger.orderCompleted(order(0, "o-erased"));
        ledger.redeemPoints(RedeemPoints.of(tenant, customer(0), 4).withId("r-erased"));

        assertThat(ledger.deleteAccount(tenant, customer(0))).isTrue();

        assertThat(keyRows("rp_lot_keys", "order:o-erased")).isEmpty();
        assertThat(keyRows("rp_debit_keys", "redeem:r-erased")).isEmpty();
        // erased orders credit again, as the core documents; here for another customer
        assertThat(ledger.orderCompleted(order(1, "o-erased")).status()).isEqualTo(CreditResult.Status.CREDITED);
        assertThat(keyRows("rp_lot_keys", "order:o-erased")).containsExactly(customer(1));
    }

    @Test
    void aCouponIssuedInTheRedemptionsUnit_keepsItsCodeInTheCodeTable() throws SQLException {
        JdbcCouponIssuer issuer = JdbcCouponIssuer.builder(POOL).dialect(CitusDialect.BY_CUSTOMER).build();
        JdbcSettingsStore settings = JdbcSettingsStore.builder(POOL).dialect(CitusDialect.BY_CUSTOMER).build();
        settings.update(tenant, "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")));
        RewardPoints points = RewardPoints.builder().store(STORE).settings(settings).couponIssuer(issuer)
                .redemptionOptions(JdbcRedemptionOptionStore.builder(POOL).dialect(CitusDialect.BY_CUSTOMER).build())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        CouponTemplate template = CouponTemplate.absolute("5 EUR off", "5", "EUR");
        RedemptionOption voucher = points.createOption(tenant, RedemptionOptionDraft.of("5 EUR voucher", 6, template));

        RedeemedCoupon redeemed = points.redeemForCoupon(CouponRedemption.of(tenant, customer(0), voucher.id())
                .withRequestId("q-1"));

        assertThat(JdbcLibrary.count(POOL, "SELECT COUNT(*) FROM rp_coupon_codes WHERE tenant = ? AND code = '"
                + redeemed.code() + "'", tenant)).isEqualTo(1);
        assertThatThrownBy(() -> issuer.issue(new CouponRequest("t-other-" + UUID.randomUUID(), "other-key",
                redeemed.code(), customer(1), template, NOW))).isInstanceOf(CouponCodeTakenException.class);
        assertThat(points.balance(tenant, customer(0))).isEqualTo(4);
    }

    /** The customers the key's rows name. */
    private List<String> keyRows(String table, String key) throws SQLException {
        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT customer_id FROM " + table
                     + " WHERE tenant = ? AND idempotency_key = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, key);
            List<String> customers = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    customers.add(rows.getString(1));
                }
            }
            return customers;
        }
    }
}
