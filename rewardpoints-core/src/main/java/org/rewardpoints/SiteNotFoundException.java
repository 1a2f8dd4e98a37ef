package org.rewardpoints;

/**
 * The settings provider knows no reward points settings for the tenant's site. The message says how to
 * configure one: {@link RewardPoints#updateSettings}, or the settings store given to the builder.
 */
public class SiteNotFoundException extends NotFoundException {
    private final String tenant;
    private final String siteCode;

    public SiteNotFoundException(String tenant, String siteCode) {
        super("No reward points settings for site '" + siteCode + "' of tenant '" + tenant + "': configure the site"
                + " first with RewardPoints.updateSettings(tenant, siteCode, SettingsPatch.of(SiteSettings.of(...)))"
                + " or in the settings store the builder was given (InMemorySettingsStore.put, JdbcSettingsStore)");
        this.tenant = tenant;
        this.siteCode = siteCode;
    }

    public String getTenant() {
        return tenant;
    }

    public String getSiteCode() {
        return siteCode;
    }
}
