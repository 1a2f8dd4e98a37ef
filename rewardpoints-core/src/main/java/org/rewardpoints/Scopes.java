package org.rewardpoints;

/** The reference product's scopes. */
public final class Scopes {
    /** Read any customer's points and summaries. */
    public static final String VIEW = "rewardspoints.rewardpoints_view";
    /** Add, redeem and delete points; manage redemption options. */
    public static final String MANAGE = "rewardspoints.rewardpoints_manage";
    /** Read and change a site's settings. */
    public static final String SITE_MANAGE = "site.site_manage";

    private Scopes() {
    }
}
