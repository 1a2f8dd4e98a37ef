package org.rewardpoints.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * The library wired entirely on the JDBC adapters (ledger store, coupon issuer, redemption option
 * store, settings store) over one data source, as a shop without services of its own runs it; and
 * the SQL the reliability tests check the stored ledger with (default table prefix).
 */
final class JdbcLibrary {
    /** Settings of every reliability tenant: one point per unit of order value, coupons {@code RP-...}. */
    static final SettingsPatch SETTINGS = new SettingsPatch(true, BigDecimal.ONE, 12, "RP",
            Currency.getInstance("EUR"), null);

    private JdbcLibrary() {
    }

    /** The stores of one library instance, built without touching the schema. */
    record Adapters(JdbcLedgerStore store, JdbcCouponIssuer coupons, JdbcRedemptionOptionStore options,
                    JdbcSettingsStore settings) {

        static Adapters on(DataSource dataSource, SqlDialect dialect) {
            return new Adapters(
                    JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.NONE).dialect(dialect).build(),
                    JdbcCouponIssuer.builder(dataSource).schemaMode(SchemaMode.NONE).dialect(dialect).build(),
                    JdbcRedemptionOptionStore.builder(dataSource).schemaMode(SchemaMode.NONE).dialect(dialect).build(),
                    JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.NONE).dialect(dialect).build());
        }

        RewardPoints library(Clock clock) {
            return library(clock, coupons);
        }

        /**
         * The library with the coupon issuer seen as one in another database (as a remote coupon
         * service is): the redemption is a saga of three units instead of one.
         */
        RewardPoints libraryWithIssuerElsewhere(Clock clock) {
            return library(clock, new CouponIssuer() {
                @Override
                public IssuedCoupon issue(CouponRequest request) {
                    return coupons.issue(request);
                }

                @Override
                public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
                    return coupons.find(tenant, idempotencyKey);
                }

                @Override
                public void eraseCustomer(String tenant, String customerId) {
                    coupons.eraseCustomer(tenant, customerId);
                }
            });
        }

        private RewardPoints library(Clock clock, CouponIssuer issuer) {
            return RewardPoints.builder().store(store).couponIssuer(issuer).redemptionOptions(options)
                    .settings(settings).clock(clock).build();
        }
    }

    /** Creates the schema when missing (shipped DDL) and returns the dialect. */
    static SqlDialect createSchema(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build().dialect();
    }

    /** One number from a query whose parameters are all {@code tenant}. */
    static long count(DataSource dataSource, String sql, String tenant) {
        List<String> rows = strings(dataSource, sql, tenant);
        return Long.parseLong(rows.get(0));
    }

    /** The first column of every row of a query whose parameters are all {@code tenant}. */
    static List<String> strings(DataSource dataSource, String sql, String tenant) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameters = sql.length() - sql.replace("?", "").length();
            for (int i = 1; i <= parameters; i++) {
                statement.setString(i, tenant);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    /** Pending reservations of the tenant. */
    static long pendingReservations(DataSource dataSource, String tenant) {
        return count(dataSource, "SELECT COUNT(*) FROM rp_debits WHERE tenant = ? AND status = 'PENDING'", tenant);
    }

    /**
     * Issued coupons and confirmed coupon redemptions that do not pair up one to one: a coupon
     * whose key is not a confirmed redemption of the same customer with the same code, or a
     * confirmed redemption without its coupon.
     */
    static List<String> unpairedCoupons(DataSource dataSource, String tenant) {
        List<String> unpaired = new ArrayList<>(strings(dataSource,
                "SELECT 'coupon ' || c.idempotency_key || ' ' || c.code FROM rp_issued_coupons c"
                        + " LEFT JOIN rp_debits d ON d.tenant = c.tenant AND d.id = c.idempotency_key"
                        + " AND d.kind = 'COUPON_REDEMPTION' AND d.status = 'CONFIRMED'"
                        + " AND d.customer_id = c.customer_id AND d.coupon_code = c.code"
                        + " WHERE c.tenant = ? AND d.id IS NULL", tenant));
        unpaired.addAll(strings(dataSource,
                "SELECT 'redemption ' || d.id FROM rp_debits d LEFT JOIN rp_issued_coupons c"
                        + " ON c.tenant = d.tenant AND c.idempotency_key = d.id"
                        + " WHERE d.tenant = ? AND d.kind = 'COUPON_REDEMPTION' AND d.status = 'CONFIRMED'"
                        + " AND c.code IS NULL", tenant));
        return unpaired;
    }
}
