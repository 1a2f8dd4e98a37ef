package org.rewardpoints.jdbc;

import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.rewardpoints.StorageException;

/**
 * The builder shared by the JDBC settings store, coupon issuer and redemption option store: the
 * same options and defaults as {@link JdbcLedgerStore.Builder}; every setter rejects a bad value
 * at once, naming it.
 *
 * @param <T> the adapter built
 */
public final class JdbcAdapterBuilder<T> {
    private final JdbcLedgerStore.Builder database;
    /** Makes the adapter from the transactions of the built ledger store and its table prefix. */
    private final BiFunction<JdbcTransactions, String, T> adapter;

    JdbcAdapterBuilder(DataSource dataSource, BiFunction<JdbcTransactions, String, T> adapter) {
        this.database = JdbcLedgerStore.builder(dataSource);
        this.adapter = adapter;
    }

    /**
     * Prefix of every table name; default {@link JdbcLedgerStore#DEFAULT_TABLE_PREFIX}.
     *
     * @param tablePrefix the prefix
     * @return this builder
     */
    public JdbcAdapterBuilder<T> tablePrefix(String tablePrefix) {
        database.tablePrefix(tablePrefix);
        return this;
    }

    /**
     * What {@link #build()} does about the schema (all tables of the shipped DDL); default
     * {@link JdbcLedgerStore#DEFAULT_SCHEMA_MODE}.
     *
     * @param schemaMode what to do about the schema
     * @return this builder
     */
    public JdbcAdapterBuilder<T> schemaMode(SchemaMode schemaMode) {
        database.schemaMode(schemaMode);
        return this;
    }

    /**
     * The database's dialect; by default detected from the database product name.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public JdbcAdapterBuilder<T> dialect(SqlDialect dialect) {
        database.dialect(dialect);
        return this;
    }

    /**
     * Re-runs of a transaction after serialization failures or deadlocks, 0 to
     * {@link JdbcLedgerStore#MAX_MAX_RETRIES}; default {@link JdbcLedgerStore#DEFAULT_MAX_RETRIES}.
     *
     * @param maxRetries the number of re-runs
     * @return this builder
     */
    public JdbcAdapterBuilder<T> maxRetries(int maxRetries) {
        database.maxRetries(maxRetries);
        return this;
    }

    /**
     * Detects the dialect when none was set and applies the schema mode.
     *
     * @return the adapter
     * @throws StorageException when the database cannot be reached, is not supported, or its
     *                          schema fails validation (the message names what is missing)
     */
    public T build() {
        JdbcLedgerStore store = database.build();
        return adapter.apply(store.transactions(), store.tablePrefix());
    }
}
