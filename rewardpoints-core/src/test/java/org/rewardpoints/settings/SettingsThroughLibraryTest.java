package org.rewardpoints.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;

class SettingsThroughLibraryTest {
    private final InMemorySettingsStore source = new InMemorySettingsStore()
            .put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));
    private final RewardPoints ledger = RewardPoints.builder().store(new InMemoryLedgerStore()).settings(source).build();

    @Test
    void updatesThroughTheLibraryAreVisibleAtOnceWhileOutsideChangesWaitForTheCache() {
        assertThat(ledger.settings("t", "main").validityInMonths()).isEqualTo(12);

        ledger.updateSettings("t", "main", SettingsPatch.EMPTY.withValidityInMonths(6));
        assertThat(ledger.settings("t", "main").validityInMonths()).isEqualTo(6);
        assertThat(source.find("t", "main").orElseThrow().validityInMonths()).isEqualTo(6);

        source.put("t", "main", SiteSettings.of(BigDecimal.ONE, 3, "RP", "EUR")); // another instance's change
        assertThat(ledger.settings("t", "main").validityInMonths()).isEqualTo(6);
        ledger.invalidateSettings("t", "main");
        assertThat(ledger.settings("t", "main").validityInMonths()).isEqualTo(3);
    }

    @Test
    void builder_refusesANonPositiveTimeToLive() {
        assertThatThrownBy(() -> RewardPoints.builder().settingsTimeToLive(Duration.ZERO))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("settingsTimeToLive");
    }
}
