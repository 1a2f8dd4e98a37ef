package org.rewardpoints.testing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.AccountKey;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.CustomerExpiry;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.EntriesAfter;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LotRecord;
import org.rewardpoints.spi.ReservationCursor;

/**
 * Wraps a store to show the core what real stores do: it runs every unit twice, the first run
 * rolled back as a serialization failure would roll it back (so a unit that reports anything of a
 * run that did not commit is caught), and it fails coupon confirmations while the test asks for
 * it, as a lost connection would.
 */
public final class FaultyLedgerStore implements LedgerStore {
    private final LedgerStore delegate;
    private volatile boolean failConfirmations;

    public FaultyLedgerStore(LedgerStore delegate) {
        this.delegate = delegate;
    }

    /** Thrown out of the first run of a unit to roll it back. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("first run rolled back", null, false, false);
        }
    }

    /** Makes every {@code confirmReservation} throw a {@link StorageException} (true) or pass (false). */
    public void failConfirmations(boolean fail) {
        this.failConfirmations = fail;
    }

    @Override
    public <T> T inAccount(String tenant, String customerId, Function<AccountSession, T> work) {
        try {
            delegate.inAccount(tenant, customerId, session -> {
                work.apply(session);
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // the first run's writes are gone; the second run decides
        }
        return delegate.inAccount(tenant, customerId, work);
    }

    /**
     * The delegate's batch, run twice: the first run is rolled back right after the first
     * account's work (which, in a store that runs the batch as one transaction or account by
     * account, leaves nothing written), the second decides.
     */
    @Override
    public <T> List<T> inAccounts(List<AccountKey> accounts, BiFunction<AccountKey, AccountSession, T> work) {
        try {
            delegate.inAccounts(accounts, (account, session) -> {
                work.apply(account, session);
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // the first run's writes are gone (in a store that runs the batch as one transaction)
        }
        return delegate.inAccounts(accounts, work);
    }

    @Override
    public int deliverEvents(Instant now, int limit, Delivery delivery) {
        return delegate.deliverEvents(now, limit, delivery);
    }

    @Override
    public int retryParkedEvents(Instant now) {
        return delegate.retryParkedEvents(now);
    }

    @Override
    public List<EventRecord> eventsAfter(long afterPosition, int limit) {
        return delegate.eventsAfter(afterPosition, limit);
    }

    @Override
    public int purgeDeliveredEvents(Instant deliveredBefore, int limit) {
        return delegate.purgeDeliveredEvents(deliveredBefore, limit);
    }

    @Override
    public OutboxStatus outboxStatus() {
        return delegate.outboxStatus();
    }

    @Override
    public Optional<LotRecord> tryCredit(LotRecord lot, Instant asOf, EventRecord event) {
        return delegate.tryCredit(lot, asOf, event);
    }

    @Override
    public boolean confirmReservation(String tenant, String customerId, String debitId, String couponCode,
                                      Instant confirmedAt, EventRecord event) {
        if (failConfirmations) {
            throw new StorageException("Simulated connection loss while confirming reservation " + debitId);
        }
        return delegate.confirmReservation(tenant, customerId, debitId, couponCode, confirmedAt, event);
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
    public Optional<EntriesAfter> entriesAfter(String tenant, String customerId, Instant instant) {
        return delegate.entriesAfter(tenant, customerId, instant);
    }

    @Override
    public List<DatedAllocation> allocationsOfLots(String tenant, String customerId, Collection<String> lotIds) {
        return delegate.allocationsOfLots(tenant, customerId, lotIds);
    }

    @Override
    public List<LotRecord> lotsPendingAt(String tenant, String customerId, Instant instant) {
        return delegate.lotsPendingAt(tenant, customerId, instant);
    }

    @Override
    public List<AccountKey> accountsWithActivationsToRecord(Instant asOf, int limit) {
        return delegate.accountsWithActivationsToRecord(asOf, limit);
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
    public List<DebitRecord> pendingReservations(Instant createdAtOrBefore, ReservationCursor after, int limit) {
        return delegate.pendingReservations(createdAtOrBefore, after, limit);
    }

    @Override
    public Erasure deleteAccount(String tenant, String customerId, EventRecord event) {
        return delegate.deleteAccount(tenant, customerId, event);
    }

    @Override
    public List<CustomerExpiry> customersWithExpiringLots(String tenant, Instant after, Instant until,
                                                          String afterCustomerId, int limit) {
        return delegate.customersWithExpiringLots(tenant, after, until, afterCustomerId, limit);
    }

    @Override
    public List<AccountKey> accountsWithLotsToAnnounce(Instant asOf, Instant until, long windowSeconds, int limit) {
        return delegate.accountsWithLotsToAnnounce(asOf, until, windowSeconds, limit);
    }
}
