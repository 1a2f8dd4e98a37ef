package org.rewardpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.spi.EventOutbox;
import org.rewardpoints.spi.EventRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay of the outbox, and the reads of it. */
final class EventRelay implements LedgerEvents {
    /**
     * Rounds of one {@link #deliver} call at most, so a call ends even while events keep coming. A
     * round takes the oldest undelivered event of each account, so an account's next event waits
     * for the next round.
     */
    static final int MAX_ROUNDS = 100;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofMinutes(15);
    private static final int PURGE_BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    private final Units units;
    private final List<RewardPointsListener> listeners;
    private final int batchSize;
    private final int maxAttempts;

    EventRelay(Units units, List<RewardPointsListener> listeners, int batchSize, int maxAttempts) {
        this.units = units;
        this.listeners = List.copyOf(listeners);
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
    }

    private EventOutbox outbox() {
        return units.store();
    }

    @Override
    public DeliveryResult deliver() {
        int delivered = 0;
        int failed = 0;
        int parked = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Round tally = new Round();
            outbox().deliverEvents(units.now(), batchSize, tally);
            delivered += tally.delivered;
            failed += tally.failed;
            parked += tally.parked;
            if (tally.delivered == 0) {
                break; // nothing left, or only failures: what a delivery freed comes next round
            }
        }
        return new DeliveryResult(delivered, failed, parked);
    }

    /** One round: the listeners hear the claimed events, in order; counts what became of them. */
    private final class Round implements EventOutbox.Delivery {
        int delivered;
        int failed;
        int parked;

        @Override
        public EventOutbox.Outcome deliver(List<EventRecord> events) {
            delivered = 0; // a store that re-runs its transaction hands the round over again
            failed = 0;
            parked = 0;
            List<EventOutbox.Failure> failures = new ArrayList<>();
            for (EventRecord record : events) {
                RuntimeException failure = tell(EventRecords.toEvent(record));
                if (failure == null) {
                    delivered++;
                    continue;
                }
                int attempt = record.attempts() + 1;
                boolean park = attempt >= maxAttempts;
                LOG.warn("Listener failed on event {} (attempt {} of {}){}", record.id(), attempt, maxAttempts,
                        park ? "; parked" : "; retried later", failure);
                failures.add(new EventOutbox.Failure(record.position(), units.now().plus(backOff(attempt)), park,
                        String.valueOf(failure)));
                if (park) {
                    parked++;
                } else {
                    failed++;
                }
            }
            return new EventOutbox.Outcome(units.now(), failures);
        }
    }

    /** Tells every listener; the first failure, or null when all took it. */
    private RuntimeException tell(LedgerEvent event) {
        for (RewardPointsListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                return e;
            }
        }
        return null;
    }

    static Duration backOff(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait;
    }

    @Override
    public Page<LedgerEvent> read(String cursor, int limit) {
        History.pageSize(limit);
        long after = cursor == null ? 0 : position(cursor);
        List<LedgerEvent> items = outbox().eventsAfter(after, limit).stream().map(EventRecords::toEvent).toList();
        Optional<String> next = items.size() < limit ? Optional.empty()
                : Optional.of(Cursors.encode(Long.toString(items.get(items.size() - 1).position())));
        return new Page<>(items, next);
    }

    private static long position(String cursor) {
        try {
            return Long.parseLong(Cursors.decode(cursor));
        } catch (NumberFormatException | InvalidInputException e) {
            throw new InvalidInputException("cursor", cursor, "is not a cursor of the event feed");
        }
    }

    @Override
    public long purgeDelivered(Duration retention) {
        Checks.required("retention", retention);
        if (retention.isNegative()) {
            throw new InvalidInputException("retention", retention, "must not be negative");
        }
        Instant before = units.now().minus(retention);
        long purged = 0;
        int batch;
        do {
            batch = outbox().purgeDeliveredEvents(before, PURGE_BATCH);
            purged += batch;
        } while (batch == PURGE_BATCH);
        return purged;
    }

    @Override
    public int retryParked() {
        return outbox().retryParkedEvents(units.now());
    }

    HealthReport health(Duration reservationAge) {
        Checks.required("reservationAge", reservationAge);
        if (reservationAge.isNegative()) {
            throw new InvalidInputException("reservationAge", reservationAge, "must not be negative");
        }
        Instant now = units.now();
        EventOutbox.OutboxStatus status = outbox().outboxStatus();
        int stale = units.store().pendingReservations(now.minus(reservationAge), null,
                HealthReport.MAX_COUNTED_RESERVATIONS).size();
        return new HealthReport(status.oldestUndelivered().map(oldest -> Duration.between(oldest, now)),
                status.undelivered(), status.parked(), stale);
    }
}
