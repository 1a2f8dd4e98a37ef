package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Citus (distributed PostgreSQL) 13 and later, through the PostgreSQL JDBC driver, with the
 * tables distributed by tenant as {@code schema/citus/V1__reward_points.sql} does. Detected when
 * the database, reporting itself as PostgreSQL, has the {@code citus} extension; or set it with
 * {@code builder(dataSource).dialect(CitusDialect.INSTANCE)}. Connect to the coordinator.
 *
 * <p>The SQL is PostgreSQL's but for what Citus routes differently: every statement about one
 * account or one tenant names the tenant, so it goes to one shard, and no locking statement spans
 * shards (Citus refuses multi-shard {@code FOR UPDATE}): the expiry sweep, the expiring-soon
 * announcements and the event relay find their candidates without locks across all shards, then
 * lock them one tenant at a time ({@link #locksOneTenantAtATime()}).
 */
public final class CitusDialect implements SqlDialect {
    /** The one instance. */
    public static final CitusDialect INSTANCE = new CitusDialect();

    private static final SqlDialect POSTGRES = PostgresDialect.INSTANCE;

    private CitusDialect() {
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
        return "Citus";
    }

    @Override
    public boolean supports(String productName) {
        return POSTGRES.supports(productName); // Citus reports itself as PostgreSQL
    }

    @Override
    public String schemaFolder() {
        return "citus";
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
