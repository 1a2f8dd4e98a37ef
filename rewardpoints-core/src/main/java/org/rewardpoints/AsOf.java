package org.rewardpoints;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.DatedAllocation;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.EntriesAfter;
import org.rewardpoints.spi.HistoryCursor;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * An account as it stood at an earlier instant, derived from the append-only entries. An entry
 * counts from its {@code createdAt} on; an allocation holds its lot's points from the later of its
 * debit's and its lot's {@code createdAt} (a credit settling older debt allocates a lot recorded
 * after the debit) until its debit was released ({@code resolvedAt}), or for good; points expire
 * at their lot's {@code validUntil}, whether or not the sweep had run; a lot's points are pending
 * until its {@code activatesAt}, whether or not the activation was recorded. Reads only.
 *
 * <p>The balance works back from the account's stored figures with what was recorded after the
 * instant ({@link LedgerStore#entriesAfter}): its cost grows with the entries after the instant,
 * not with the whole history, and the store sums them where the rows are.
 */
final class AsOf {
    private final Units units;

    AsOf(Units units) {
        this.units = units;
    }

    private LedgerStore store() {
        return units.store();
    }

    long balance(String tenant, String customerId, Instant instant) {
        Instant at = past(tenant, customerId, instant);
        EntriesAfter after = store().entriesAfter(tenant, customerId, at)
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
        AccountRecord account = existing(after.account(), at);
        long debt = account.debt() - after.laterDebt() + after.laterSettlements();
        // what lots usable then held: now, plus what later debits took, less what releases since gave back
        long usable = account.openPoints() - account.expiredPoints() - after.laterLots()
                + after.laterAllocations() - after.releasedAllocations();
        // of which pending then: what the lots pending then held then
        List<LotRecord> pending = store().lotsPendingAt(tenant, customerId, at);
        Map<String, Long> taken = takenAt(tenant, customerId, pending, at);
        long pendingPoints = pending.stream().mapToLong(lot -> lot.points() - taken.getOrDefault(lot.id(), 0L)).sum();
        return usable - pendingPoints - debt;
    }

    /** What allocations held at {@code at} took from each of the lots (all recorded by then). */
    private Map<String, Long> takenAt(String tenant, String customerId, List<LotRecord> lots, Instant at) {
        Map<String, Long> taken = new HashMap<>();
        if (!lots.isEmpty()) {
            for (DatedAllocation allocation : store().allocationsOfLots(tenant, customerId,
                    lots.stream().map(LotRecord::id).toList())) {
                if (heldAt(allocation, at)) {
                    taken.merge(allocation.lotId(), allocation.points(), Long::sum);
                }
            }
        }
        return taken;
    }

    Page<LotAsOf> lots(String tenant, String customerId, Instant instant, String cursor, int limit) {
        Instant at = past(tenant, customerId, instant);
        History.pageSize(limit);
        AccountRecord account = existing(store().findAccount(tenant, customerId, units.now())
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId)), at);
        List<LotRecord> page = store().lots(tenant, customerId, Cursors.decodeHistory(cursor), limit);
        List<LotRecord> then = page.stream().takeWhile(lot -> !lot.createdAt().isAfter(at)).toList();
        Map<String, Long> taken = takenAt(tenant, customerId, then, at);
        if (!then.isEmpty()) {
            // lots and allocations are two reads: an erasure in between would leave the lots bare
            AccountRecord still = store().findAccount(tenant, customerId, units.now())
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            if (!still.createdAt().equals(account.createdAt())) {
                throw new AccountNotFoundException(tenant, customerId);
            }
        }
        List<LotAsOf> items = new ArrayList<>(then.size());
        for (LotRecord lot : then) {
            items.add(new LotAsOf(lot.id(), lot.referenceId(), lot.description(), lot.points(), lot.createdAt(),
                    lot.validUntil(), lot.points() - taken.getOrDefault(lot.id(), 0L), lot.isExpiredAt(at), lot.isPendingAt(at)));
        }
        boolean more = then.size() == limit;
        LotRecord last = more ? then.get(then.size() - 1) : null;
        return new Page<>(items, more ? Optional.of(Cursors.encode(new HistoryCursor(last.createdAt(), last.id())))
                : Optional.empty());
    }

    /**
     * Whether the allocation held its lot's points at {@code at} (the lot recorded by then). Expiry
     * debits are left out: what a lot lost to expiry is its remaining points once expired, with
     * or without the sweep's record of it.
     */
    private static boolean heldAt(DatedAllocation allocation, Instant at) {
        return allocation.debitKind() != DebitKind.EXPIRY
                && !allocation.debitCreatedAt().isAfter(at)
                && !(allocation.debitStatus() == DebitStatus.RELEASED && !allocation.debitResolvedAt().isAfter(at));
    }

    /** The instant at the stores' precision, refused when missing or after now. */
    private Instant past(String tenant, String customerId, Instant instant) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        Instant at = Checks.instant("instant", instant).truncatedTo(ChronoUnit.MICROS);
        Instant now = units.now();
        if (at.isAfter(now)) {
            throw new InvalidInputException("instant", instant, "is after now (" + now
                    + "): as-of reads the past; expiringPoints and the quotes tell what comes");
        }
        return at;
    }

    private static AccountRecord existing(AccountRecord account, Instant at) {
        if (account.createdAt().isAfter(at)) {
            throw new InstantBeforeAccountException(account.tenant(), account.customerId(), at, account.createdAt());
        }
        return account;
    }
}
