package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** PostgreSQL 14 and later, through the PostgreSQL JDBC driver. */
public final class PostgresDialect implements SqlDialect {
    /** The one instance. */
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public boolean supports(String productName) {
        return "PostgreSQL".equalsIgnoreCase(productName);
    }

    @Override
    public String schemaFolder() {
        return "postgresql";
    }

    @Override
    public boolean pipelinesMultipleStatements() {
        return true; // pgjdbc splits "a; b" and sends both before one Sync
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public void lockSchemaCreation(Connection connection, String tablePrefix) throws SQLException {
        // concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog: take turns
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ("rewardpoints-schema:" + tablePrefix).hashCode());
            lock.execute();
        }
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String insertReturning(String insert, String column) {
        return insert + " RETURNING " + column;
    }

    @Override
    public String idArrayType() {
        return "varchar";
    }

    @Override
    public String jsonParameter() {
        return "CAST(? AS jsonb)";
    }

    @Override
    public String toString() {
        return name();
    }
}
