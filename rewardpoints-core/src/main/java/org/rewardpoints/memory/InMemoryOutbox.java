package org.rewardpoints.memory;

import java.time.Instant;
import java.util.ArrayList;
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
        Instant claimedUntil = Instant.MIN;
        boolean parked;

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

    @Override
    public synchronized List<EventRecord> claimEvents(Instant now, Instant claimedUntil, int limit) {
        List<EventRecord> claimed = new ArrayList<>();
        Set<AccountKey> heldBack = new HashSet<>();
        for (Entry entry : events.values()) {
            if (claimed.size() == limit) {
                break;
            }
            if (entry.deliveredAt != null || !heldBack.add(entry.account())) {
                continue; // delivered, or an earlier event of its account is not
            }
            if (!entry.parked && !entry.nextAttemptAt.isAfter(now) && !entry.claimedUntil.isAfter(now)) {
                entry.event = entry.event.withAttempts(entry.event.attempts() + 1);
                entry.claimedUntil = claimedUntil;
                claimed.add(entry.event);
            }
        }
        return claimed;
    }

    @Override
    public synchronized void eventsDelivered(List<Long> positions, Instant now) {
        positions.stream().map(events::get).filter(entry -> entry != null).forEach(entry -> entry.deliveredAt = now);
    }

    @Override
    public synchronized void eventFailed(long position, Instant nextAttemptAt, boolean park, String error) {
        Entry entry = events.get(position);
        if (entry != null) {
            entry.nextAttemptAt = nextAttemptAt;
            entry.claimedUntil = Instant.MIN;
            entry.parked = park;
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
