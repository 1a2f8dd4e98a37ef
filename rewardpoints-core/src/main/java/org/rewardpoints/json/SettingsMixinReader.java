package org.rewardpoints.json;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.internal.Checks;

/**
 * Reads a site's reward points mixin into a {@link SettingsPatch}.
 *
 * <p>Accepts the site's whole mixins object ({@code {"couponSettings": {"rewardpoints": {...}}}}),
 * the {@code couponSettings} mixin alone ({@code {"rewardpoints": {...}}}), or the
 * {@code rewardpoints} object itself. Fields, in either spelling:
 * <ul>
 *   <li>{@code enabled} (tutorial: {@code enable}) — true or false</li>
 *   <li>{@code orderValueToRewardPointsFactor} — a number &ge; 0</li>
 *   <li>{@code validityInMonths} — a whole number of months &ge; 1</li>
 *   <li>{@code codePrefix} (tutorial: {@code couponPrefix}) — a string</li>
 *   <li>{@code currency} (ISO 4217) and {@code timeZone} (a zone id) — not part of the site-service
 *       mixin, but written by {@link SettingsMixinWriter} so a stored document holds whole settings</li>
 *   <li>{@code pendingPeriodDays} — a whole number of days, 0 to 365: the library's own field (no
 *       spelling of the reference has it); absent means 0</li>
 * </ul>
 * A field that is absent or {@code null} is not given (a patch keeps its value); unknown fields are
 * ignored. Both spellings of one field must agree. Every failure is an
 * {@link InvalidInputException} naming the field as the {@code rewardpoints} object spells it
 * ({@code validityInMonths}) and the value.
 */
public final class SettingsMixinReader {
    private static final String COUPON_SETTINGS = "couponSettings";
    private static final String REWARD_POINTS = "rewardpoints";

    private SettingsMixinReader() {
    }

    /**
     * @throws InvalidInputException when the JSON is malformed or a field has a wrong type or value
     */
    public static SettingsPatch read(String json) {
        JsonInput settings = JsonInput.parse(json);
        if (settings.has(COUPON_SETTINGS)) {
            // the couponSettings mixin has a codePrefix of its own (for other coupons): never ours
            settings = settings.requiredObject(COUPON_SETTINGS).requiredObject(REWARD_POINTS).asDocument();
        } else if (settings.has(REWARD_POINTS)) {
            settings = settings.requiredObject(REWARD_POINTS).asDocument();
        }
        return new SettingsPatch(
                either(settings, "enabled", settings.bool("enabled"), "enable", settings.bool("enable")),
                settings.decimal("orderValueToRewardPointsFactor"),
                settings.smallInteger("validityInMonths"),
                either(settings, "codePrefix", settings.text("codePrefix"), "couponPrefix", settings.text("couponPrefix")),
                currency(settings),
                timeZone(settings),
                settings.smallInteger("pendingPeriodDays"),
                null);
    }

    private static <T> T either(JsonInput settings, String name, T value, String otherName, T otherValue) {
        if (value != null && otherValue != null && !value.equals(otherValue)) {
            throw new InvalidInputException(settings.field(otherName), otherValue,
                    "contradicts " + settings.field(name) + " '" + value + "'");
        }
        return value != null ? value : otherValue;
    }

    private static Currency currency(JsonInput settings) {
        String code = settings.text("currency");
        return code == null ? null : Checks.currency(settings.field("currency"), code);
    }

    private static ZoneId timeZone(JsonInput settings) {
        String zone = settings.text("timeZone");
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException(settings.field("timeZone"), zone, "is not a time zone id like Europe/Berlin");
        }
    }
}
