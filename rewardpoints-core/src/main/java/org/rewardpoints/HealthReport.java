package org.rewardpoints;

import java.time.Duration;
import java.util.Optional;

/**
 * What a health check or an alert reads ({@link RewardPoints#health}).
 *
 * @param oldestUndeliveredEventAge   how long the oldest undelivered event has waited, or empty
 *                                    when every event is delivered
 * @param undeliveredEvents           events not yet delivered, parked ones included
 * @param parkedEvents                events parked after too many failed deliveries
 * @param staleReservations           pending coupon reservations older than the age asked for (counted
 *                                    up to {@link #MAX_COUNTED_RESERVATIONS})
 */
public record HealthReport(Optional<Duration> oldestUndeliveredEventAge, long undeliveredEvents, long parkedEvents,
                           int staleReservations) {
    /** Stale reservations are counted up to this many. */
    public static final int MAX_COUNTED_RESERVATIONS = 1000;
}
