package org.rewardpoints.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/** Wraps a store and fails coupon confirmations while the test asks for it, as a lost connection would. */
public final class FaultyLedgerStore implements LedgerStore {
    private final LedgerStore delegate;
    private volatile boolean failConfirmations;

    public FaultyLedgerStore(LedgerStore delegate) {
        this.delegate = delegate;
    }

    /** Makes every {@code confirmReservation} throw a {@link StorageException} (true) or pass (false). */
    public void failConfirmations(boolean fail) {
        this.failConfirmations = fail;
    }

    @Override
    public <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work) {
        return delegate.inAccount(tenant, customerId, work);
    }

    @Override
    public Optional<LotRecord> tryCredit(LotRecord lot, Instant asOf) {
        return delegate.tryCredit(lot, asOf);
    }

    @Override
    public boolean confirmReservation(String tenant, String customerId, String debitId, String couponCode) {
        if (failConfirmations) {
            throw new StorageException("Simulated connection loss while confirming reservation " + debitId);
        }
        return delegate.confirmReservation(tenant, customerId, debitId, couponCode);
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
}
