package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.LotRecord;

/**
 * A unit that waited for the account's row lock must see the account and its lots as the unit
 * before it left them. The row comes back current from SELECT ... FOR UPDATE, but the expired
 * points are summed over the statement's older snapshot; the store has to notice and re-read.
 */
abstract class LockAccountConcurrencyTest {
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    abstract DataSource dataSource();

    /** Whether some session is waiting for a lock held by another. */
    abstract boolean someoneWaitsForALock(Connection connection) throws SQLException;

    @Test
    void lockAccount_afterWaitingForAnExpiry_seesTheCurrentExpiredPoints() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        JdbcLedgerStore store = TestDatabases.createStore(dataSource());
        LotRecord expired = new LotRecord("expired", tenant, "c1", null, null, null, null, null, null, 10, 10,
                NOW.minus(Duration.ofDays(30)), NOW.minusSeconds(1), 10);
        LotRecord spendable = new LotRecord("spendable", tenant, "c1", null, null, null, null, null, null, 5, 5,
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), 15);
        store.inAccount(tenant, "c1", session -> {
            session.insertAccount(new AccountRecord(tenant, "c1", 15, 0, NOW, 1, 0));
            session.insertLot(expired);
            session.insertLot(spendable);
            return null;
        });
        CountDownLatch sweeperHoldsLock = new CountDownLatch(1);

        CompletableFuture<Void> sweeper = CompletableFuture.runAsync(() -> store.inAccount(tenant, "c1", session -> {
            AccountRecord account = session.lockAccount(NOW).orElseThrow();
            sweeperHoldsLock.countDown();
            awaitWaiter();
            session.updateLotRemaining("expired", 0);
            session.insertDebit(new DebitRecord("expiry-1", tenant, "c1", DebitKind.EXPIRY, DebitStatus.CONFIRMED, null,
                    null, null, "Expired points", 10, 10, NOW, 5, null, null, null));
            session.insertAllocations(List.of(new AllocationRecord("expiry-1", "expired", 10)));
            session.updateAccount(account.withChange(-10, 0, -10));
            return null;
        }));
        assertThat(sweeperHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();
        AccountRecord seen = store.inAccount(tenant, "c1", session -> session.lockAccount(NOW).orElseThrow());
        sweeper.get(20, TimeUnit.SECONDS);

        assertThat(seen.openPoints()).isEqualTo(5);
        assertThat(seen.expiredPoints()).as("expired points read under the lock").isZero();
        assertThat(seen.activePoints()).isEqualTo(5);
        assertThat(seen.version()).isEqualTo(2);
        LedgerInvariants.assertHold(dataSource(), tenant);
    }

    private void awaitWaiter() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection observer = dataSource().getConnection()) {
            while (!someoneWaitsForALock(observer)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the second unit never waited for the account lock");
                }
                Thread.sleep(10);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
