package org.rewardpoints.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.Checks;

/**
 * Writes a site's settings as the {@code couponSettings.rewardpoints} mixin object, in the live
 * spelling ({@code enabled}, {@code codePrefix}), plus {@code currency} and {@code timeZone} so the
 * document holds the whole settings, and the library's own {@code pendingPeriodDays} when it is not
 * 0 (so settings without a pending period are written as before). {@link SettingsMixinReader}
 * reads it back into the same settings ({@code read(write(s)).applyTo(null)} equals {@code s}).
 */
public final class SettingsMixinWriter {

    private SettingsMixinWriter() {
    }

    public static String write(SiteSettings settings) {
        Checks.required("settings", settings);
        ObjectNode mixin = JsonNodeFactory.instance.objectNode()
                .put("enabled", settings.enabled())
                .put("orderValueToRewardPointsFactor", settings.orderValueToRewardPointsFactor())
                .put("validityInMonths", settings.validityInMonths())
                .put("codePrefix", settings.codePrefix())
                .put("currency", settings.currency().getCurrencyCode())
                .put("timeZone", settings.timeZone().getId());
        if (settings.pendingPeriodDays() > 0) {
            mixin.put("pendingPeriodDays", settings.pendingPeriodDays());
        }
        return JsonOutput.write(mixin);
    }
}
