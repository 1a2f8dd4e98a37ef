package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RedemptionOptionNotFoundException;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StaleVersionException;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.RedemptionOptionStore;
import org.rewardpoints.testing.MutableClock;

/** What every {@link RedemptionOptionStore} must do, seen through the library. Extend and supply a store. */
public abstract class RedemptionOptionStoreContractTest {
    private static final RedemptionOptionDraft TEN_EURO = RedemptionOptionDraft.of("10 EUR", 90,
            CouponTemplate.absolute("Voucher 10 EUR", "10", "EUR")).withDescription("for 90 points");
    private static final RedemptionOptionDraft FIVE_PERCENT = RedemptionOptionDraft.of("5 %", 50,
            CouponTemplate.percent("5 % off", "5"));

    protected RedemptionOptionStore store;
    protected RewardPoints ledger;
    protected MutableClock clock;
    protected String tenant;

    protected abstract RedemptionOptionStore newStore();

    @BeforeEach
    void setUpOptions() {
        store = newStore();
        clock = MutableClock.at("2024-01-15T10:00:00Z");
        tenant = "t-" + UUID.randomUUID();
        ledger = RewardPoints.builder().store(new InMemoryLedgerStore()).clock(clock).redemptionOptions(store)
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .build();
    }

    @Test
    void createdOptions_areListedOldestFirstWithVersionOne() {
        RedemptionOption first = ledger.createOption(tenant, TEN_EURO);
        clock.advance(java.time.Duration.ofSeconds(1));
        RedemptionOption second = ledger.createOption(tenant, FIVE_PERCENT);

        assertThat(ledger.listOptions(tenant)).containsExactly(first, second);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.createdAt()).isEqualTo(first.modifiedAt()).isEqualTo(clock.instant().minusSeconds(1));
        assertThat(ledger.option(tenant, second.id())).isEqualTo(second);
        assertThat(ledger.listOptions("other-" + tenant)).isEmpty();
    }

    @Test
    void update_withTheCurrentVersionReplacesContentAndIncrementsVersion() {
        RedemptionOption option = ledger.createOption(tenant, TEN_EURO);
        clock.advance(java.time.Duration.ofMinutes(1));

        RedemptionOption updated = ledger.updateOption(tenant, option.id(), 1, FIVE_PERCENT);

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.points()).isEqualTo(50);
        assertThat(updated.createdAt()).isEqualTo(option.createdAt());
        assertThat(updated.modifiedAt()).isEqualTo(clock.instant());
        assertThat(ledger.option(tenant, option.id())).isEqualTo(updated);
    }

    @Test
    void update_withAStaleVersionIsAConflictCarryingTheCurrentVersion() {
        RedemptionOption option = ledger.createOption(tenant, TEN_EURO);
        ledger.updateOption(tenant, option.id(), 1, FIVE_PERCENT);

        assertThatThrownBy(() -> ledger.updateOption(tenant, option.id(), 1, TEN_EURO))
                .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                    assertThat(e.getCurrentVersion()).isEqualTo(2);
                    assertThat(e.getGivenVersion()).isEqualTo(1);
                });
        assertThatThrownBy(() -> ledger.deleteOption(tenant, option.id(), 1)).isInstanceOf(StaleVersionException.class);
        assertThat(ledger.option(tenant, option.id()).points()).isEqualTo(50);
    }

    @Test
    void delete_withTheCurrentVersionRemovesTheOption() {
        RedemptionOption option = ledger.createOption(tenant, TEN_EURO);
        ledger.deleteOption(tenant, option.id(), 1);

        assertThat(ledger.listOptions(tenant)).isEmpty();
        assertThatThrownBy(() -> ledger.option(tenant, option.id())).isInstanceOf(RedemptionOptionNotFoundException.class);
        assertThatThrownBy(() -> ledger.deleteOption(tenant, option.id(), 1))
                .isInstanceOf(RedemptionOptionNotFoundException.class);
        assertThatThrownBy(() -> ledger.updateOption(tenant, option.id(), 1, TEN_EURO))
                .isInstanceOf(RedemptionOptionNotFoundException.class);
    }

    @Test
    void insert_refusesATakenId() {
        RedemptionOption option = ledger.createOption(tenant, TEN_EURO);
        assertThatThrownBy(() -> store.insert(option)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void concurrentUpdatesWithOneVersion_exactlyOneWins() throws Exception {
        RedemptionOption option = ledger.createOption(tenant, TEN_EURO);
        List<Boolean> outcomes = LedgerStoreContractTest.runConcurrently(16, () -> {
            try {
                ledger.updateOption(tenant, option.id(), 1, FIVE_PERCENT);
                return true;
            } catch (StaleVersionException e) {
                return false;
            }
        });

        assertThat(outcomes).containsOnlyOnce(true);
        assertThat(ledger.option(tenant, option.id()).version()).isEqualTo(2);
    }
}
