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
     * Delivers up to {@code limit} events in one transaction of the store: locks the claimable
     * events, oldest first, skipping events another relay holds; hands them to {@code delivery}
     * while it holds them; then writes what {@code delivery} answers (each failed event's next
     * attempt, or its parking, with one more attempt counted; every other event delivered) and
     * lets them go. An event is claimable when it is not delivered, not parked, due ({@code next
     * attempt} at or before {@code now}), and no earlier event of its account is undelivered (so
     * each account's events go out in order). A relay that dies or loses its connection before
     * the store writes the outcome leaves the events undelivered: they are delivered again. The
     * held events never block the units that write new events.
     *
     * @return how many events were handed to {@code delivery} (0: nothing claimable)
     */
    int deliverEvents(Instant now, int limit, Delivery delivery);

    /** What a relay does with the events a store holds for it; the answer is written in the same transaction. */
    @FunctionalInterface
    interface Delivery {
        /**
         * @param events claimed events in position order, each with the failed attempts so far
         * @return the outcome: which events failed, and when the others were delivered
         */
        Outcome deliver(List<EventRecord> events);
    }

    /**
     * @param deliveredAt when the events not among the failures were delivered
     * @param failures    the events whose delivery failed
     */
    record Outcome(Instant deliveredAt, List<Failure> failures) {
        public Outcome {
            failures = List.copyOf(failures);
        }
    }

    /**
     * A failed delivery: the event is due again at {@code nextAttemptAt}, or parked (never claimed
     * again until {@link #retryParkedEvents}) when {@code park}.
     *
     * @param position      the event's position
     * @param nextAttemptAt when it is due again
     * @param park          whether to park it
     * @param error         what failed, for the operator (the store may shorten it)
     */
    record Failure(long position, Instant nextAttemptAt, boolean park, String error) {
    }

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
