package org.rewardpoints.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.DuplicateKeyException;

/**
 * Runs the units and single-statement reads of the JDBC adapters of this package
 * ({@link JdbcLedgerStore}, {@link JdbcCouponIssuer}, {@link JdbcSettingsStore},
 * {@link JdbcRedemptionOptionStore}) with their failure handling. Units run either in
 * transactions of its own on connections of a data source, re-run after serialization failures
 * and deadlocks, or, in a runner built by {@link #joining(Connection)}, inside the caller's
 * transaction under a savepoint each. Either way a failure leaves as {@link DuplicateKeyException}
 * or {@link StorageException}, classified by SQLState through the dialect. Thread-safe when it
 * runs its own transactions; a joining runner is as thread-safe as the connection (not).
 */
final class JdbcTransactions {
    private final DataSource dataSource;
    /** The caller's connection of a {@link #joining} runner; null when the runner runs its own transactions. */
    private final Connection joined;
    private final SqlDialect dialect;
    private final int maxRetries;
    private final TransactionIsolation isolation;
    private final AtomicLong retries;

    private JdbcTransactions(DataSource dataSource, Connection joined, SqlDialect dialect, int maxRetries,
                             TransactionIsolation isolation, AtomicLong retries) {
        this.dataSource = dataSource;
        this.joined = joined;
        this.dialect = dialect;
        this.maxRetries = maxRetries;
        this.isolation = isolation;
        this.retries = retries;
    }

    /** Runs its own transactions on connections of {@code dataSource}, with a retry counter of its own. */
    JdbcTransactions(DataSource dataSource, SqlDialect dialect, int maxRetries, TransactionIsolation isolation) {
        this(dataSource, null, dialect, maxRetries, isolation, new AtomicLong());
    }

    /**
     * A runner that works on {@code connection}, inside the caller's transaction, sharing this
     * runner's dialect and retry counter: it never commits, rolls back the caller's work, or
     * changes autocommit or isolation, and it does not retry.
     */
    JdbcTransactions joining(Connection connection) {
        return new JdbcTransactions(null, connection, dialect, maxRetries, isolation, retries);
    }

    /** Whether both run their own transactions on one data source (so one transaction can hold both's writes). */
    boolean sameDatabase(JdbcTransactions other) {
        return dataSource != null && dataSource == other.dataSource && dialect == other.dialect;
    }

    /** Whether this runner works inside a caller's transaction. */
    boolean joinsCallerTransaction() {
        return joined != null;
    }

    SqlDialect dialect() {
        return dialect;
    }

    /**
     * How many times units and single-statement reads were re-run after a serialization failure or
     * deadlock; shared with the {@link #joining} runners, which never re-run.
     */
    long retryCount() {
        return retries.get();
    }

    // ------------------------------------------------------------------ units

    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A serialization failure or deadlock: the unit was rolled back and may be run again. */
    private static final class TransientFailure extends RuntimeException {
        TransientFailure(SQLException cause) {
            super(cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }

    /**
     * Runs {@code work} as one transaction with the failure handling of the JDBC adapters of this
     * package: retries on serialization failures and deadlocks, {@link DuplicateKeyException} for
     * uniqueness violations, {@link StorageException} otherwise.
     */
    <T> T inTransaction(String what, TransactionWork<T> work) {
        return run(what, work, false);
    }

    /**
     * Runs {@code work}, which sends exactly one statement, as that statement alone: with
     * autocommit on, so the database commits it as it runs, in one round trip and with no COMMIT
     * after it. The failure handling is {@link #inTransaction}'s, but for a failure that leaves
     * the outcome open (the connection broke while the statement ran): the statement may have
     * committed, so the {@link StorageException} says so. In a {@link #joining} runner the
     * statement runs inside the caller's transaction, as any unit does.
     */
    <T> T inOneStatement(String what, TransactionWork<T> work) {
        return run(what, work, true);
    }

    private <T> T run(String what, TransactionWork<T> work, boolean oneStatement) {
        if (joined != null) {
            return inJoinedTransaction(what, work);
        }
        List<SQLException> failures = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            try {
                return inOwnTransaction(what, work, oneStatement);
            } catch (TransientFailure e) {
                failures.add(e.sqlCause());
                if (attempt >= maxRetries) {
                    SQLException last = failures.remove(failures.size() - 1);
                    StorageException failure = new StorageException("The " + what + " failed with a serialization"
                            + " failure or deadlock " + (attempt + 1) + " times in a row (maxRetries " + maxRetries
                            + "); nothing was written: " + last.getMessage(), last);
                    failures.forEach(failure::addSuppressed);
                    throw failure;
                }
                retries.incrementAndGet();
                backOff(attempt);
            }
        }
    }

    private <T> T inOwnTransaction(String what, TransactionWork<T> work, boolean oneStatement) {
        Connection connection = open(what);
        Boolean restoreAutoCommit = null;
        int restoreIsolation = -1;
        boolean safeToRestore = true;
        try {
            if (connection.getAutoCommit() != oneStatement) {
                connection.setAutoCommit(oneStatement);
                restoreAutoCommit = !oneStatement;
            }
            if (isolation != TransactionIsolation.CONNECTION_DEFAULT) {
                int current = connection.getTransactionIsolation();
                if (current != isolation.jdbcLevel()) {
                    connection.setTransactionIsolation(isolation.jdbcLevel());
                    restoreIsolation = current;
                }
            } else if (!dialect.unsafeIsolationLevels().isEmpty()) {
                int current = connection.getTransactionIsolation();
                if (isUnsafe(current)) {
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    restoreIsolation = current;
                }
            }
            T result;
            try {
                result = work.run(connection);
            } catch (SqlFailure e) {
                if (oneStatement) {
                    throw translateOneStatement(what, e.getCause());
                }
                safeToRestore = rollback(connection, e);
                throw translate(what, e.getMessage(), e.getCause());
            } catch (SQLException e) {
                if (oneStatement) {
                    throw translateOneStatement(what, e);
                }
                safeToRestore = rollback(connection, e);
                throw translate(what, null, e);
            } catch (RuntimeException | Error e) {
                if (!oneStatement) {
                    safeToRestore = rollback(connection, e);
                }
                throw e; // the work's own exception goes to the caller unchanged
            }
            if (oneStatement) {
                return result;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                if (dialect.isTransient(e) || dialect.isUniqueViolation(e)) {
                    safeToRestore = rollback(connection, e); // the database refused the commit: nothing was written
                    throw translate(what, "commit", e);
                }
                safeToRestore = false;
                throw new StorageException("The outcome of the " + what + " is unknown: the commit failed ("
                        + e.getMessage() + "). The changes may or may not have been committed; they were not retried."
                        + " Repeating the operation with the same idempotency key is safe.", e);
            }
            return result;
        } catch (SQLException e) {
            safeToRestore = rollback(connection, e);
            throw translate(what, "prepare the connection", e);
        } finally {
            if (safeToRestore) {
                restore(connection, restoreAutoCommit, restoreIsolation);
            }
            close(connection);
        }
    }

    /** Whether units are not correct at this JDBC isolation level on the dialect's database. */
    private boolean isUnsafe(int jdbcLevel) {
        return dialect.unsafeIsolationLevels().stream().anyMatch(level -> level.jdbcLevel() == jdbcLevel);
    }

    private <T> T inJoinedTransaction(String what, TransactionWork<T> work) {
        Savepoint savepoint;
        try {
            if (joined.getAutoCommit()) {
                throw new IllegalStateException("A store joining a connection needs autocommit off on it:"
                        + " with autocommit on, the " + what + " would not be atomic");
            }
            if (!dialect.unsafeIsolationLevels().isEmpty() && isUnsafe(joined.getTransactionIsolation())) {
                throw new IllegalStateException("The " + what + " cannot join a transaction at isolation level "
                        + joined.getTransactionIsolation() + ", which is not safe on " + dialect.name()
                        + ": run the transaction at READ COMMITTED");
            }
            savepoint = joined.setSavepoint();
        } catch (SQLException e) {
            throw translateJoined(what, "set a savepoint", e);
        }
        T result;
        try {
            result = work.run(joined);
        } catch (SqlFailure e) {
            rollbackTo(savepoint, e);
            throw translateJoined(what, e.getMessage(), e.getCause());
        } catch (SQLException e) {
            rollbackTo(savepoint, e);
            throw translateJoined(what, null, e);
        } catch (RuntimeException | Error e) {
            rollbackTo(savepoint, e);
            throw e;
        }
        try {
            joined.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw translateJoined(what, "release its savepoint", e);
        }
        return result;
    }

    private void rollbackTo(Savepoint savepoint, Throwable failure) {
        try {
            joined.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private RuntimeException translateJoined(String what, String step, SQLException e) {
        RuntimeException translated = translate(what, step, e);
        if (translated instanceof TransientFailure) {
            return new StorageException("The " + what + " met a serialization failure or deadlock in the joined"
                    + " transaction; roll it back and run it again: " + e.getMessage(), e);
        }
        return translated;
    }

    /** Classifies by SQLState, never by message text; walks the chain of causes and next exceptions. */
    private RuntimeException translate(String what, String step, SQLException e) {
        String action = step == null ? "" : " (" + step + ")";
        for (SQLException cause : chain(e)) {
            if (dialect.isTransient(cause)) {
                return new TransientFailure(e);
            }
        }
        for (SQLException cause : chain(e)) {
            if (dialect.isUniqueViolation(cause)) {
                return new DuplicateKeyException("The " + what + " broke a uniqueness rule" + action
                        + " and was rolled back: " + cause.getMessage(), e);
            }
        }
        return new StorageException("The " + what + " failed" + action + " and was rolled back: " + e.getMessage(), e);
    }

    private static List<SQLException> chain(SQLException e) {
        List<SQLException> chain = new ArrayList<>();
        Throwable current = e;
        while (current != null && chain.size() < 20) {
            if (current instanceof SQLException sqlException) {
                chain.add(sqlException);
                SQLException next = sqlException.getNextException();
                if (next != null && next != current && !chain.contains(next)) {
                    chain.add(next);
                }
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return chain;
    }

    /** Rolls back, recording a failure to do so on {@code failure}; false when the connection is unusable. */
    private static boolean rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /**
     * A failed statement that ran with autocommit: an error the statement raised (a unique
     * violation, a serialization failure) rolled it back, but a broken connection (SQLState class
     * 08) or a session ended by the server (class 57: terminated, shut down, cancelled) may have
     * come after its commit, so the outcome is open.
     */
    private RuntimeException translateOneStatement(String what, SQLException e) {
        if (chain(e).stream().map(SQLException::getSQLState).filter(Objects::nonNull)
                .anyMatch(state -> state.startsWith("08") || state.startsWith("57"))) {
            return new StorageException("The outcome of the " + what + " is unknown: the connection failed ("
                    + e.getMessage() + ") while its one statement ran. It may or may not have been committed;"
                    + " it was not retried. Repeating the operation with the same idempotency key is safe.", e);
        }
        return translate(what, null, e);
    }

    private static void restore(Connection connection, Boolean autoCommit, int isolationLevel) {
        try {
            if (isolationLevel != -1) {
                connection.setTransactionIsolation(isolationLevel);
            }
            if (autoCommit != null) {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // the unit's outcome is already decided; a pool resets or evicts such a connection
        }
    }

    private Connection open(String what) {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StorageException("Could not get a connection for the " + what + ": " + e.getMessage(), e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing depends on it any more
        }
    }

    private static void backOff(int attempt) {
        // jitter, so that units that collided do not collide again in lock step
        long bound = Math.min(50, 2L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting to retry a unit", e);
        }
    }

    // ------------------------------------------------------------------ reads without locks

    @FunctionalInterface
    interface ReadWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A single-statement read in autocommit mode: sees committed data, holds no lock afterwards. */
    <T> T read(String what, ReadWork<T> work) {
        if (joined != null) {
            try {
                return work.run(joined);
            } catch (SQLException e) {
                throw new StorageException("Could not " + what + ": " + e.getMessage(), e);
            }
        }
        List<SQLException> failures = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            Connection connection = open(what);
            boolean restoreAutoCommit = false;
            try {
                // autocommit on: no transaction to end afterwards, so a read is one round trip
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                    restoreAutoCommit = true;
                }
                return work.run(connection);
            } catch (SQLException e) {
                if (!dialect.isTransient(e) || attempt >= maxRetries) {
                    StorageException failure = new StorageException("Could not " + what + ": " + e.getMessage(), e);
                    failures.forEach(failure::addSuppressed);
                    throw failure;
                }
                failures.add(e);
                retries.incrementAndGet();
            } finally {
                if (restoreAutoCommit) {
                    try {
                        connection.setAutoCommit(false);
                    } catch (SQLException e) {
                        // a pool resets or evicts such a connection
                    }
                }
                close(connection);
            }
            backOff(attempt);
        }
    }
}
