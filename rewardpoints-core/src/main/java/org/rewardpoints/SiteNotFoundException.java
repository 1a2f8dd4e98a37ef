package org.rewardpoints;

/** The settings provider knows no reward points settings for the tenant's site. */
public class SiteNotFoundException extends NotFoundException {
    private final String tenant;
    private final String siteCode;

    public SiteNotFoundException(String tenant, String siteCode) {
        super("No reward points settings for site '" + siteCode + "' of tenant '" + tenant + "'");
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
