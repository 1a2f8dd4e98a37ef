package org.rewardpoints.memory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.SettingsProvider;

/** Thread-safe settings held in memory, set with {@link #put}. */
public final class InMemorySettingsProvider implements SettingsProvider {
    private record SiteKey(String tenant, String siteCode) {
    }

    private final ConcurrentHashMap<SiteKey, SiteSettings> sites = new ConcurrentHashMap<>();

    /** Sets (replaces) the settings of a tenant's site. */
    public InMemorySettingsProvider put(String tenant, String siteCode, SiteSettings settings) {
        sites.put(new SiteKey(Checks.id("tenant", tenant), Checks.id("siteCode", siteCode)),
                Checks.required("settings", settings));
        return this;
    }

    @Override
    public Optional<SiteSettings> find(String tenant, String siteCode) {
        return Optional.ofNullable(sites.get(new SiteKey(tenant, siteCode)));
    }
}
