package org.rewardpoints;

import java.time.Duration;

/**
 * The ledger's events: written with every change in the change's own unit (a transactional
 * outbox), delivered by a relay to the {@link RewardPointsListener}s at least once and in order per
 * account, or read by consumers that keep their own offset. Get it from
 * {@link RewardPoints#events()}.
 *
 * <p>{@link #deliver} is the relay: run it periodically (every second or so) on any number of
 * instances at once; each event is handed to one relay at a time. A listener that throws makes the
 * event due again later (back-off doubling from one second up to 15 minutes); after
 * {@link RewardPoints.Builder#eventMaxAttempts} attempts it is parked. A parked or failing event
 * holds back the later events of its own account only.
 */
public interface LedgerEvents {

    /**
     * Delivers what is due, in rounds of up to the configured batch size (one event per account per
     * round, the oldest undelivered), until nothing is due or 100 rounds ran; never blocks ledger
     * writes.
     */
    DeliveryResult deliver();

    /**
     * Committed events of all tenants in the store's order, after {@code cursor} (null from the
     * start), delivered or not: for consumers that keep their own offset. An event whose unit
     * committed late can appear behind one already read; to miss none, re-read a short window
     * behind your offset and de-duplicate by {@link LedgerEvent#id()}.
     */
    Page<LedgerEvent> read(String cursor, int limit);

    /** Deletes events delivered longer than {@code retention} ago; returns how many. */
    long purgeDelivered(Duration retention);

    /** Makes parked events due again, with their attempts counted from zero; returns how many. */
    int retryParked();

    /**
     * @param delivered events handed to every listener
     * @param failed    events a listener refused, due again later
     * @param parked    events that failed their last allowed attempt
     */
    record DeliveryResult(int delivered, int failed, int parked) {
    }
}
