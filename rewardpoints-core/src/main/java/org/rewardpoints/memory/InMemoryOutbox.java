package org.rewardpoints.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.EventOutbox;
import org.rewardpoints.spi.EventRecord;

/** The events of an {@link InMemoryLedgerStore}, with the outbox's delivery state; one lock for all. */
final class InMemoryOutbox implements EventOutbox {

    /** An event with its delivery state. */
    private static final class Entry {
        EventRecord event;
        Instant deliveredAt;
        Instant nextAttemptAt = Instant.MIN;
        boolean parked;
        /** Held by a relay that is delivering it. */
        boolean held;

        Entry(EventRecord event) {
            this.event = event;
        }

        AccountKey account() {
            return new AccountKey(event.tenant(), event.customerId());
        }
    }

    private final TreeMap<Long, Entry> events = new TreeMap<>();
    private long lastPosition;

    /** Appends the events of a committing unit, in order, each with the next position. */
    synchronized void append(List<EventRecord> committed) {
        for (EventRecord event : committed) {
            long position = ++lastPosition;
            events.put(position, new Entry(event.withPosition(position).withAttempts(0)));
        }
    }

    /**
     * Holds the claimable events under the lock, hands them over without it (so units keep
     * appending), then writes the outcome under the lock; held events are skipped by other relays.
     */
    @Override
    public int deliverEvents(Instant now, int limit, Delivery delivery) {
        List<Entry> held = hold(now, limit);
        if (held.isEmpty()) {
            return 0;
        }
        Outcome outcome = null;
        try {
            outcome = delivery.deliver(held.stream().map(entry -> entry.event).toList());
        } finally {
            release(held, outcome);
        }
        return held.size();
    }

    private synchronized List<Entry> hold(Instant now, int limit) {
        List<Entry> held = new ArrayList<>();
        Set<AccountKey> heldBack = new HashSet<>();
        for (Entry entry : events.values()) {
            if (held.size() == limit) {
                break;
            }
            if (entry.deliveredAt != null || !heldBack.add(entry.account())) {
                continue; // delivered, or an earlier event of its account is not
            }
            if (!entry.parked && !entry.held && !entry.nextAttemptAt.isAfter(now)) {
                entry.held = true;
                held.add(entry);
            }
        }
        return held;
    }

    /** Writes the outcome (none: the relay failed, the events stay as they were) and lets the events go. */
    private synchronized void release(List<Entry> held, Outcome outcome) {
        held.forEach(entry -> entry.held = false);
        if (outcome == null) {
            return;
        }
        Map<Long, Failure> failures = new HashMap<>();
        outcome.failures().forEach(failure -> failures.put(failure.position(), failure));
        for (Entry entry : held) {
            Failure failure = failures.get(entry.event.position());
            if (failure == null) {
                entry.deliveredAt = outcome.deliveredAt();
            } else {
                entry.event = entry.event.withAttempts(entry.event.attempts() + 1);
                entry.nextAttemptAt = failure.nextAttemptAt();
                entry.parked = failure.park();
            }
        }
    }

    @Override
    public synchronized int retryParkedEvents(Instant now) {
        int retried = 0;
        for (Entry entry : events.values()) {
            if (entry.parked) {
                entry.event = entry.event.withAttempts(0);
                entry.parked = false;
                entry.nextAttemptAt = now;
                retried++;
            }
        }
        return retried;
    }

    @Override
    public synchronized List<EventRecord> eventsAfter(long afterPosition, int limit) {
        return InMemoryLedgerStore.inOrder(events.tailMap(afterPosition, false).values()).limit(limit)
                .map(entry -> entry.event).toList();
    }

    @Override
    public synchronized int purgeDeliveredEvents(Instant deliveredBefore, int limit) {
        List<Long> purged = events.entrySet().stream()
                .filter(stored -> stored.getValue().deliveredAt != null
                        && stored.getValue().deliveredAt.isBefore(deliveredBefore))
                .limit(limit).map(Map.Entry::getKey).toList();
        purged.forEach(events::remove);
        return purged.size();
    }

    @Override
    public synchronized OutboxStatus outboxStatus() {
        Optional<Instant> oldest = Optional.empty();
        long undelivered = 0;
        long parked = 0;
        for (Entry entry : events.values()) {
            if (entry.deliveredAt == null) {
                undelivered++;
                if (oldest.isEmpty() || entry.event.occurredAt().isBefore(oldest.get())) {
                    oldest = Optional.of(entry.event.occurredAt());
                }
            }
            if (entry.parked) {
                parked++;
            }
        }
        return new OutboxStatus(oldest, undelivered, parked);
    }
}
