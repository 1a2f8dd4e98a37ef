package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.SweepResult;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.MutableClock;

/**
 * The jobs over many accounts hand the store batches of accounts ({@code LedgerStore.inAccounts},
 * one transaction in the JDBC store). A batch that fails as a whole, as one account's bad data
 * would fail it, must not hold the other accounts back: each then runs in its own unit.
 */
class BatchFallbackTest {
    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");

    @Test
    void aFailingBatch_isRunAccountByAccount_andEveryAccountIsSwept() {
        InMemoryLedgerStore store = spy(new InMemoryLedgerStore());
        doThrow(new StorageException("the batch failed")).when(store).inAccounts(anyList(), any());
        RewardPoints ledger = RewardPoints.builder().store(store).clock(clock)
                .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .build();
        for (String customer : List.of("a", "b", "c")) {
            ledger.addPoints(AddPoints.of("t", customer, 10).withValidUntil(Instant.parse("2025-01-01T00:00:01Z")));
        }
        clock.advance(Duration.ofDays(1));

        SweepResult swept = ledger.sweepExpired();

        verify(store, atLeastOnce()).inAccounts(anyList(), any());
        assertThat(swept).isEqualTo(new SweepResult(3, 3, 30));
        for (String customer : List.of("a", "b", "c")) {
            assertThat(ledger.balance("t", customer)).isZero();
        }
    }
}
