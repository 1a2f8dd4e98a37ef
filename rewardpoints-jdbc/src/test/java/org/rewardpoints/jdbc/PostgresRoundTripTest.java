package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** PostgreSQL: the driver sends a unit's buffered writes (and their event) as one pipelined statement. */
class PostgresRoundTripTest extends RoundTripTest {
    private static final HikariDataSource POOL =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("round_trips"), 2);
    private static final JdbcLedgerStore SCHEMA = TestDatabases.createStore(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    DataSource pool() {
        return POOL;
    }

    @Override
    SqlDialect dialect() {
        return SCHEMA.dialect();
    }

    @Override
    int statements(Operation operation) {
        return switch (operation) {
            // one call of the credit function in autocommit: account update, lot and event
            case CREDIT -> 1;
            // the credit function declines; lock, the order's key, the writes, COMMIT
            case CREDIT_OPENING -> 5;
            // the credit function hits the key; lock, the order's key, COMMIT
            case CREDIT_REPEATED -> 4;
            case BALANCE -> 1;
            // lock with the first spendable lots and the key, the writes, COMMIT
            case REDEMPTION_WITH_ID -> 3;
            case REDEMPTION -> 3;
            // lock with the first spendable lots, the writes, COMMIT
            case COUPON_RESERVATION -> 3;
            // then the lock and the confirmation with its event pipelined, COMMIT
            case COUPON_REDEMPTION -> 5;
            // lock with the first spendable lots, the writes (the coupon's insert among them), COMMIT
            case COUPON_SAME_DATABASE -> 3;
            // candidates; lock with the expired lots, the writes, COMMIT; candidates (none left)
            case SWEEP -> 5;
            // candidates; a lock with the expired lots per account, all the writes, one COMMIT; candidates
            case SWEEP_OF_THREE -> 7;
            // the order's lot; lock with the key, the lot, earlier reversals, the writes, COMMIT
            case REVERSAL -> 6;
        };
    }
}
