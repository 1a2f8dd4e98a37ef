package org.rewardpoints;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import org.rewardpoints.internal.Checks;

/**
 * Reward points settings of one site of a tenant (the site's {@code couponSettings.rewardpoints}
 * mixin plus the site's currency and time zone).
 *
 * @param enabled                        when false, completed orders earn nothing
 * @param orderValueToRewardPointsFactor points per unit of order value, &ge; 0
 * @param validityInMonths               lifespan of earned points in whole months, &ge; 1
 * @param codePrefix                     prefix of coupon codes ({@code prefix-code})
 * @param currency                       the site's currency; orders in another currency are refused
 * @param timeZone                       zone in which month arithmetic and alignment happen
 * @param pendingPeriodDays              days (in the site's zone) an order's points stay pending
 *                                       before they can be spent, 0 to {@value #MAX_PENDING_PERIOD_DAYS};
 *                                       0, the default, credits them usable at once
 *                                       ({@link RewardPoints#activate} ends the period early)
 */
public record SiteSettings(
        boolean enabled,
        BigDecimal orderValueToRewardPointsFactor,
        int validityInMonths,
        String codePrefix,
        Currency currency,
        ZoneId timeZone,
        int pendingPeriodDays) {

    /** Largest accepted factor. */
    public static final BigDecimal MAX_FACTOR = new BigDecimal("1000000");
    /** Largest accepted validity: 100 years. */
    public static final int MAX_VALIDITY_IN_MONTHS = 1200;
    /** Longest accepted pending period: a year. */
    public static final int MAX_PENDING_PERIOD_DAYS = 365;

    public SiteSettings {
        if (orderValueToRewardPointsFactor != null && orderValueToRewardPointsFactor.compareTo(MAX_FACTOR) > 0) {
            throw new InvalidInputException("orderValueToRewardPointsFactor", orderValueToRewardPointsFactor.toPlainString(),
                    "must be at most " + MAX_FACTOR);
        }
        Checks.amount("orderValueToRewardPointsFactor", orderValueToRewardPointsFactor, true);
        if (validityInMonths < 1 || validityInMonths > MAX_VALIDITY_IN_MONTHS) {
            throw new InvalidInputException("validityInMonths", validityInMonths,
                    "must be between 1 and " + MAX_VALIDITY_IN_MONTHS);
        }
        Checks.id("codePrefix", codePrefix);
        if (!codePrefix.matches("[A-Za-z0-9_]{1,16}")) {
            throw new InvalidInputException("codePrefix", codePrefix, "must be 1 to 16 letters, digits or underscores");
        }
        Checks.required("currency", currency);
        Checks.required("timeZone", timeZone);
        if (pendingPeriodDays < 0 || pendingPeriodDays > MAX_PENDING_PERIOD_DAYS) {
            throw new InvalidInputException("pendingPeriodDays", pendingPeriodDays,
                    "must be between 0 and " + MAX_PENDING_PERIOD_DAYS);
        }
    }

    /** Settings whose orders' points are usable at once. */
    public SiteSettings(boolean enabled, BigDecimal orderValueToRewardPointsFactor, int validityInMonths,
                        String codePrefix, Currency currency, ZoneId timeZone) {
        this(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone, 0);
    }

    /** Enabled settings in UTC. */
    public static SiteSettings of(BigDecimal factor, int validityInMonths, String codePrefix, String currencyCode) {
        return new SiteSettings(true, factor, validityInMonths, codePrefix,
                Checks.currency("currency", currencyCode), ZoneOffset.UTC);
    }

    public SiteSettings withEnabled(boolean newEnabled) {
        return new SiteSettings(newEnabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone,
                pendingPeriodDays);
    }

    public SiteSettings withTimeZone(ZoneId newTimeZone) {
        return new SiteSettings(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, newTimeZone,
                pendingPeriodDays);
    }

    public SiteSettings withPendingPeriodDays(int newPendingPeriodDays) {
        return new SiteSettings(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone,
                newPendingPeriodDays);
    }
}
