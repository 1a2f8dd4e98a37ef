package org.rewardpoints.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;

/**
 * What every {@link SettingsStore} adapter must do. An adapter's test extends this class and
 * only supplies a fresh, empty store.
 */
public abstract class SettingsStoreContract {
    protected static final SiteSettings SETTINGS = new SiteSettings(true, new BigDecimal("2.5"), 12, "RP",
            Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"));

    private SettingsStore store;

    /** A store holding no settings at all, for one test. */
    protected abstract SettingsStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void find_isEmptyForSiteWithoutSettings() {
        assertThat(store.find("t", "main")).isEmpty();
    }

    @Test
    void update_createsSettingsFromCompletePatch() {
        SiteSettings created = store.update("t", "main", SettingsPatch.of(SETTINGS));

        assertThat(created).isEqualTo(SETTINGS);
        assertThat(store.find("t", "main")).contains(SETTINGS);
    }

    @Test
    void update_createsWithDefaultsForEnabledAndTimeZone() {
        SiteSettings created = store.update("t", "main", SettingsPatch.of(SETTINGS).withEnabled(null).withTimeZone(null));

        assertThat(created).isEqualTo(new SiteSettings(true, new BigDecimal("2.5"), 12, "RP",
                Currency.getInstance("EUR"), ZoneOffset.UTC));
    }

    @Test
    void update_refusesCreateWithoutFieldThatHasNoDefaultAndStoresNothing() {
        assertThatThrownBy(() -> store.update("t", "main", SettingsPatch.of(SETTINGS).withValidityInMonths(null)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getField()).isEqualTo("validityInMonths"));
        assertThat(store.find("t", "main")).isEmpty();
    }

    @Test
    void update_keepsFieldsThePatchDoesNotGive() {
        store.update("t", "main", SettingsPatch.of(SETTINGS));

        SiteSettings updated = store.update("t", "main", SettingsPatch.EMPTY.withEnabled(false).withCodePrefix("L"));

        SiteSettings expected = new SiteSettings(false, new BigDecimal("2.5"), 12, "L", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"));
        assertThat(updated).isEqualTo(expected);
        assertThat(store.find("t", "main")).contains(expected);
    }

    @Test
    void update_changesOnlyTheGivenSiteOfTheGivenTenant() {
        store.update("t", "main", SettingsPatch.of(SETTINGS));
        store.update("t", "outlet", SettingsPatch.of(SETTINGS));
        store.update("other", "main", SettingsPatch.of(SETTINGS));

        store.update("t", "main", SettingsPatch.EMPTY.withValidityInMonths(1));

        assertThat(store.find("t", "main")).hasValueSatisfying(s -> assertThat(s.validityInMonths()).isEqualTo(1));
        assertThat(store.find("t", "outlet")).contains(SETTINGS);
        assertThat(store.find("other", "main")).contains(SETTINGS);
        assertThat(store.find("other", "outlet")).isEmpty();
    }

    @Test
    void update_refusesBlankKeysAndMissingPatch() {
        assertThatThrownBy(() -> store.update(" ", "main", SettingsPatch.of(SETTINGS)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("tenant"));
        assertThatThrownBy(() -> store.update("t", "", SettingsPatch.of(SETTINGS)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("siteCode"));
        assertThatThrownBy(() -> store.update("t", "main", null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("patch"));
    }

    @Test
    void update_storesKeysVerbatim() {
        String tenant = "t'; DROP TABLE settings; --";
        store.update(tenant, "main", SettingsPatch.of(SETTINGS));

        assertThat(store.find(tenant, "main")).contains(SETTINGS);
        assertThat(store.find("t", "main")).isEmpty();
    }

    @Test
    void update_concurrentUpdatesOfOneSiteLoseNothing() throws Exception {
        store.update("t", "main", SettingsPatch.of(SETTINGS));
        int rounds = 300;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // each thread changes its own field: a read-modify-write that is not atomic would write back a stale other field
            CompletableFuture<Void> prefixes = CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 1; i <= rounds; i++) {
                    store.update("t", "main", SettingsPatch.EMPTY.withCodePrefix("P" + i));
                }
            }, threads);
            CompletableFuture<Void> validities = CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 1; i <= rounds; i++) {
                    store.update("t", "main", SettingsPatch.EMPTY.withValidityInMonths(i));
                }
            }, threads);
            CompletableFuture.allOf(prefixes, validities).get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(store.find("t", "main")).hasValueSatisfying(s -> {
            assertThat(s.codePrefix()).isEqualTo("P" + rounds);
            assertThat(s.validityInMonths()).isEqualTo(rounds);
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
