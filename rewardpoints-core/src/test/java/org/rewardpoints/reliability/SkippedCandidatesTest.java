package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mockito.stubbing.Answer;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AnnouncementResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.SweepResult;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.testing.MutableClock;

/**
 * The candidate queries of the jobs over many accounts may skip accounts another instance is
 * working on (the JDBC store's {@code SKIP LOCKED}), so a batch shorter than asked does not mean
 * that no account is left: a run ends on an empty batch (or one that changed nothing), and every
 * account due when it started is handled, whatever the other instances were holding.
 */
class SkippedCandidatesTest {
    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final InMemoryLedgerStore store = spy(new InMemoryLedgerStore());
    private final RewardPoints ledger = RewardPoints.builder().store(store).clock(clock).sweepBatchSize(3)
            .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
            .build();

    /** The store's answer, cut to its first account on the first call, as if another instance held the rest. */
    private static Answer<List<AccountKey>> firstCallSkipsAllButOne() {
        AtomicBoolean first = new AtomicBoolean(true);
        return invocation -> {
            @SuppressWarnings("unchecked")
            List<AccountKey> all = (List<AccountKey>) invocation.callRealMethod();
            return first.getAndSet(false) && !all.isEmpty() ? all.subList(0, 1) : all;
        };
    }

    private void addLots(String validUntil) {
        for (String customer : List.of("a", "b", "c")) {
            ledger.addPoints(AddPoints.of("t", customer, 10).withValidUntil(Instant.parse(validUntil)));
        }
    }

    @Test
    void sweep_goesOnAfterAShortBatch() {
        addLots("2025-01-01T00:00:01Z");
        clock.advance(Duration.ofDays(1));
        doAnswer(firstCallSkipsAllButOne()).when(store).accountsWithExpiredLots(any(), anyInt());

        SweepResult swept = ledger.sweepExpired();

        assertThat(swept).isEqualTo(new SweepResult(3, 3, 30));
    }

    @Test
    void announcements_goOnAfterAShortBatch() {
        addLots("2025-01-10T00:00:00Z");
        doAnswer(firstCallSkipsAllButOne()).when(store).accountsWithLotsToAnnounce(any(), any(), anyLong(), anyInt());

        AnnouncementResult announced = ledger.announceExpiringSoon(Duration.ofDays(30));

        assertThat(announced.lots()).isEqualTo(3);
    }
}
