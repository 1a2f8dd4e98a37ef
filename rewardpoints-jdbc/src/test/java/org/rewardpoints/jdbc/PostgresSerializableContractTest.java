package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/**
 * PostgreSQL with every store transaction at SERIALIZABLE (set by the store, restored after).
 * Concurrent units on one account then fail with SQLState 40001 instead of waiting, and the
 * store must re-run them.
 */
class PostgresSerializableContractTest extends SeamsContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("serializable"), 8);
    private static final JdbcLedgerStore STORE = JdbcLedgerStore.builder(POOL).schemaMode(SchemaMode.CREATE)
            .transactionIsolation(TransactionIsolation.SERIALIZABLE).maxRetries(50).build();

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }

    @Test
    void concurrentRedemptions_atSerializable_areRetriedAndNeverOverdraw() throws Exception {
        RewardPoints ledger = ledger();
        ledger.addPoints(AddPoints.of(tenant, CUSTOMER, 200));
        long retriesBefore = STORE.retryCount();

        List<Boolean> outcomes = runConcurrently(8, () -> {
            int redeemed = 0;
            for (int i = 0; i < 3; i++) {
                try {
                    ledger.redeemPoints(RedeemPoints.of(tenant, CUSTOMER, 5));
                    redeemed++;
                } catch (InsufficientPointsException e) {
                    break;
                }
            }
            return redeemed == 3;
        });

        assertThat(outcomes).containsOnly(true);
        assertThat(ledger.balance(tenant, CUSTOMER)).isEqualTo(200 - 8 * 3 * 5);
        assertThat(STORE.retryCount() - retriesBefore).as("units re-run after serialization failures").isPositive();
    }
}
