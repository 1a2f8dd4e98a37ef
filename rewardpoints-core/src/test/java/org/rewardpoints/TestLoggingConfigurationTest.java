package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;
import org.rewardpoints.testing.TestLogging;

/** This module's {@code simplelogger.properties}: a build prints no log lines of its tests. */
class TestLoggingConfigurationTest {

    @Test
    void testLogging_keepsPoolsDatabasesAndProvokedFailuresQuiet_andOtherWarningsVisible() {
        TestLogging.assertQuietConfiguration();
    }

    @Test
    void aListenerFailingOnPurpose_leavesNoLineInTheBuildOutput() throws Exception {
        RewardPoints ledger = RewardPoints.builder().store(new InMemoryLedgerStore())
                .clock(MutableClock.at("2024-01-15T10:00:00Z"))
                .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 1, "RP", "EUR")))
                .couponIssuer(new InMemoryCouponIssuer()).redemptionOptions(new InMemoryRedemptionOptionStore())
                .listener(event -> {
                    throw new IllegalStateException("a listener failing on purpose");
                })
                .build();
        ledger.orderCompleted(OrderCompletion.of("t", "main", "c", "o-1", "100", "EUR"));
        AtomicReference<LedgerEvents.DeliveryResult> delivery = new AtomicReference<>();

        String output = TestLogging.outputOf(() -> delivery.set(ledger.events().deliver()));

        assertThat(delivery.get()).as("the listener failed").isEqualTo(new LedgerEvents.DeliveryResult(0, 1, 0));
        assertThat(output).isEmpty();
    }
}
