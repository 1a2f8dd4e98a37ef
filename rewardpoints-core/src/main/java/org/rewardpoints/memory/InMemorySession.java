package org.rewardpoints.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rewardpoints.memory.InMemoryLedgerStore.TenantKey;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.DuplicateKeyException;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LotRecord;

/** The buffered writes of one unit; applied by {@link #commit()} under both locks of the account. */
final class InMemorySession implements AccountSession {
    private final InMemoryLedgerStore store;
    private final AccountKey key;
    private final InMemoryLedgerStore.AccountData data;
    private AccountRecord insertedAccount;
    private AccountRecord updatedAccount;
    private final List<LotRecord> newLots = new ArrayList<>();
    private final Map<String, Long> lotRemaining = new LinkedHashMap<>();
    private final List<DebitRecord> newDebits = new ArrayList<>();
    private final Map<String, DebitRecord> updatedDebits = new LinkedHashMap<>();
    private final List<AllocationRecord> newAllocations = new ArrayList<>();
    private final List<EventRecord> newEvents = new ArrayList<>();
    private final Map<String, Long> announcements = new LinkedHashMap<>();
    private final Map<String, Instant> activations = new LinkedHashMap<>();

    InMemorySession(InMemoryLedgerStore store, AccountKey key, InMemoryLedgerStore.AccountData data) {
        this.store = store;
        this.key = key;
        this.data = data;
    }

    private TenantKey tenantKey(String value) {
        return new TenantKey(key.tenant(), value);
    }

    @Override
    public Optional<AccountRecord> lockAccount(Instant asOf) {
        return Optional.ofNullable(data.view(asOf)); // the account lock is already held for the whole unit
    }

    @Override
    public void insertAccount(AccountRecord account) {
        insertedAccount = account;
    }

    @Override
    public void updateAccount(AccountRecord account) {
        updatedAccount = account;
    }

    @Override
    public Optional<LotRecord> lotByKey(String idempotencyKey) {
        return store.findLotByKey(key.tenant(), idempotencyKey);
    }

    @Override
    public Optional<DebitRecord> debitByKey(String idempotencyKey) {
        return store.findDebitByKey(key.tenant(), idempotencyKey);
    }

    @Override
    public Optional<DebitRecord> debit(String debitId) {
        return Optional.ofNullable(data.debits.get(debitId));
    }

    @Override
    public Iterator<LotRecord> spendableLots(Instant asOf) {
        return InMemoryLedgerStore.inOrder(data.openLots.tailMap(new InMemoryLedgerStore.FifoKey(asOf, Instant.MAX, "\uffff"),
                        false).values()).map(data.lots::get).filter(lot -> !lot.activatesAt().isAfter(asOf)).iterator();
    }

    @Override
    public List<LotRecord> expiredLots(Instant asOf) {
        return data.openLots.headMap(new InMemoryLedgerStore.FifoKey(asOf, Instant.MAX, "\uffff"), true).values().stream()
                .map(data.lots::get).toList();
    }

    @Override
    public List<LotRecord> lots(List<String> lotIds) {
        return lotIds.stream().map(data.lots::get).filter(lot -> lot != null).toList();
    }

    @Override
    public LotClaims claimsOnLot(String lotId) {
        long reserved = 0;
        long expired = 0;
        for (AllocationRecord allocation : data.allocationsByLot.getOrDefault(lotId, List.of())) {
            DebitRecord debit = data.debits.get(allocation.debitId());
            if (debit.status() == DebitStatus.PENDING) {
                reserved += allocation.points();
            } else if (debit.kind() == DebitKind.EXPIRY) {
                expired += allocation.points();
            }
        }
        return new LotClaims(reserved, expired);
    }

    @Override
    public List<DebitRecord> reversalsOfOrder(String orderId) {
        return data.debitHistory.values().stream().map(data.debits::get)
                .filter(debit -> debit.kind() == DebitKind.REVERSAL && orderId.equals(debit.orderId()))
                .toList();
    }

    @Override
    public List<AllocationRecord> allocationsOfDebit(String debitId) {
        return data.allocationsByDebit.getOrDefault(debitId, List.of());
    }

    @Override
    public List<UnsettledDebt> unsettledDebts() {
        List<UnsettledDebt> result = new ArrayList<>();
        for (String debitId : data.debitHistory.values()) {
            DebitRecord debit = data.debits.get(debitId);
            if (debit.kind() != DebitKind.REVERSAL) {
                continue;
            }
            long allocated = allocationsOfDebit(debitId).stream().mapToLong(AllocationRecord::points).sum();
            if (debit.points() > allocated) {
                result.add(new UnsettledDebt(debitId, debit.points() - allocated));
            }
        }
        return result;
    }

    @Override
    public void insertLot(LotRecord lot) {
        newLots.add(lot);
    }

    @Override
    public void updateLotRemaining(String lotId, long remaining) {
        lotRemaining.put(lotId, remaining);
    }

    @Override
    public void insertDebit(DebitRecord debit) {
        newDebits.add(debit);
    }

    @Override
    public void updateDebit(DebitRecord debit) {
        updatedDebits.put(debit.id(), debit);
    }

    @Override
    public void insertEvent(EventRecord event) {
        newEvents.add(event);
    }

    @Override
    public void insertAllocations(List<AllocationRecord> allocations) {
        newAllocations.addAll(allocations);
    }

    @Override
    public List<LotRecord> lotsToAnnounce(Instant asOf, Instant until, long windowSeconds) {
        return data.lotsToAnnounce(asOf, until, windowSeconds);
    }

    @Override
    public void markAnnounced(String lotId, long windowSeconds) {
        announcements.put(lotId, windowSeconds);
    }

    @Override
    public List<LotRecord> lotsWithActivationToRecord(Instant asOf) {
        return data.activationsToRecord(asOf);
    }

    @Override
    public void recordActivation(String lotId, Instant activatesAt) {
        activations.put(lotId, activatesAt);
    }

    void commit() {
        if (insertedAccount != null && data.account != null) {
            throw new DuplicateKeyException("Account of customer '" + key.customerId() + "' in tenant '"
                    + key.tenant() + "' already exists");
        }
        long stamp = data.applying.writeLock();
        try {
            reserveUniqueKeys();
            apply();
            store.outbox.append(newEvents);
        } finally {
            data.applying.unlockWrite(stamp);
        }
    }

    private void apply() {
        if (insertedAccount != null) {
            data.account = insertedAccount;
        }
        if (updatedAccount != null) {
            data.account = updatedAccount;
        }
        for (LotRecord lot : newLots) {
            putLot(lot);
            data.lotHistory.put(new HistoryCursor(lot.createdAt(), lot.id()), lot.id());
            if (lot.wasPending()) {
                data.unrecordedActivations.add(lot.id());
                data.creditedPending.add(lot.id());
            }
        }
        for (Map.Entry<String, Long> change : lotRemaining.entrySet()) {
            LotRecord lot = data.lots.get(change.getKey());
            if (lot == null) {
                lot = newLots.stream().filter(l -> l.id().equals(change.getKey())).findFirst().orElseThrow();
            }
            data.openLots.remove(InMemoryLedgerStore.FifoKey.of(lot));
            putLot(lot.withRemaining(change.getValue()));
        }
        for (DebitRecord debit : newDebits) {
            data.debits.put(debit.id(), debit);
            data.debitHistory.put(new HistoryCursor(debit.createdAt(), debit.id()), debit.id());
        }
        data.debits.putAll(updatedDebits);
        if (!newAllocations.isEmpty()) {
            applyAllocations();
        }
        data.announcedWindows.putAll(announcements);
        activations.forEach((lotId, activatesAt) -> {
            data.lots.computeIfPresent(lotId, (id, lot) -> lot.withActivatesAt(activatesAt));
            data.unrecordedActivations.remove(lotId);
        });
    }

    private void applyAllocations() {
        Map<String, List<AllocationRecord>> byDebit = new HashMap<>();
        Map<String, List<AllocationRecord>> byLot = new HashMap<>();
        for (AllocationRecord allocation : newAllocations) {
            byDebit.computeIfAbsent(allocation.debitId(), id -> new ArrayList<>()).add(allocation);
            byLot.computeIfAbsent(allocation.lotId(), id -> new ArrayList<>()).add(allocation);
        }
        byDebit.forEach((id, added) -> data.allocationsByDebit.merge(id, List.copyOf(added), InMemoryLedgerStore::concat));
        byLot.forEach((id, added) -> data.allocationsByLot.merge(id, List.copyOf(added), InMemoryLedgerStore::concat));
    }

    /** Stores the lot, open if it has points left; a changed lot was taken out of the open lots before. */
    private void putLot(LotRecord lot) {
        data.lots.put(lot.id(), lot);
        if (lot.remaining() > 0) {
            data.openLots.put(InMemoryLedgerStore.FifoKey.of(lot), lot.id());
        }
    }

    /** Claims every new id and key, all or none. */
    private void reserveUniqueKeys() {
        List<Runnable> undo = new ArrayList<>();
        try {
            for (LotRecord lot : newLots) {
                claim(store.lotIds, tenantKey(lot.id()), key, "lot id", lot.id(), undo);
                if (lot.idempotencyKey() != null) {
                    claim(store.lotKeys, tenantKey(lot.idempotencyKey()), new InMemoryLedgerStore.LotRef(key, lot.id()), "lot key",
                            lot.idempotencyKey(), undo);
                }
            }
            for (DebitRecord debit : newDebits) {
                claim(store.debitIds, tenantKey(debit.id()), key, "debit id", debit.id(), undo);
                if (debit.idempotencyKey() != null) {
                    claim(store.debitKeys, tenantKey(debit.idempotencyKey()), new InMemoryLedgerStore.DebitRef(key, debit.id()), "debit key",
                            debit.idempotencyKey(), undo);
                }
            }
        } catch (DuplicateKeyException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
    }

    private <V> void claim(ConcurrentHashMap<TenantKey, V> index, TenantKey indexKey, V value, String what,
                           String shown, List<Runnable> undo) {
        if (index.putIfAbsent(indexKey, value) != null) {
            throw new DuplicateKeyException("Duplicate " + what + " '" + shown + "' in tenant '" + key.tenant() + "'");
        }
        undo.add(() -> index.remove(indexKey, value));
    }
}
