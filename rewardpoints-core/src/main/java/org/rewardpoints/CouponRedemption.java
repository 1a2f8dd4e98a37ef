package org.rewardpoints;

import org.rewardpoints.internal.Checks;

/**
 * A customer exchanging points for a coupon.
 *
 * @param tenant     tenant
 * @param siteCode   site whose code prefix the coupon gets
 * @param customerId the customer
 * @param optionId   the redemption option
 * @param requestId  optional idempotency id: a repeat returns the first coupon
 */
public record CouponRedemption(String tenant, String siteCode, String customerId, String optionId, String requestId) {

    public CouponRedemption {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        Checks.id("customerId", customerId);
        Checks.id("optionId", optionId);
        Checks.optionalId("requestId", requestId);
    }

    /** A redemption on the default site, without request id. */
    public static CouponRedemption of(String tenant, String customerId, String optionId) {
        return new CouponRedemption(tenant, RewardPoints.DEFAULT_SITE_CODE, customerId, optionId, null);
    }

    public CouponRedemption withSiteCode(String newSiteCode) {
        return new CouponRedemption(tenant, newSiteCode, customerId, optionId, requestId);
    }

    public CouponRedemption withRequestId(String newRequestId) {
        return new CouponRedemption(tenant, siteCode, customerId, optionId, newRequestId);
    }
}
