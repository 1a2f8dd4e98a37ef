package org.rewardpoints.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored events of a {@link LedgerStore}, as a transactional outbox: the store writes them in
 * the units of the changes (committed with the change or not at all) and the relay delivers them
 * from here, at least once and in order per account. Several relays, in one or many JVMs, may use
 * the outbox at once; a store must never hand one event to two of them at the same time.
 */
public interface EventOutbox {

    /**
     * Claims up to {@code limit} events for delivery until {@code claimedUntil}, oldest first: an
     * event is claimable when it is not delivered, not parked, due ({@code next attempt} at or
     * before {@code now}), not claimed by another relay whose claim still runs, and no earlier
     * event of its account is undelivered (so each account's events go out in order). Claiming
     * counts an attempt. Events another relay is claiming at the same moment are skipped.
     */
    List<EventRecord> claimEvents(Instant now, Instant claimedUntil, int limit);

    /** Marks claimed events delivered at {@code now}. */
    void eventsDelivered(List<Long> positions, Instant now);

    /**
     * Gives a claimed event back after a failed delivery: due again at {@code nextAttemptAt}, or
     * parked (never claimed again until {@link #retryParkedEvents}) when {@code park}.
     */
    void eventFailed(long position, Instant nextAttemptAt, boolean park, String error);

    /** Makes every parked event due again at {@code now} with its attempts reset; returns how many. */
    int retryParkedEvents(Instant now);

    /** Committed events in position order, strictly after {@code afterPosition}, delivered or not. */
    List<EventRecord> eventsAfter(long afterPosition, int limit);

    /** Deletes up to {@code limit} events delivered before {@code deliveredBefore}; returns how many. */
    int purgeDeliveredEvents(Instant deliveredBefore, int limit);

    /** What a health check reads. */
    OutboxStatus outboxStatus();

    /**
     * @param oldestUndelivered when the oldest event not yet delivered (parked ones included)
     *                          occurred, or empty when every event is delivered
     * @param undelivered       events not yet delivered, parked ones included
     * @param parked            events parked after too many failed attempts
     */
    record OutboxStatus(Optional<Instant> oldestUndelivered, long undelivered, long parked) {
    }
}
