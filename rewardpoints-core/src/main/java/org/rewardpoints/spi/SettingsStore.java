package org.rewardpoints.spi;

import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;

/**
 * Settings source that can also be written, as the site-mixin PATCH does.
 *
 * <p>Implementations must be thread-safe, and each {@link #update} must be atomic for its site:
 * concurrent updates of one site apply one after the other, none is lost. They may throw
 * {@link org.rewardpoints.StorageException} when their source fails; the site's settings are then
 * unchanged.
 */
public interface SettingsStore extends SettingsProvider {

    /**
     * Applies a partial update to the settings of a tenant's site, creating them when the site has
     * none. Fields the patch does not give keep their value. An empty patch changes nothing but
     * still needs existing settings (or fails as a create would).
     *
     * @return the settings after the update
     * @throws org.rewardpoints.InvalidInputException when a key is invalid, or when the site has no
     *                                                settings and the patch lacks a field without
     *                                                default (the exception names it)
     */
    SiteSettings update(String tenant, String siteCode, SettingsPatch patch);
}
