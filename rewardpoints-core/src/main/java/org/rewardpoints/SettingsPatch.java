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
 * {@code currency}. {@code enabled} defaults to true and {@code timeZone} to UTC.
 *
 * @param enabled                        or null
 * @param orderValueToRewardPointsFactor or null
 * @param validityInMonths               or null
 * @param codePrefix                     or null
 * @param currency                       or null
 * @param timeZone                       or null
 */
public record SettingsPatch(
        Boolean enabled,
        BigDecimal orderValueToRewardPointsFactor,
        Integer validityInMonths,
        String codePrefix,
        Currency currency,
        ZoneId timeZone) {

    /** Used only to check a patch's fields one by one with {@link SiteSettings}' own rules. */
    private static final SiteSettings VALID_BASE =
            new SiteSettings(true, BigDecimal.ONE, 1, "P", Currency.getInstance("EUR"), ZoneOffset.UTC);

    // after VALID_BASE: the constructor uses it
    /** Changes nothing. */
    public static final SettingsPatch EMPTY = new SettingsPatch(null, null, null, null, null, null);

    public SettingsPatch {
        // SiteSettings' constructor names the offending field; the base supplies valid values for the others
        merge(VALID_BASE, enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone);
    }

    /** A patch that gives every field of {@code settings}: applied to anything, it yields {@code settings}. */
    public static SettingsPatch of(SiteSettings settings) {
        return new SettingsPatch(settings.enabled(), settings.orderValueToRewardPointsFactor(),
                settings.validityInMonths(), settings.codePrefix(), settings.currency(), settings.timeZone());
    }

    /** True when the patch gives no field. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /**
     * The settings after this patch.
     *
     * @param current the site's settings, or null when it has none yet
     * @throws InvalidInputException when {@code current} is null and a field without default is not given
     */
    public SiteSettings applyTo(SiteSettings current) {
        if (current != null) {
            return merge(current, enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone);
        }
        requiredToCreate("orderValueToRewardPointsFactor", orderValueToRewardPointsFactor);
        requiredToCreate("validityInMonths", validityInMonths);
        requiredToCreate("codePrefix", codePrefix);
        requiredToCreate("currency", currency);
        return new SiteSettings(enabled == null || enabled, orderValueToRewardPointsFactor, validityInMonths,
                codePrefix, currency, timeZone == null ? ZoneOffset.UTC : timeZone);
    }

    public SettingsPatch withEnabled(Boolean newEnabled) {
        return new SettingsPatch(newEnabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, timeZone);
    }

    public SettingsPatch withOrderValueToRewardPointsFactor(BigDecimal newFactor) {
        return new SettingsPatch(enabled, newFactor, validityInMonths, codePrefix, currency, timeZone);
    }

    public SettingsPatch withValidityInMonths(Integer newValidityInMonths) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, newValidityInMonths, codePrefix, currency, timeZone);
    }

    public SettingsPatch withCodePrefix(String newCodePrefix) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, newCodePrefix, currency, timeZone);
    }

    public SettingsPatch withCurrency(Currency newCurrency) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, newCurrency, timeZone);
    }

    public SettingsPatch withTimeZone(ZoneId newTimeZone) {
        return new SettingsPatch(enabled, orderValueToRewardPointsFactor, validityInMonths, codePrefix, currency, newTimeZone);
    }

    private static SiteSettings merge(SiteSettings base, Boolean enabled, BigDecimal factor, Integer validityInMonths,
                                      String codePrefix, Currency currency, ZoneId timeZone) {
        return new SiteSettings(
                enabled != null ? enabled : base.enabled(),
                factor != null ? factor : base.orderValueToRewardPointsFactor(),
                validityInMonths != null ? validityInMonths : base.validityInMonths(),
                codePrefix != null ? codePrefix : base.codePrefix(),
                currency != null ? currency : base.currency(),
                timeZone != null ? timeZone : base.timeZone());
    }

    private static void requiredToCreate(String field, Object value) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required to create the site's settings");
        }
    }
}
