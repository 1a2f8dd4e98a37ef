package org.rewardpoints.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/** Wraps a store and fails {@code updateDebit} calls the test chooses, as a lost connection would. */
public final class FaultyLedgerStore implements LedgerStore {
    private final LedgerStore delegate;
    private volatile Predicate<DebitRecord> failDebitUpdate = debit -> false;

    public FaultyLedgerStore(LedgerStore delegate) {
        this.delegate = delegate;
    }

    /** Makes every {@code updateDebit} matching the predicate throw a {@link StorageException}. */
    public void failDebitUpdates(Predicate<DebitRecord> predicate) {
        this.failDebitUpdate = predicate;
    }

    @Override
    public <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work) {
        return delegate.inAccount(tenant, customerId, session -> work.apply(new Session(session)));
    }

    @Override
    public Optional<AccountRecord> findAccount(String tenant, String customerId, Instant asOf) {
        return delegate.findAccount(tenant, customerId, asOf);
    }

    @Override
    public Optional<LotRecord> findLotByKey(String tenant, String idempotencyKey) {
        return delegate.findLotByKey(tenant, idempotencyKey);
    }

    @Override
    public Optional<DebitRecord> findDebitByKey(String tenant, String idempotencyKey) {
        return delegate.findDebitByKey(tenant, idempotencyKey);
    }

    @Override
    public List<LotRecord> lots(String tenant, String customerId, HistoryCursor after, int limit) {
        return delegate.lots(tenant, customerId, after, limit);
    }

    @Override
    public List<DebitRecord> confirmedDebits(String tenant, String customerId, HistoryCursor after, int limit) {
        return delegate.confirmedDebits(tenant, customerId, after, limit);
    }

    @Override
    public List<AllocationRecord> confirmedAllocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        return delegate.confirmedAllocationsOfLots(tenant, customerId, lotIds);
    }

    @Override
    public List<String> customerIds(String tenant, String after, int limit) {
        return delegate.customerIds(tenant, after, limit);
    }

    @Override
    public List<AccountKey> accountsWithExpiredLots(Instant asOf, int limit) {
        return delegate.accountsWithExpiredLots(asOf, limit);
    }

    @Override
    public List<DebitRecord> pendingReservations(Instant createdAtOrBefore, int limit) {
        return delegate.pendingReservations(createdAtOrBefore, limit);
    }

    @Override
    public boolean deleteAccount(String tenant, String customerId) {
        return delegate.deleteAccount(tenant, customerId);
    }

    private final class Session implements AccountSession {
        private final AccountSession session;

        Session(AccountSession session) {
            this.session = session;
        }

        @Override
        public Optional<AccountRecord> lockAccount(Instant asOf) {
            return session.lockAccount(asOf);
        }

        @Override
        public void insertAccount(AccountRecord account) {
            session.insertAccount(account);
        }

        @Override
        public void updateAccount(AccountRecord account) {
            session.updateAccount(account);
        }

        @Override
        public Optional<LotRecord> lotByKey(String idempotencyKey) {
            return session.lotByKey(idempotencyKey);
        }

        @Override
        public Optional<DebitRecord> debitByKey(String idempotencyKey) {
            return session.debitByKey(idempotencyKey);
        }

        @Override
        public Optional<DebitRecord> debit(String debitId) {
            return session.debit(debitId);
        }

        @Override
        public Iterator<LotRecord> spendableLots(Instant asOf) {
            return session.spendableLots(asOf);
        }

        @Override
        public List<LotRecord> expiredLots(Instant asOf) {
            return session.expiredLots(asOf);
        }

        @Override
        public List<LotRecord> lots(List<String> lotIds) {
            return session.lots(lotIds);
        }

        @Override
        public List<DebitRecord> reversalsOfOrder(String orderId) {
            return session.reversalsOfOrder(orderId);
        }

        @Override
        public List<AllocationRecord> allocationsOfDebit(String debitId) {
            return session.allocationsOfDebit(debitId);
        }

        @Override
        public List<UnsettledDebt> unsettledDebts() {
            return session.unsettledDebts();
        }

        @Override
        public void insertLot(LotRecord lot) {
            session.insertLot(lot);
        }

        @Override
        public void updateLotRemaining(String lotId, long remaining) {
            session.updateLotRemaining(lotId, remaining);
        }

        @Override
        public void insertDebit(DebitRecord debit) {
            session.insertDebit(debit);
        }

        @Override
        public void updateDebit(DebitRecord debit) {
            if (failDebitUpdate.test(debit)) {
                throw new StorageException("Simulated connection loss while updating debit " + debit.id());
            }
            session.updateDebit(debit);
        }

        @Override
        public void insertAllocations(List<AllocationRecord> allocations) {
            session.insertAllocations(allocations);
        }
    }
}
