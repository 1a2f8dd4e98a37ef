package org.rewardpoints;

/**
 * From when the validity months of an order's points count, where the site has a pending period
 * ({@link SiteSettings#pendingPeriodDays()}). Without one both are the same.
 */
public enum ExpiryStart {
    /** From the credit: pending days are part of the validity (the reference's formula). */
    CREDIT,
    /**
     * From the scheduled end of the pending period: the points are usable for the whole validity.
     * An earlier {@link RewardPoints#activate} makes them usable sooner and leaves their expiry as it is.
     */
    PENDING_PERIOD_END
}
