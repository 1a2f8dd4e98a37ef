package org.rewardpoints.jdbc;

import java.sql.Connection;

/**
 * Isolation level the store sets for its own transactions. The store is correct at every level
 * from READ COMMITTED up: it locks the account row and retries serialization failures.
 */
public enum TransactionIsolation {
    /** Leave the connection's level as the pool hands it out (no extra round trips). */
    CONNECTION_DEFAULT(-1),
    /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** {@link Connection#TRANSACTION_REPEATABLE_READ} (refused on MariaDB: see {@link SqlDialect#unsafeIsolationLevels()}). */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    TransactionIsolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /**
     * The level's {@link Connection} constant.
     *
     * @return the constant, or -1 for {@link #CONNECTION_DEFAULT}
     */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
