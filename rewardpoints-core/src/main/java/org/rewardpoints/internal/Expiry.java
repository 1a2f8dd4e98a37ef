package org.rewardpoints.internal;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import org.rewardpoints.ExpiryAlignment;
import org.rewardpoints.SiteSettings;

/** Computes when earned points expire. */
public final class Expiry {
    private Expiry() {
    }

    /**
     * createdAt plus the site's validity months in the site's zone; a day past the end of the
     * target month falls back to its last day (Jan 31 + 1 month = Feb 28 or 29), then aligned.
     */
    public static Instant validUntil(Instant createdAt, SiteSettings settings, ExpiryAlignment alignment) {
        ZonedDateTime end = createdAt.atZone(settings.timeZone()).plusMonths(settings.validityInMonths());
        return switch (alignment) {
            case EXACT -> end.toInstant();
            case START_OF_DAY -> end.truncatedTo(ChronoUnit.DAYS).toInstant();
            case END_OF_MONTH -> end.with(TemporalAdjusters.firstDayOfNextMonth()).truncatedTo(ChronoUnit.DAYS).toInstant();
        };
    }
}
