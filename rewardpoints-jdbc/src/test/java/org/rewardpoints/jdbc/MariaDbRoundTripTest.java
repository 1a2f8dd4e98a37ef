package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/**
 * MariaDB: the driver sends one statement per round trip (no pipelining), so each write of a unit
 * is one, and the account's lock and its first spendable lots are two queries; the common credit
 * is one call of the DDL's procedure.
 */
class MariaDbRoundTripTest extends RoundTripTest {
    private static final HikariDataSource POOL =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("round_trips"), 2);
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
            // one CALL of the credit procedure, which commits
            case CREDIT -> 1;
            // the call declines; lock, the order's key, account, lot, event, COMMIT
            case CREDIT_OPENING -> 7;
            // the call fails on the key and rolls back; lock, the order's key, COMMIT
            case CREDIT_REPEATED -> 4;
            case BALANCE -> 1;
            // lock, the key, spendable lots, lots, debit, allocations, account, event, COMMIT
            case REDEMPTION_WITH_ID -> 9;
            case REDEMPTION -> 8;
            // lock, spendable lots, lots, debit, allocations, account, COMMIT
            case COUPON_RESERVATION -> 7;
            // then lock, confirmation, event, COMMIT
            case COUPON_REDEMPTION -> 11;
            // lock, spendable lots, coupon, lots, debit, allocations, account, event, COMMIT (not 7 + 4 + the issuer's 2)
            case COUPON_SAME_DATABASE -> 9;
            // candidates; lock, expired lots, lots, debit, allocations, account, event, COMMIT; candidates
            case SWEEP -> 10;
            // the order's lot; lock, key, the lot, earlier reversals, lots, debit, allocations, account,
            // candidates; per account a lock, its expired lots and its 5 writes (a batch holds one kind of
            // statement, and each account's writes differ in kind); one COMMIT instead of three; candidates
            case SWEEP_OF_THREE -> 24;
            // event, COMMIT
            case REVERSAL -> 11;
        };
    }
}
