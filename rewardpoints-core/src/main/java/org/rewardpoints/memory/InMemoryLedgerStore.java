package org.rewardpoints.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.CustomerExpiry;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.EntriesAfter;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.spi.ReservationCursor;

/**
 * A thread-safe {@link LedgerStore} in memory, with the semantics a database gives: one lock per
 * account held for the whole unit, writes buffered and applied together at the end of the unit
 * (or dropped when it fails), and tenant-wide uniqueness of ids and idempotency keys checked at
 * that moment. Reads outside units wait only while a unit's writes are being applied, so they
 * see each account with all of a unit's writes or none. For tests, demos and single-instance
 * deployments that accept losing data on restart.
 */
public final class InMemoryLedgerStore implements LedgerStore {
    private static final Comparator<ReservationCursor> RESERVATION_ORDER = Comparator
            .comparing(ReservationCursor::createdAt).thenComparing(ReservationCursor::tenant)
            .thenComparing(ReservationCursor::id);
    private static final Comparator<HistoryCursor> HISTORY_ORDER = (first, second) -> {
        int byCreation = first.createdAt().compareTo(second.createdAt());
        return byCreation != 0 ? byCreation : first.id().compareTo(second.id());
    };

    private final ConcurrentHashMap<AccountKey, AccountData> accounts = new ConcurrentHashMap<>();
    final InMemoryOutbox outbox = new InMemoryOutbox();
    /**
     * tenant + lot id, tenant + lot idempotency key, tenant + debit id, tenant + debit key → owner.
     * Claimed by a commit and released by a deletion while they hold the owner's write lock: a
     * reader that found a key then reads the owner with all of the unit that claimed it, and one
     * that missed a deleted key then finds the owner deleted.
     */
    final ConcurrentHashMap<TenantKey, AccountKey> lotIds = new ConcurrentHashMap<>();
    final ConcurrentHashMap<TenantKey, LotRef> lotKeys = new ConcurrentHashMap<>();
    final ConcurrentHashMap<TenantKey, AccountKey> debitIds = new ConcurrentHashMap<>();
    final ConcurrentHashMap<TenantKey, DebitRef> debitKeys = new ConcurrentHashMap<>();

    /** An id or idempotency key, unique within its tenant. */
    record TenantKey(String tenant, String value) {
    }

    record LotRef(AccountKey account, String lotId) {
    }

    record DebitRef(AccountKey account, String debitId) {
    }

    record FifoKey(Instant validUntil, Instant createdAt, String id) implements Comparable<FifoKey> {
        static FifoKey of(LotRecord lot) {
            return new FifoKey(lot.validUntil(), lot.createdAt(), lot.id());
        }

        @Override
        public int compareTo(FifoKey other) {
            int byExpiry = validUntil.compareTo(other.validUntil);
            if (byExpiry != 0) {
                return byExpiry;
            }
            int byCreation = createdAt.compareTo(other.createdAt);
            return byCreation != 0 ? byCreation : id.compareTo(other.id);
        }
    }

    /**
     * Everything of one account. A unit holds {@link #lock} from start to end, and only the
     * unit's thread changes the data, at its end, holding the write lock of {@link #applying}
     * as well (as does {@link #deleteAccount}). The unit's thread reads the data with just
     * {@link #lock}; every other read holds the read lock of {@link #applying}, see
     * {@link #read}.
     */
    static final class AccountData {
        final ReentrantLock lock = new ReentrantLock();
        final StampedLock applying = new StampedLock();
        /** Set when the account was deleted; a reader that found this data before treats it as absent. */
        boolean deleted;
        AccountRecord account;
        final Map<String, LotRecord> lots = new HashMap<>();
        final TreeMap<HistoryCursor, String> lotHistory = new TreeMap<>(HISTORY_ORDER);
        final TreeMap<FifoKey, String> openLots = new TreeMap<>();
        final Map<String, DebitRecord> debits = new HashMap<>();
        final TreeMap<HistoryCursor, String> debitHistory = new TreeMap<>(HISTORY_ORDER);
        final Map<String, List<AllocationRecord>> allocationsByDebit = new HashMap<>();
        final Map<String, List<AllocationRecord>> allocationsByLot = new HashMap<>();
        /** Lot id → the window (seconds) it was last announced as expiring within. */
        final Map<String, Long> announcedWindows = new HashMap<>();
        /** Ids of the lots credited pending whose activation is not recorded yet. */
        final Set<String> unrecordedActivations = new HashSet<>();
        /** Ids of the lots credited pending: every lot pending at any instant is one. */
        final Set<String> creditedPending = new HashSet<>();

        /** {@code read} of the data as the last unit left it; {@code absent} if the account was deleted. */
        <T> T read(T absent, Function<AccountData, T> read) {
            long stamp = applying.readLock();
            try {
                return deleted ? absent : read.apply(this);
            } finally {
                applying.unlockRead(stamp);
            }
        }

        long expiredPoints(Instant asOf) {
            if (openLots.isEmpty() || openLots.firstKey().validUntil().isAfter(asOf)) {
                return 0; // the common case, without an iterator
            }
            long expired = 0;
            for (Map.Entry<FifoKey, String> open : openLots.entrySet()) {
                if (open.getKey().validUntil().isAfter(asOf)) {
                    break;
                }
                expired += lots.get(open.getValue()).remaining();
            }
            return expired;
        }

        /**
         * Open lots with validUntil after {@code after} and at or before {@code until}, soonest-expiring
         * first.
         */
        List<LotRecord> openLotsExpiring(Instant after, Instant until) {
            List<LotRecord> result = new ArrayList<>();
            for (String id : openLots.tailMap(new FifoKey(after, Instant.MAX, "\uffff"), false).values()) {
                LotRecord lot = lots.get(id);
                if (lot.validUntil().isAfter(until)) {
                    break;
                }
                result.add(lot);
            }
            return result;
        }

        /** {@link #openLotsExpiring} not yet announced for a window of {@code windowSeconds} or less. */
        List<LotRecord> lotsToAnnounce(Instant asOf, Instant until, long windowSeconds) {
            return openLotsExpiring(asOf, until).stream().filter(lot -> {
                Long announced = announcedWindows.get(lot.id());
                return announced == null || announced > windowSeconds;
            }).toList();
        }

        /** Lots whose activation is not recorded, with {@code activatesAt} at or before {@code asOf}. */
        List<LotRecord> activationsToRecord(Instant asOf) {
            return unrecordedActivations.stream().map(lots::get).filter(lot -> !lot.activatesAt().isAfter(asOf)).toList();
        }

        long pendingPoints(Instant asOf) {
            return creditedPending.stream().map(lots::get).filter(lot -> lot.isPendingAt(asOf))
                    .mapToLong(LotRecord::remaining).sum();
        }

        AccountRecord view(Instant asOf) {
            AccountRecord stored = account;
            return stored == null ? null : new AccountRecord(stored.tenant(), stored.customerId(), stored.openPoints(),
                    stored.debt(), stored.createdAt(), stored.version(), expiredPoints(asOf),
                    creditedPending.isEmpty() ? 0 : pendingPoints(asOf));
        }
    }

    @Override
    public <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work) {
        AccountKey key = new AccountKey(tenant, customerId);
        while (true) {
            AccountData data = accounts.computeIfAbsent(key, k -> new AccountData());
            data.lock.lock();
            try {
                if (accounts.get(key) != data) {
                    continue; // deleted and replaced while we waited for the lock
                }
                InMemorySession session = new InMemorySession(this, key, data);
                T result = work.apply(session);
                session.commit();
                return result;
            } finally {
                if (data.account == null && data.lots.isEmpty() && data.debits.isEmpty()) {
                    accounts.remove(key, data); // no account came of it: drop the placeholder
                }
                data.lock.unlock();
            }
        }
    }

    /** A unit like any other here: memory has no round trips to save, but the core takes this path too. */
    @Override
    public Optional<LotRecord> tryCredit(LotRecord lot, Instant asOf, EventRecord event) {
        try {
            return inAccount(lot.tenant(), lot.customerId(), session -> {
                Optional<AccountRecord> account = session.lockAccount(asOf);
                if (account.isEmpty() || account.get().debt() != 0
                        || lot.points() > LedgerStore.MAX_OPEN_POINTS - account.get().openPoints()) {
                    return Optional.empty();
                }
                AccountRecord updated = account.get().withChange(lot.points(), 0, 0, lot.isPendingAt(asOf) ? lot.points() : 0);
                LotRecord stored = lot.withBalanceAfter(updated.activePoints());
                session.insertLot(stored);
                session.updateAccount(updated);
                session.insertEvent(event.withBalanceAfter(stored.balanceAfter()));
                return Optional.of(stored);
            });
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code read} of the account as the last unit left it (waiting while a unit's writes are
     * being applied); {@code absent} when there is no such account.
     */
    private <T> T read(AccountKey key, T absent, Function<AccountData, T> read) {
        AccountData data = accounts.get(key);
        return data == null ? absent : data.read(absent, read);
    }

    @Override
    public Optional<AccountRecord> findAccount(String tenant, String customerId, Instant asOf) {
        return read(new AccountKey(tenant, customerId), Optional.empty(), data -> Optional.ofNullable(data.view(asOf)));
    }

    @Override
    public Optional<LotRecord> findLotByKey(String tenant, String idempotencyKey) {
        LotRef ref = lotKeys.get(new TenantKey(tenant, idempotencyKey));
        return ref == null ? Optional.empty()
                : read(ref.account(), Optional.empty(), data -> Optional.ofNullable(data.lots.get(ref.lotId())));
    }

    @Override
    public Optional<DebitRecord> findDebitByKey(String tenant, String idempotencyKey) {
        DebitRef ref = debitKeys.get(new TenantKey(tenant, idempotencyKey));
        return ref == null ? Optional.empty()
                : read(ref.account(), Optional.empty(), data -> Optional.ofNullable(data.debits.get(ref.debitId())));
    }

    @Override
    public List<LotRecord> lots(String tenant, String customerId, HistoryCursor after, int limit) {
        return read(new AccountKey(tenant, customerId), List.of(), data -> {
            var view = after == null ? data.lotHistory : data.lotHistory.tailMap(after, false);
            return inOrder(view.values()).limit(limit).map(data.lots::get).toList();
        });
    }

    @Override
    public List<DebitRecord> confirmedDebits(String tenant, String customerId, HistoryCursor after, int limit) {
        return read(new AccountKey(tenant, customerId), List.of(), data -> {
            var view = after == null ? data.debitHistory : data.debitHistory.tailMap(after, false);
            return inOrder(view.values()).map(data.debits::get)
                    .filter(debit -> debit.status() == DebitStatus.CONFIRMED).limit(limit).toList();
        });
    }

    @Override
    public List<AllocationRecord> confirmedAllocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        return read(new AccountKey(tenant, customerId), List.of(), data -> {
            List<AllocationRecord> result = new ArrayList<>();
            for (String lotId : lotIds) {
                for (AllocationRecord allocation : data.allocationsByLot.getOrDefault(lotId, List.of())) {
                    DebitRecord debit = data.debits.get(allocation.debitId());
                    if (debit != null && debit.status() == DebitStatus.CONFIRMED) {
                        result.add(allocation);
                    }
                }
            }
            return result;
        });
    }

    @Override
    public List<String> customerIds(String tenant, String after, int limit) {
        return accounts.entrySet().stream()
                .filter(entry -> entry.getKey().tenant().equals(tenant)
                        && (after == null || entry.getKey().customerId().compareTo(after) > 0)
                        && entry.getValue().read(false, data -> data.account != null))
                .map(entry -> entry.getKey().customerId())
                .sorted().limit(limit).toList();
    }

    @Override
    public List<AccountKey> accountsWithExpiredLots(Instant asOf, int limit) {
        return accountsWhere(limit, data -> {
            Map.Entry<FifoKey, String> first = data.openLots.firstEntry();
            return first != null && !first.getKey().validUntil().isAfter(asOf);
        });
    }

    /** Up to {@code limit} accounts whose data, as the last unit left it, satisfies {@code test}. */
    private List<AccountKey> accountsWhere(int limit, Function<AccountData, Boolean> test) {
        List<AccountKey> result = new ArrayList<>();
        for (Map.Entry<AccountKey, AccountData> entry : accounts.entrySet()) {
            if (entry.getValue().read(false, test)) {
                result.add(entry.getKey());
                if (result.size() == limit) {
                    break;
                }
            }
        }
        return result;
    }

    @Override
    public List<DebitRecord> pendingReservations(Instant createdAtOrBefore, ReservationCursor after, int limit) {
        return accounts.values().stream()
                .flatMap(account -> account.read(List.<DebitRecord>of(), data -> data.debits.values().stream()
                        .filter(debit -> debit.status() == DebitStatus.PENDING
                                && !debit.createdAt().isAfter(createdAtOrBefore))
                        .toList()).stream())
                .filter(debit -> after == null || RESERVATION_ORDER.compare(ReservationCursor.of(debit), after) > 0)
                .sorted(Comparator.comparing(ReservationCursor::of, RESERVATION_ORDER))
                .limit(limit).toList();
    }

    @Override
    public Erasure deleteAccount(String tenant, String customerId, EventRecord event) {
        AccountKey key = new AccountKey(tenant, customerId);
        AccountData data = accounts.get(key);
        if (data == null) {
            return Erasure.NO_ACCOUNT;
        }
        data.lock.lock();
        long stamp = data.applying.writeLock();
        try {
            if (accounts.get(key) != data || data.account == null) {
                return Erasure.NO_ACCOUNT;
            }
            if (data.debits.values().stream().anyMatch(debit -> debit.status() == DebitStatus.PENDING)) {
                return Erasure.RESERVATION_PENDING;
            }
            for (LotRecord lot : data.lots.values()) {
                lotIds.remove(new TenantKey(tenant, lot.id()));
                if (lot.idempotencyKey() != null) {
                    lotKeys.remove(new TenantKey(tenant, lot.idempotencyKey()));
                }
            }
            for (DebitRecord debit : data.debits.values()) {
                debitIds.remove(new TenantKey(tenant, debit.id()));
                if (debit.idempotencyKey() != null) {
                    debitKeys.remove(new TenantKey(tenant, debit.idempotencyKey()));
                }
            }
            data.deleted = true;
            accounts.remove(key);
            outbox.append(List.of(event));
            return Erasure.DELETED;
        } finally {
            data.applying.unlockWrite(stamp);
            data.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ as of an instant

    @Override
    public Optional<EntriesAfter> entriesAfter(String tenant, String customerId, Instant instant) {
        return read(new AccountKey(tenant, customerId), Optional.empty(), data -> InMemoryTimeAxis.entriesAfter(data, instant));
    }

    @Override
    public List<DatedAllocation> allocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        return read(new AccountKey(tenant, customerId), List.of(),
                data -> InMemoryTimeAxis.allocationsOfLots(data, lotIds));
    }

    @Override
    public List<LotRecord> lotsPendingAt(String tenant, String customerId, Instant instant) {
        return read(new AccountKey(tenant, customerId), List.of(),
                data -> data.creditedPending.stream().map(data.lots::get).filter(lot -> lot.isPendingAt(instant)).toList());
    }

    // ------------------------------------------------------------------ pending points

    @Override
    public List<AccountKey> accountsWithActivationsToRecord(Instant asOf, int limit) {
        return accountsWhere(limit, data -> !data.activationsToRecord(asOf).isEmpty());
    }

    // ------------------------------------------------------------------ expiring soon

    @Override
    public List<CustomerExpiry> customersWithExpiringLots(String tenant, Instant after, Instant until,
                                                          String afterCustomerId, int limit) {
        List<Map.Entry<AccountKey, AccountData>> candidates = accounts.entrySet().stream()
                .filter(entry -> entry.getKey().tenant().equals(tenant)
                        && (afterCustomerId == null || entry.getKey().customerId().compareTo(afterCustomerId) > 0))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(AccountKey::customerId))).toList();
        List<CustomerExpiry> result = new ArrayList<>();
        for (Map.Entry<AccountKey, AccountData> entry : candidates) {
            Optional<CustomerExpiry> expiring = entry.getValue().read(Optional.empty(), data -> {
                List<LotRecord> lots = data.openLotsExpiring(after, until);
                return lots.isEmpty() ? Optional.empty() : Optional.of(new CustomerExpiry(entry.getKey().customerId(),
                        lots.stream().mapToLong(LotRecord::remaining).sum(), lots.get(0).validUntil()));
            });
            expiring.ifPresent(result::add);
            if (result.size() == limit) {
                break;
            }
        }
        return result;
    }

    @Override
    public List<AccountKey> accountsWithLotsToAnnounce(Instant asOf, Instant until, long windowSeconds, int limit) {
        return accountsWhere(limit, data -> !data.lotsToAnnounce(asOf, until, windowSeconds).isEmpty());
    }

    // ------------------------------------------------------------------ the outbox

    @Override
    public int deliverEvents(Instant now, int limit, Delivery delivery) {
        return outbox.deliverEvents(now, limit, delivery);
    }

    @Override
    public int retryParkedEvents(Instant now) {
        return outbox.retryParkedEvents(now);
    }

    @Override
    public List<EventRecord> eventsAfter(long afterPosition, int limit) {
        return outbox.eventsAfter(afterPosition, limit);
    }

    @Override
    public int purgeDeliveredEvents(Instant deliveredBefore, int limit) {
        return outbox.purgeDeliveredEvents(deliveredBefore, limit);
    }

    @Override
    public OutboxStatus outboxStatus() {
        return outbox.outboxStatus();
    }

    /**
     * The elements of a sorted map's view in order, lazily: a stream that never asks the view for
     * its size, which a sub-map of a {@link TreeMap} counts element by element.
     */
    static <T> Stream<T> inOrder(Collection<T> view) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(view.iterator(), Spliterator.ORDERED), false);
    }

    static List<AllocationRecord> concat(List<AllocationRecord> first, List<AllocationRecord> second) {
        List<AllocationRecord> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
