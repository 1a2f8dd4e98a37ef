package org.rewardpoints;

/** How the expiry instant of earned points is aligned after adding the site's validity months. */
public enum ExpiryAlignment {
    /** createdAt + months, to the instant. */
    EXACT,
    /** The start of that day in the site's time zone (what the reference product's data shows). */
    START_OF_DAY,
    /** The end of that month in the site's time zone: the first instant of the next month. */
    END_OF_MONTH
}
