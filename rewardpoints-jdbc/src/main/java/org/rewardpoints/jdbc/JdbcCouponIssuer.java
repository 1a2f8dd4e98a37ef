package org.rewardpoints.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.StorageException;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * A {@link CouponIssuer} for shops without a coupon service: it records each coupon as a row of
 * {@code <prefix>issued_coupons}, where the shop's checkout can look it up by code. Thread-safe;
 * build one with {@link #builder(DataSource)}.
 *
 * <p><b>Idempotency.</b> The primary key (tenant, idempotency key) makes one key one coupon, also
 * across JVMs: {@link #issue} inserts, and when the insert breaks a uniqueness rule it looks the key
 * up. Found, the first coupon is returned whatever code was proposed; not found, the proposed code
 * belongs to another coupon (codes are unique across tenants) and {@link CouponCodeTakenException}
 * is thrown. Of concurrent issues of one key, one inserts and the others wait for it and return
 * its coupon. On Citus by customer ({@link CitusDialect#BY_CUSTOMER}) the coupons are distributed by
 * their key and the codes' uniqueness is the primary key of {@code <prefix>coupon_codes},
 * distributed by the code: an issue inserts both rows in one (distributed) transaction.
 *
 * <p>Instants are stored in UTC with microsecond precision; a coupon's {@code issuedAt} is the
 * request's {@code requestedAt}. Decimals of the template read back in their shortest form
 * ({@code 5.50} as {@code 5.5}); the coupon {@link #issue} returns already has that form.
 */
public final class JdbcCouponIssuer implements CouponIssuer {
    static final String COLUMNS = "tenant, idempotency_key, code, customer_id, " + CouponTemplateColumns.COLUMNS
            + ", issued_at";

    private final JdbcTransactions transactions;
    private final String table;
    private final String insert;
    /** Citus by customer: the code's row in the code table; else null. */
    private final String insertCode;
    private final String findByKey;
    private final String eraseCustomer;

    private JdbcCouponIssuer(JdbcTransactions transactions, String tablePrefix) {
        // the transactions, retries and failure translation of the JDBC adapters
        this.transactions = transactions;
        this.table = tablePrefix + "issued_coupons";
        this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, "
                + CouponTemplateColumns.PLACEHOLDERS + ", ?)";
        this.insertCode = CitusDialect.byCustomer(transactions.dialect()) ? "INSERT INTO " + tablePrefix
                + "coupon_codes (code, tenant, idempotency_key) VALUES (?, ?, ?)" : null;
        this.findByKey = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant = ? AND idempotency_key = ?";
        this.eraseCustomer = "UPDATE " + table + " SET customer_id = ? WHERE tenant = ? AND customer_id = ?";
    }

    /**
     * A builder of a coupon issuer on {@code dataSource}, with the options and defaults of
     * {@link JdbcLedgerStore#builder}.
     *
     * @param dataSource the database, pooled in production
     * @return the builder
     */
    public static JdbcAdapterBuilder<JdbcCouponIssuer> builder(DataSource dataSource) {
        return new JdbcAdapterBuilder<>(dataSource, JdbcCouponIssuer::new);
    }

    /**
     * @throws CouponCodeTakenException            when the proposed code belongs to a coupon of another key
     * @throws org.rewardpoints.InvalidInputException when a field of the request is missing or invalid
     * @throws StorageException                    when the database fails; repeating with the same key is safe
     */
    @Override
    public IssuedCoupon issue(CouponRequest request) {
        IssuedCoupon coupon = stored(request);
        try {
            transactions.inTransaction("issue of coupon '" + coupon.code() + "' under key '" + coupon.idempotencyKey()
                    + "' in tenant '" + coupon.tenant() + "'", connection -> {
                Sql.executeAll(connection, transactions.dialect(), inserts(coupon));
                return null;
            });
            return coupon;
        } catch (DuplicateKeyException e) {
            // the table has two unique rules, key and code: the key's row tells which one was broken
            Optional<IssuedCoupon> first = find(coupon.tenant(), coupon.idempotencyKey());
            if (first.isPresent()) {
                return first.get();
            }
            CouponCodeTakenException taken = new CouponCodeTakenException(coupon.code());
            taken.initCause(e);
            throw taken;
        }
    }

    /** The coupon a request stands for, as stored; {@link InvalidInputException} for a bad field. */
    IssuedCoupon stored(CouponRequest request) {
        Checks.required("request", request);
        CouponTemplate template = Checks.required("template", request.template());
        Instant requestedAt = Sql.stored("requestedAt", Checks.required("requestedAt", request.requestedAt()));
        return new IssuedCoupon(Checks.id("tenant", request.tenant()),
                Checks.id("idempotencyKey", request.idempotencyKey()), Checks.id("code", request.code()),
                Checks.id("customerId", request.customerId()), CouponTemplateColumns.asStored(template),
                requestedAt.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Whether a unit run by {@code ledger} can write this issuer's coupons in its own transaction:
     * both run their own transactions on the same data source.
     */
    boolean writesWith(JdbcTransactions ledger) {
        return transactions.sameDatabase(ledger);
    }

    /** The statements that store {@code coupon}: its code's row first where codes have a table of their own, then it. */
    List<Sql.Step> inserts(IssuedCoupon coupon) {
        Sql.Step insertCoupon = new Sql.Step(insert, params(coupon));
        return insertCode == null ? List.of(insertCoupon)
                : List.of(new Sql.Step(insertCode, coupon.code(), coupon.tenant(), coupon.idempotencyKey()), insertCoupon);
    }

    @Override
    public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
        Checks.id("tenant", tenant);
        Checks.id("idempotencyKey", idempotencyKey);
        String what = "find the coupon issued under key '" + idempotencyKey + "' in tenant '" + tenant + "'";
        return transactions.read(what, connection -> Sql.one(connection, transactions.dialect(), findByKey,
                this::coupon, tenant, idempotencyKey));
    }

    /** Replaces the customer id of the customer's coupons by {@link #ERASED_CUSTOMER}; the coupons stay valid. */
    @Override
    public void eraseCustomer(String tenant, String customerId) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        transactions.inTransaction("erasure of customer '" + customerId + "' from the coupons of tenant '" + tenant
                + "'", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(eraseCustomer)) {
                Sql.bindAll(statement, 1, new Object[] {ERASED_CUSTOMER, tenant, customerId}, transactions.dialect());
                return statement.executeUpdate();
            }
        });
    }

    private static Object[] params(IssuedCoupon coupon) {
        Object[] template = CouponTemplateColumns.params(coupon.template());
        Object[] params = new Object[template.length + 5];
        params[0] = coupon.tenant();
        params[1] = coupon.idempotencyKey();
        params[2] = coupon.code();
        params[3] = coupon.customerId();
        System.arraycopy(template, 0, params, 4, template.length);
        params[params.length - 1] = coupon.issuedAt();
        return params;
    }

    private IssuedCoupon coupon(ResultSet row) throws SQLException {
        String tenant = row.getString("tenant");
        String key = row.getString("idempotency_key");
        CouponTemplate template;
        try {
            template = CouponTemplateColumns.read(row);
        } catch (InvalidInputException | IllegalArgumentException e) {
            throw new StorageException("The coupon stored under key '" + key + "' of tenant '" + tenant
                    + "' in table " + table + " is not usable: " + e.getMessage(), e);
        }
        return new IssuedCoupon(tenant, key, row.getString("code"), row.getString("customer_id"), template,
                Sql.instant(row, "issued_at", transactions.dialect()));
    }

    @Override
    public String toString() {
        return "JdbcCouponIssuer[" + transactions.dialect().name() + ", table " + table + "]";
    }
}
