package org.rewardpoints;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write protocol's frame, the one way a change reaches the store: runs a unit of work on one
 * account, again after a concurrent duplicate key (the next attempt sees the winner's record), and
 * writes the events the unit records as rows of the same unit, so they commit with the change or
 * not at all. A store may run the work several times (serialization failures, deadlocks); every
 * run starts with a fresh {@link Unit}, so a rolled-back run leaves no event.
 */
final class Units {
    private static final Logger LOG = LoggerFactory.getLogger(Units.class);
    private final LedgerStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final EventRecords events;

    Units(LedgerStore store, Clock clock, int maxAttempts, EventRecords events) {
        this.store = store;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.events = events;
    }

    /** One run of a unit: the session, the instant it runs at, and the events it records. */
    final class Unit {
        final AccountSession session;
        final Instant now;
        private final List<EventRecord> recorded = new ArrayList<>();

        private Unit(AccountSession session, Instant now) {
            this.session = session;
            this.now = now;
        }

        void credited(LotRecord lot) {
            recorded.add(events.credited(lot));
        }

        void debited(LedgerEvent.Type type, DebitRecord debit) {
            recorded.add(events.debited(type, debit));
        }

        void activated(LotRecord lot, long balance) {
            recorded.add(events.activated(lot, balance, now));
        }

        void announced(LotRecord lot, long balance, Duration window) {
            recorded.add(events.expiringSoon(lot, balance, window, now));
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

    EventRecords events() {
        return events;
    }

    <T> T run(String tenant, String customerId, Work<T> work) {
        DuplicateKeyException failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return store.inAccount(tenant, customerId, session -> inUnit(session, work));
            } catch (DuplicateKeyException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    /** One run of {@code work} on a fresh {@link Unit}, its events written with its other writes. */
    private <T> T inUnit(AccountSession session, Work<T> work) {
        Unit unit = new Unit(session, now());
        T result = work.apply(unit);
        unit.recorded.forEach(session::insertEvent);
        return result;
    }

    /**
     * {@code work} on each account, as the store's batch ({@link LedgerStore#inAccounts}: one
     * transaction where the store can); when the batch fails, nothing of it was written (or, when
     * its commit's outcome is unknown, the work finds nothing left to do), and each account runs
     * in its own unit instead, so one account that fails does not hold the others back.
     */
    private <T> List<T> runAll(List<AccountKey> accounts, Work<T> work) {
        if (accounts.size() > 1) {
            try {
                return store.inAccounts(accounts, (key, session) -> inUnit(session, work));
            } catch (RuntimeException batchFailure) {
                LOG.debug("A batch of {} accounts failed; running them one by one", accounts.size(), batchFailure);
            }
        }
        List<T> results = new ArrayList<>(accounts.size());
        for (AccountKey key : accounts) {
            results.add(run(key.tenant(), key.customerId(), work));
        }
        return results;
    }

    /**
     * The loop of the jobs over many accounts (the expiry sweep, activations, the announcements): batches of at
     * most {@code batchSize} candidates ({@code candidates} of the current instant and the batch
     * size), one unit per account, until a batch is empty or changed no account. A short batch is
     * not the end: the store may have skipped accounts another instance held, and that instance
     * may itself stop before it reaches the accounts after them. {@code work}
     * returns the lots and points it handled, {0, 0} for an account with nothing to do; the result
     * is {accounts changed, lots, points}.
     */
    long[] eachAccount(int batchSize, BiFunction<Instant, Integer, List<AccountKey>> candidates, Work<long[]> work) {
        long[] totals = new long[3];
        while (true) {
            List<AccountKey> batch = candidates.apply(now(), batchSize);
            long before = totals[0];
            for (long[] handled : runAll(batch, work)) {
                if (handled[0] > 0) {
                    totals[0]++;
                    totals[1] += handled[0];
                    totals[2] += handled[1];
                }
            }
            if (batch.isEmpty() || totals[0] == before) {
                return totals;
            }
        }
    }

    /** The store's write-only credit, with its event in the same unit. */
    Optional<LotRecord> tryCredit(Function<Instant, LotRecord> draft) {
        Instant now = now();
        LotRecord lot = draft.apply(now);
        return store.tryCredit(lot, now, events.credited(lot));
    }
}
