package org.rewardpoints.examples;

import java.time.Clock;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SecuredRewardPoints;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.LedgerStore;

/**
 * The wiring every example shares: one {@link RewardPoints} over a storage adapter, site settings,
 * redemption options and a coupon issuer. Close it to release the database pool.
 */
public final class ExampleBackend implements AutoCloseable {
    private final String storeDescription;
    private final RewardPoints ledger;
    private final SecuredRewardPoints secured;
    private final AutoCloseable resources;

    private ExampleBackend(String storeDescription, LedgerStore store, Clock clock, AutoCloseable resources) {
        this.storeDescription = storeDescription;
        this.ledger = RewardPoints.builder()
                .store(store)
                .settings(new InMemorySettingsStore())
                .redemptionOptions(new InMemoryRedemptionOptionStore())
                .couponIssuer(new InMemoryCouponIssuer())
                .clock(clock)
                .build();
        this.secured = new SecuredRewardPoints(ledger);
        this.resources = resources;
    }

    /** Everything in memory: nothing survives the JVM. */
    public static ExampleBackend inMemory(Clock clock) {
        return new ExampleBackend("in memory", new InMemoryLedgerStore(), clock, () -> { });
    }

    /** Where the ledger lives, for people reading the output. */
    public String storeDescription() {
        return storeDescription;
    }

    /** The trusted entry point: for the backend's own order pipeline. */
    public RewardPoints ledger() {
        return ledger;
    }

    /** The entry point for calls on behalf of employees and customers. */
    public SecuredRewardPoints secured() {
        return secured;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Closing the example's resources failed", e);
        }
    }
}
