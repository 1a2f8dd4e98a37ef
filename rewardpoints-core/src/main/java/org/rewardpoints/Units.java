package org.rewardpoints;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write protocol's frame, the one way a change reaches the store: runs a unit of work on one
 * account, again after a concurrent duplicate key (the next attempt sees the winner's record),
 * and hands the events of the run that committed, and only those, to the listeners once the store
 * says the unit is durable. A store may run the work several times (serialization failures,
 * deadlocks); every run starts with a fresh {@link Unit}, so a rolled-back run leaves no event.
 */
final class Units {
    private static final Logger LOG = LoggerFactory.getLogger(Units.class);

    private final LedgerStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final List<RewardPointsListener> listeners;

    Units(LedgerStore store, Clock clock, int maxAttempts, List<RewardPointsListener> listeners) {
        this.store = store;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.listeners = List.copyOf(listeners);
    }

    /** One run of a unit: the session, the instant it runs at, and the events it records. */
    static final class Unit {
        final AccountSession session;
        final Instant now;
        private final List<LedgerEvent> events = new ArrayList<>();

        private Unit(AccountSession session, Instant now) {
            this.session = session;
            this.now = now;
        }

        void credited(LotRecord lot) {
            events.add(Units.credited(lot));
        }

        void debited(LedgerEvent.Type type, DebitRecord debit) {
            events.add(Units.event(type, debit));
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T apply(Unit unit);
    }

    /** The current instant at the precision every store keeps (microseconds), so replays compare alike everywhere. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    LedgerStore store() {
        return store;
    }

    <T> T run(String tenant, String customerId, Work<T> work) {
        DuplicateKeyException failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Unit[] committed = new Unit[1];
            try {
                T result = store.inAccount(tenant, customerId, session -> {
                    Unit unit = new Unit(session, now());
                    committed[0] = unit; // a later run replaces an earlier, rolled-back one
                    return work.apply(unit);
                });
                publish(committed[0].events);
                return result;
            } catch (DuplicateKeyException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    /** The store's write-only credit, told to the listeners when it wrote. */
    Optional<LotRecord> tryCredit(Function<Instant, LotRecord> draft) {
        Instant now = now();
        Optional<LotRecord> lot = store.tryCredit(draft.apply(now), now);
        lot.ifPresent(credited -> publish(List.of(credited(credited))));
        return lot;
    }

    /** A change the store made in a unit of its own (a confirmation): told once it is durable. */
    void published(LedgerEvent.Type type, DebitRecord debit) {
        publish(List.of(event(type, debit)));
    }

    private void publish(List<LedgerEvent> events) {
        if (events.isEmpty() || listeners.isEmpty()) {
            return;
        }
        store.afterCommit(() -> {
            for (LedgerEvent event : events) {
                for (RewardPointsListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Listener {} failed on {}; the change stays committed", listener, event, e);
                    }
                }
            }
        });
    }

    private static LedgerEvent credited(LotRecord lot) {
        return new LedgerEvent(LedgerEvent.Type.CREDITED, lot.tenant(), lot.customerId(), lot.id(), lot.points(),
                lot.balanceAfter(), null, lot.createdAt());
    }

    private static LedgerEvent event(LedgerEvent.Type type, DebitRecord debit) {
        return new LedgerEvent(type, debit.tenant(), debit.customerId(), debit.id(), debit.points(), debit.balanceAfter(),
                debit.couponCode(), debit.createdAt());
    }
}
