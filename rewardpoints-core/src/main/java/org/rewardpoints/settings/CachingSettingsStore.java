package org.rewardpoints.settings;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.SettingsProvider;
import org.rewardpoints.spi.SettingsStore;

/**
 * Caches a {@link SettingsProvider} (Caffeine): a site's settings are read from the source at most
 * once per time to live, {@link #DEFAULT_TIME_TO_LIVE} as in the reference product.
 *
 * <p>A site without settings is cached as such, and expires the same way: a site created in the
 * source directly becomes visible within the time to live, or at once after {@link #invalidate}.
 * Updates made through this store are written to the source first and then cached, so this
 * instance sees them at once; other instances see them when their entry expires.
 *
 * <p>Thread-safe. Concurrent reads of a missing entry load it once. Updates of one site run one
 * after the other, so the cache always ends with the last update's result. A source that fails
 * leaves nothing cached.
 */
public final class CachingSettingsStore implements SettingsStore {
    /** How long a site's settings (or their absence) are kept: 15 minutes, as in the reference product. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(15);
    /** Most sites kept at once; bounds memory when many unknown sites are asked for. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private record SiteKey(String tenant, String siteCode) {
    }

    private final SettingsProvider source;
    private final Cache<SiteKey, Optional<SiteSettings>> cache;
    /** One function for every lookup, not one per call. */
    private final Function<SiteKey, Optional<SiteSettings>> load;

    private CachingSettingsStore(Builder builder) {
        this.source = builder.source;
        this.load = key -> source.find(key.tenant(), key.siteCode());
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(builder.timeToLive)
                .maximumSize(builder.maximumSize)
                .ticker(builder.ticker)
                .build();
    }

    /** A cache in front of {@code source} with the default time to live and size. */
    public static CachingSettingsStore of(SettingsProvider source) {
        return builder(source).build();
    }

    /**
     * @param source the settings source; when it is a {@link SettingsStore}, updates go through to it
     */
    public static Builder builder(SettingsProvider source) {
        return new Builder(source);
    }

    @Override
    public Optional<SiteSettings> find(String tenant, String siteCode) {
        return cache.get(key(tenant, siteCode), load);
    }

    /**
     * Updates the source, then caches the result.
     *
     * @throws UnsupportedOperationException when the source is a read-only {@link SettingsProvider}
     */
    @Override
    public SiteSettings update(String tenant, String siteCode, SettingsPatch patch) {
        if (!(source instanceof SettingsStore store)) {
            throw new UnsupportedOperationException("The settings source " + source.getClass().getName()
                    + " is read-only: it is not a SettingsStore");
        }
        SiteKey key = key(tenant, siteCode);
        Checks.required("patch", patch);
        // computing under the entry's lock orders concurrent updates of one site, so the cache keeps the last
        return cache.asMap().compute(key, (k, cached) -> Optional.of(store.update(k.tenant(), k.siteCode(), patch)))
                .orElseThrow();
    }

    /** Forgets one site: its next read goes to the source. */
    public void invalidate(String tenant, String siteCode) {
        cache.invalidate(new SiteKey(tenant, siteCode));
    }

    /** Forgets every site. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    private static SiteKey key(String tenant, String siteCode) {
        return new SiteKey(Checks.id("tenant", tenant), Checks.id("siteCode", siteCode));
    }

    /** Configures a {@link CachingSettingsStore}; rejects bad values at once, naming them. */
    public static final class Builder {
        private final SettingsProvider source;
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Ticker ticker = Ticker.systemTicker();

        private Builder(SettingsProvider source) {
            this.source = Checks.required("source", source);
        }

        /** How long an entry is kept after it was read or updated; &gt; 0. Default {@link #DEFAULT_TIME_TO_LIVE}. */
        public Builder timeToLive(Duration timeToLive) {
            Checks.required("timeToLive", timeToLive);
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw new InvalidInputException("timeToLive", timeToLive, "must be greater than 0");
            }
            this.timeToLive = timeToLive;
            return this;
        }

        /** Most sites kept; &gt; 0. Default {@link #DEFAULT_MAXIMUM_SIZE}. */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize <= 0) {
                throw new InvalidInputException("maximumSize", maximumSize, "must be greater than 0");
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /** Source of time for expiry; default the system ticker. Tests pass a fake one. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.required("ticker", ticker);
            return this;
        }

        public CachingSettingsStore build() {
            return new CachingSettingsStore(this);
        }
    }
}
