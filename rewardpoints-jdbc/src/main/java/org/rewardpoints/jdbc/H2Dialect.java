package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.util.Locale;

/** H2 2.x, embedded or in server mode. */
public final class H2Dialect implements SqlDialect {
    /** The one instance. */
    public static final H2Dialect INSTANCE = new H2Dialect();

    private H2Dialect() {
    }

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public boolean supports(String productName) {
        return "H2".equalsIgnoreCase(productName);
    }

    @Override
    public String schemaFolder() {
        return "h2";
    }

    @Override
    public boolean pipelinesMultipleStatements() {
        return false; // H2 prepares one command per statement; its calls are in-process anyway
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public void lockSchemaCreation(Connection connection, String tablePrefix) {
        // no advisory locks: concurrent creators are tolerated by IF NOT EXISTS and re-validation
    }

    @Override
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String insertReturning(String insert, String column) {
        return "SELECT " + column + " FROM FINAL TABLE (" + insert + ")";
    }

    @Override
    public String idArrayType() {
        return "VARCHAR";
    }

    @Override
    public String catalogName(String identifier) {
        return identifier.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name();
    }
}
