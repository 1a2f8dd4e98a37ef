package org.rewardpoints.jdbc;

/** What {@link JdbcLedgerStore.Builder#build()} does about the database schema. */
public enum SchemaMode {
    /**
     * Check that every table and column exists and that the schema version is the one this
     * library needs; fail with a message naming what is missing otherwise. Changes nothing.
     */
    VALIDATE,
    /**
     * Create what is missing from the DDL shipped in the jar, then validate. Safe when several
     * instances start at once. Needs rights to create tables.
     */
    CREATE,
    /** Trust that the schema is right; touch nothing at start. */
    NONE
}
