package org.rewardpoints;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.LotRecord;

/**
 * Announces lots about to expire: one {@link LedgerEvent.Type#EXPIRING_SOON} event per lot and
 * window, written in the account's unit together with a mark on the lot (the window it was
 * announced for), so that no later run, restart or other instance announces it again for that
 * window, whether or not its events were delivered and purged since. A lot marked for a window is
 * announced again only for a shorter one. Runs like the expiry sweep, batch by batch.
 */
final class ExpiryAnnouncements {
    /** The longest window: lots are valid for at most 1200 months. */
    static final Duration MAX_WINDOW = Duration.ofDays(36_525);

    private final Units units;
    private final int batchSize;

    ExpiryAnnouncements(Units units, int batchSize) {
        this.units = units;
        this.batchSize = batchSize;
    }

    AnnouncementResult announce(Duration window) {
        long seconds = windowSeconds(window);
        long[] totals = units.eachAccount(batchSize, (now, limit) ->
                units.store().accountsWithLotsToAnnounce(now, now.plus(window), seconds, limit), unit -> {
            Optional<AccountRecord> account = unit.session.lockAccount(unit.now);
            if (account.isEmpty()) {
                return new long[] {0, 0};
            }
            List<LotRecord> lots = unit.session.lotsToAnnounce(unit.now, unit.now.plus(window), seconds);
            if (lots.isEmpty()) {
                return new long[] {0, 0};
            }
            AccountRecord marked = account.get().withChange(0, 0, 0); // a change to its lots: a new version
            long lotPoints = 0;
            for (LotRecord lot : lots) {
                unit.session.markAnnounced(lot.id(), seconds);
                unit.announced(lot, marked.activePoints(), window);
                lotPoints += lot.remaining();
            }
            unit.session.updateAccount(marked);
            return new long[] {lots.size(), lotPoints};
        });
        return new AnnouncementResult(totals[0], totals[1], totals[2]);
    }

    private static long windowSeconds(Duration window) {
        if (window == null) {
            throw new InvalidInputException("window", null, "is required");
        }
        if (window.isNegative() || window.isZero() || window.getNano() != 0) {
            throw new InvalidInputException("window", window, "must be a positive whole number of seconds");
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidInputException("window", window, "must be at most " + MAX_WINDOW.toDays() + " days");
        }
        return window.getSeconds();
    }
}
