package org.rewardpoints;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;

/**
 * A partial update of a site's {@link SiteSettings}, as the site-mixin PATCH sends it: a null
 * field is not given and keeps its current value. Each given field is checked with the rules of
 * {@link SiteSettings} when the patch is made.
 *
 * <p>To create a site's settings, a patch must give every field that has no default:
 * {@code orderValueToRewardPointsFactor}, {@code validityInMonths}, {@code codePrefix} and
 * {@code currency}. {@code enabled} defaults to true, {@code timeZone} to UTC,
 * {@code pendingPeriodDays} to 0, and {@code currency} to {@code defaultCurrency} when that is
 * given: the reference's mixin has no currency, so a site configured from it alone takes its
 * currency from there ({@link RewardPoints.Builder#defaultCurrency} sets it for every patch of the
 * library).
 *
 * @param enabled                        or null
 * @param orderValueToRewardPointsFactor or null
 * @param validityInMonths               or null
 * @param codePrefix                     or null
 * @param currency                       or null
 * @param timeZone                       or null
 * @param pendingPeriodDays              or null
 * @param defaultCurrency                the currency when this patch creates the settings and
 *                                       gives no {@code currency}; never changes existing settings;
 *                                       or null
 */
public record SettingsPatch(
        Boolean enabled,
        BigDecimal orderValueToRewardPointsFactor,
        Integer validityInMonths,
        String codePrefix,
        Currency currency,
        ZoneId timeZone,
        Integer pendingPeriodDays,
        Currency defaultCurrency) {

    /** Used only to check a patch's fields one by one with {@link SiteSettings}' own rules. */
    private static final SiteSettings VALID_BASE =
            new SiteSettings(true, BigDecimal.ONE, 1, "P", Currency.getInstance("EUR"), ZoneOffset.UTC);

    // after VALID_BASE: the constructor uses it
    /** Changes nothing. */
    public static final SettingsPatch EMPTY = new SettingsPatch(null, null, null, null, null, null);

    public SettingsPatch {
        // SiteSettings' constructor names the offending field; the base supplies valid values for the others
        merge(VALID_BASE, enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone,
                pendingPeriodDays);
    }

    /** A patch of the reference's fields (and currency and time zone), without default currency. */
    public SettingsPatch(Boolean enabled, BigDecimal orderValueToRewardPointsFactor, Integer validityInMonths,
                         String codePrefix, Currency currency, ZoneId timeZone) {
        this(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone, null, null);
    }

    /** A patch that gives every field of {@code settings}: applied to anything, it yields {@code settings}. */
    public static SettingsPatch of(SiteSettings settings) {
        return new SettingsPatch(settings.enabled(), settings.orderValueToRewardPointsFactor(),
                settings.validityInMonths(), settings.codePrefix(), settings.currency(), settings.timeZone(),
                settings.pendingPeriodDays(), null);
    }

    /** True when the patch gives no field ({@code defaultCurrency} is no field of the settings). */
    public boolean isEmpty() {
        return withDefaultCurrency(null).equals(EMPTY);
    }

    /**
     * The settings after this patch.
     *
     * @param current the site's settings, or null when it has none yet
     * @throws InvalidInputException when {@code current} is null and a field without default is not given
     */
    public SiteSettings applyTo(SiteSettings current) {
        if (current != null) {
            return merge(current, enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone,
                    pendingPeriodDays);
        }
        requiredToCreate("orderValueToRewardPointsFactor", orderValueToRewardPointsFactor);
        requiredToCreate("validityInMonths", validityInMonths);
        requiredToCreate("codePrefix", codePrefix);
        Currency created = currency != null ? currency : defaultCurrency;
        if (created == null) {
            throw new InvalidInputException("currency", null, "is required to create the site's settings"
                    + " (or a default currency: RewardPoints.builder().defaultCurrency(...))");
        }
        return new SiteSettings(enabled == null || enabled, orderValueToRewardPointsFactor, validityInMonths,
                codePrefix, created, timeZone == null ? ZoneOffset.UTC : timeZone,
                pendingPeriodDays == null ? 0 : pendingPeriodDays);
    }

    public SettingsPatch withEnabled(Boolean newEnabled) {
        return new SettingsPatch(newEnabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency,
                timeZone, pendingPeriodDays, defaultCurrency);
    }

    public SettingsPatch withOrderValueToRewardPointsFactor(BigDecimal newFactor) {
        return new SettingsPatch(enabled, newFactor, validityInMonths, codePrefix, currency, timeZone, pendingPeriodDays,
                defaultCurrency);
    }

    public SettingsPatch withValidityInMonths(Integer newValidityInMonths) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, newValidityInMonths, codePrefix, currency,
                timeZone, pendingPeriodDays, defaultCurrency);
    }

    public SettingsPatch withCodePrefix(String newCodePrefix) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, newCodePrefix, currency,
                timeZone, pendingPeriodDays, defaultCurrency);
    }

    public SettingsPatch withCurrency(Currency newCurrency) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, newCurrency,
                timeZone, pendingPeriodDays, defaultCurrency);
    }

    public SettingsPatch withTimeZone(ZoneId newTimeZone) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency,
                newTimeZone, pendingPeriodDays, defaultCurrency);
    }

    public SettingsPatch withPendingPeriodDays(Integer newPendingPeriodDays) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency,
                timeZone, newPendingPeriodDays, defaultCurrency);
    }

    /** This patch with the currency used when it creates the settings without giving one; null for none. */
    public SettingsPatch withDefaultCurrency(Currency newDefaultCurrency) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency,
                timeZone, pendingPeriodDays, newDefaultCurrency);
    }

    private static SiteSettings merge(SiteSettings base, Boolean enabled, BigDecimal factor, Integer validityInMonths,
                                      String codePrefix, Currency currency, ZoneId timeZone, Integer pendingPeriodDays) {
        return new SiteSettings(
                enabled != null ? enabled : base.enabled(),
                factor != null ? factor : base.orderValueToRewardPointsFactor(),
                validityInMonths != null ? validityInMonths : base.validityInMonths(),
                codePrefix != null ? codePrefix : base.codePrefix(),
                currency != null ? currency : base.currency(),
                timeZone != null ? timeZone : base.timeZone(),
                pendingPeriodDays != null ? pendingPeriodDays : base.pendingPeriodDays());
    }

    private static void requiredToCreate(String field, Object value) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required to create the site's settings");
        }
    }
}
