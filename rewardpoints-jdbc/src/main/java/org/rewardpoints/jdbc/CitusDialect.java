package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Citus (distributed PostgreSQL) 13 and later, through the PostgreSQL JDBC driver, in one of two
 * models. Connect to the coordinator.
 *
 * <ul>
 *   <li>{@link #INSTANCE}, <b>by tenant</b> (Citus's multi-tenant model): the tables distributed
 *       by tenant as {@code schema/citus/V1__reward_points.sql} does; a tenant lives in one shard.
 *       Detected when the database, reporting itself as PostgreSQL, has the {@code citus}
 *       extension; or set it with {@code builder(dataSource).dialect(CitusDialect.INSTANCE)}.</li>
 *   <li>{@link #BY_CUSTOMER}, <b>by customer</b>, for one huge tenant across nodes: the per-account
 *       tables distributed by customer id as {@code schema/citus-by-customer/V1__reward_points.sql}
 *       does, and every uniqueness across customers (idempotency keys of lots and debits, coupon
 *       codes) kept in a key table distributed by the key, written in the unit's distributed
 *       transaction. Never detected: set it with
 *       {@code builder(dataSource).dialect(CitusDialect.BY_CUSTOMER)}.</li>
 * </ul>
 *
 * <p>The SQL is PostgreSQL's but for what Citus routes differently: every statement about one
 * account names the distribution column, so it goes to one shard, and no locking statement spans
 * shards (Citus refuses multi-shard {@code FOR UPDATE}): the expiry sweep, the expiring-soon
 * announcements and the event relay find their candidates without locks across all shards, then
 * lock them one tenant at a time ({@link #locksOneTenantAtATime()}), or by customer one account at
 * a time.
 */
public final class CitusDialect implements SqlDialect {
    /** By tenant: the tables distributed by tenant, the model detection picks. */
    public static final CitusDialect INSTANCE = new CitusDialect(false);
    /** By customer: the per-account tables distributed by customer id, cross-customer keys in key tables. */
    public static final CitusDialect BY_CUSTOMER = new CitusDialect(true);

    private static final SqlDialect POSTGRES = PostgresDialect.INSTANCE;

    private final boolean byCustomer;

    private CitusDialect(boolean byCustomer) {
        this.byCustomer = byCustomer;
    }

    /**
     * Whether {@code dialect} is Citus distributed by customer ({@link #BY_CUSTOMER}): statements
     * then bind the customer wherever they bind the tenant, lock one account at a time, and write
     * and read idempotency keys and coupon codes through their key tables.
     *
     * @param dialect a dialect
     * @return true for {@link #BY_CUSTOMER}
     */
    static boolean byCustomer(SqlDialect dialect) {
        return dialect instanceof CitusDialect citus && citus.byCustomer;
    }

    /**
     * The column the per-account tables are distributed by in this model.
     *
     * @return {@code tenant} or {@code customer_id}
     */
    public String distributionColumn() {
        return byCustomer ? "customer_id" : "tenant";
    }

    /**
     * Whether the database of {@code connection}, a PostgreSQL database, has the {@code citus}
     * extension.
     *
     * @param connection a connection to the database
     * @return true if Citus is installed in it
     * @throws SQLException if the catalog cannot be read
     */
    static boolean installedIn(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')");
             ResultSet row = statement.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    @Override
    public String name() {
        return byCustomer ? "Citus (by customer)" : "Citus";
    }

    @Override
    public boolean supports(String productName) {
        return POSTGRES.supports(productName); // Citus reports itself as PostgreSQL
    }

    @Override
    public String schemaFolder() {
        return byCustomer ? "citus-by-customer" : "citus";
    }

    @Override
    public boolean pipelinesMultipleStatements() {
        return POSTGRES.pipelinesMultipleStatements();
    }

    @Override
    public boolean transactionalDdl() {
        return POSTGRES.transactionalDdl();
    }

    @Override
    public void lockSchemaCreation(Connection connection, String tablePrefix) throws SQLException {
        POSTGRES.lockSchemaCreation(connection, tablePrefix);
    }

    @Override
    public String skipLockedClause() {
        return POSTGRES.skipLockedClause();
    }

    /** True in both models; by customer, the store locks one account at a time (a tenant spans shards). */
    @Override
    public boolean locksOneTenantAtATime() {
        return true;
    }

    @Override
    public String insertReturning(String insert, String column) {
        return POSTGRES.insertReturning(insert, column);
    }

    @Override
    public String idArrayType() {
        return POSTGRES.idArrayType();
    }

    @Override
    public String jsonParameter() {
        return POSTGRES.jsonParameter();
    }

    @Override
    public String toString() {
        return name();
    }
}
