package org.rewardpoints.memory;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.SettingsStore;

/**
 * Thread-safe, writable settings held in memory. Updates of one site are atomic; updates of
 * different sites do not wait for each other.
 */
public final class InMemorySettingsStore implements SettingsStore {
    private record SiteKey(String tenant, String siteCode) {
    }

    private final ConcurrentHashMap<SiteKey, SiteSettings> sites = new ConcurrentHashMap<>();

    /** Sets (replaces) the settings of a tenant's site. */
    public InMemorySettingsStore put(String tenant, String siteCode, SiteSettings settings) {
        sites.put(key(tenant, siteCode), Checks.required("settings", settings));
        return this;
    }

    /** Removes the settings of a tenant's site. */
    public InMemorySettingsStore remove(String tenant, String siteCode) {
        sites.remove(key(tenant, siteCode));
        return this;
    }

    @Override
    public Optional<SiteSettings> find(String tenant, String siteCode) {
        return Optional.ofNullable(sites.get(new SiteKey(tenant, siteCode)));
    }

    @Override
    public SiteSettings update(String tenant, String siteCode, SettingsPatch patch) {
        SiteKey key = key(tenant, siteCode);
        Checks.required("patch", patch);
        // compute runs atomically per key; an exception leaves the old settings in place
        return sites.compute(key, (k, current) -> patch.applyTo(current));
    }

    private static SiteKey key(String tenant, String siteCode) {
        return new SiteKey(Checks.id("tenant", tenant), Checks.id("siteCode", siteCode));
    }
}
