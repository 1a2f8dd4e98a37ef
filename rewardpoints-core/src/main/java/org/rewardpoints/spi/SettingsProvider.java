package org.rewardpoints.spi;

import java.util.Optional;
import org.rewardpoints.SiteSettings;

/**
 * Source of a site's reward points settings. Called often: the library puts a cache in front of
 * it. Implementations must be thread-safe and may throw
 * {@link org.rewardpoints.StorageException} when their source fails.
 */
public interface SettingsProvider {

    /** The settings of a tenant's site, or empty when the site has none. */
    Optional<SiteSettings> find(String tenant, String siteCode);
}
