package com.example.shop;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.rewardpoints.HealthReport;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.RewardPointsListener;

/**
 * Counters from the event relay, and the alerts to raise from {@link RewardPoints#health}. A Micrometer
 * registry takes the counters as {@code FunctionCounter.builder("rewardpoints.events", metrics,
 * m -> m.events(type)).tag("type", type.name()).register(registry)}, the health figures as gauges.
 */
public class RewardPointsMetrics implements RewardPointsListener {
    private final Map<LedgerEvent.Type, LongAdder> events = new EnumMap<>(LedgerEvent.Type.class);
    private final Map<LedgerEvent.Type, LongAdder> points = new EnumMap<>(LedgerEvent.Type.class);

    public RewardPointsMetrics() {
        for (LedgerEvent.Type type : LedgerEvent.Type.values()) {
            events.put(type, new LongAdder());
            points.put(type, new LongAdder());
        }
    }

    @Override
    public void onEvent(LedgerEvent event) { // at least once: a redelivered event is counted again
        events.get(event.type()).increment();
        points.get(event.type()).add(event.points());
    }

    public long events(LedgerEvent.Type type) {
        return events.get(type).sum();
    }

    public long points(LedgerEvent.Type type) {
        return points.get(type).sum();
    }

    /** What to alert on; empty when all is well. Run it every minute or so, on one instance or all. */
    public static String alerts(RewardPoints rewardPoints) {
        HealthReport health = rewardPoints.health(Duration.ofMinutes(15));
        StringBuilder alerts = new StringBuilder();
        health.oldestUndeliveredEventAge().filter(age -> age.compareTo(Duration.ofMinutes(5)) > 0)
                .ifPresent(age -> alerts.append("events wait for delivery since ").append(age)
                        .append(": is the relay running, is a listener failing?\n"));
        if (health.parkedEvents() > 0) {
            alerts.append(health.parkedEvents()).append(" events parked after failed deliveries:")
                    .append(" fix the listener, then events().retryParked()\n");
        }
        if (health.staleReservations() > 0) {
            alerts.append(health.staleReservations()).append(" coupon reservations pending for over 15 minutes:")
                    .append(" is recoverReservations running, is the coupon service up?\n");
        }
        return alerts.toString();
    }
}
