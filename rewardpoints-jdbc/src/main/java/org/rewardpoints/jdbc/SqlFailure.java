package org.rewardpoints.jdbc;

import java.sql.SQLException;

/**
 * Carries a {@link SQLException} out of session methods (whose signatures cannot declare it) to
 * the store, which classifies it. Never leaves this package.
 */
final class SqlFailure extends RuntimeException {
    SqlFailure(String what, SQLException cause) {
        super(what, cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
