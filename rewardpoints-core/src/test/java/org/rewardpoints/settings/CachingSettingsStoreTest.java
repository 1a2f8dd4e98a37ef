package org.rewardpoints.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.SettingsProvider;
import org.rewardpoints.spi.SettingsStore;

class CachingSettingsStoreTest {
    private static final SiteSettings SETTINGS = SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR");
    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final CountingStore source = new CountingStore();
    private final CachingSettingsStore cache = CachingSettingsStore.builder(source)
            .timeToLive(TIME_TO_LIVE)
            .ticker(nanos::get)
            .build();

    @Test
    void find_readsSourceOnlyOnceWithinTimeToLive() {
        source.store.put("t", "main", SETTINGS);

        assertThat(cache.find("t", "main")).contains(SETTINGS);
        advance(TIME_TO_LIVE.minusSeconds(1));
        assertThat(cache.find("t", "main")).contains(SETTINGS);

        assertThat(source.finds.get()).isEqualTo(1);
    }

    @Test
    void find_readsSourceAgainAfterTimeToLive() {
        source.store.put("t", "main", SETTINGS);
        cache.find("t", "main");
        source.store.put("t", "main", SETTINGS.withEnabled(false));

        advance(TIME_TO_LIVE.plusSeconds(1));

        assertThat(cache.find("t", "main")).contains(SETTINGS.withEnabled(false));
        assertThat(source.finds.get()).isEqualTo(2);
    }

    @Test
    void find_keepsSettingsForFifteenMinutesByDefault() {
        CachingSettingsStore defaults = CachingSettingsStore.builder(source).ticker(nanos::get).build();
        source.store.put("t", "main", SETTINGS);
        defaults.find("t", "main");

        advance(Duration.ofMinutes(15).minusSeconds(1));
        defaults.find("t", "main");
        assertThat(source.finds.get()).isEqualTo(1);

        advance(Duration.ofSeconds(2));
        defaults.find("t", "main");
        assertThat(source.finds.get()).isEqualTo(2);
        assertThat(CachingSettingsStore.DEFAULT_TIME_TO_LIVE).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void find_cachesAbsenceUntilTimeToLive() {
        assertThat(cache.find("t", "main")).isEmpty();
        source.store.put("t", "main", SETTINGS);

        assertThat(cache.find("t", "main")).isEmpty();
        advance(TIME_TO_LIVE.plusSeconds(1));
        assertThat(cache.find("t", "main")).contains(SETTINGS);
        assertThat(source.finds.get()).isEqualTo(2);
    }

    @Test
    void find_cachesNothingWhenSourceFails() {
        source.store.put("t", "main", SETTINGS);
        source.failNext.set(true);

        assertThatThrownBy(() -> cache.find("t", "main")).isInstanceOf(StorageException.class);
        assertThat(cache.find("t", "main")).contains(SETTINGS);
        assertThat(source.finds.get()).isEqualTo(2);
    }

    @Test
    void invalidate_makesNextReadOfThatSiteGoToSource() {
        source.store.put("t", "main", SETTINGS);
        source.store.put("t", "outlet", SETTINGS);
        cache.find("t", "main");
        cache.find("t", "outlet");
        source.store.put("t", "main", SETTINGS.withEnabled(false));

        cache.invalidate("t", "main");

        assertThat(cache.find("t", "main")).contains(SETTINGS.withEnabled(false));
        cache.find("t", "outlet");
        assertThat(source.finds.get()).isEqualTo(3);
    }

    @Test
    void invalidateAll_makesNextReadOfEverySiteGoToSource() {
        source.store.put("t", "main", SETTINGS);
        source.store.put("other", "main", SETTINGS);
        cache.find("t", "main");
        cache.find("other", "main");

        cache.invalidateAll();
        cache.find("t", "main");
        cache.find("other", "main");

        assertThat(source.finds.get()).isEqualTo(4);
    }

    @Test
    void update_isVisibleAtOnceWithoutReadingSource() {
        source.store.put("t", "main", SETTINGS);
        cache.find("t", "main");

        SiteSettings updated = cache.update("t", "main", SettingsPatch.EMPTY.withValidityInMonths(3));

        assertThat(cache.find("t", "main")).contains(updated);
        assertThat(updated.validityInMonths()).isEqualTo(3);
        assertThat(source.store.find("t", "main")).contains(updated);
        assertThat(source.finds.get()).isEqualTo(1);
    }

    @Test
    void update_replacesCachedAbsence() {
        assertThat(cache.find("t", "main")).isEmpty();

        cache.update("t", "main", SettingsPatch.of(SETTINGS));

        assertThat(cache.find("t", "main")).contains(SETTINGS);
    }

    @Test
    void update_thatFailsKeepsCachedValue() {
        assertThat(cache.find("t", "main")).isEmpty();

        assertThatThrownBy(() -> cache.update("t", "main", SettingsPatch.EMPTY.withEnabled(false)))
                .isInstanceOf(InvalidInputException.class);

        assertThat(cache.find("t", "main")).isEmpty();
        assertThat(source.finds.get()).isEqualTo(1);
    }

    @Test
    void update_isRefusedForReadOnlySource() {
        InMemorySettingsStore writable = new InMemorySettingsStore().put("t", "main", SETTINGS);
        SettingsProvider readOnlySource = writable::find;
        CachingSettingsStore readOnly = CachingSettingsStore.of(readOnlySource);

        assertThatThrownBy(() -> readOnly.update("t", "main", SettingsPatch.EMPTY.withEnabled(false)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("read-only");
        assertThat(readOnly.find("t", "main")).contains(SETTINGS);
    }

    @Test
    void builder_refusesBadValuesNamingThem() {
        assertThatThrownBy(() -> CachingSettingsStore.builder(source).timeToLive(Duration.ZERO))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("timeToLive"));
        assertThatThrownBy(() -> CachingSettingsStore.builder(source).timeToLive(Duration.ofSeconds(-1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("timeToLive"));
        assertThatThrownBy(() -> CachingSettingsStore.builder(source).maximumSize(0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("maximumSize"));
        assertThatThrownBy(() -> CachingSettingsStore.builder(source).ticker(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("ticker"));
        assertThatThrownBy(() -> CachingSettingsStore.builder(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("source"));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** A writable source that counts reads and can fail once. */
    private static final class CountingStore implements SettingsStore {
        final InMemorySettingsStore store = new InMemorySettingsStore();
        final AtomicInteger finds = new AtomicInteger();
        final AtomicBoolean failNext = new AtomicBoolean();

        @Override
        public Optional<SiteSettings> find(String tenant, String siteCode) {
            finds.incrementAndGet();
            if (failNext.getAndSet(false)) {
                throw new StorageException("source down");
            }
            return store.find(tenant, siteCode);
        }

        @Override
        public SiteSettings update(String tenant, String siteCode, SettingsPatch patch) {
            return store.update(tenant, siteCode, patch);
        }
    }
}
