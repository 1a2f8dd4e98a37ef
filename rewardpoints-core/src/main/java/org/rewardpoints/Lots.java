package org.rewardpoints;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rewardpoints.Units.Unit;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession;
import org.rewardpoints.spi.AccountSession.LotClaims;
import org.rewardpoints.spi.AllocationRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * The only code that moves points between lots and debits: credits (settling debt first),
 * spending soonest-expiring first, releasing a reservation to the very lots it came from, expiry,
 * and what a reversal takes from an order's lot. Every feature therefore shares one view of what
 * is remaining, reserved, expired or spent.
 */
final class Lots {
    private final IdGenerator ids;

    Lots(IdGenerator ids) {
        this.ids = ids;
    }

    String newId() {
        return ids.next();
    }

    /** A credited lot and the debt it settled. */
    record Credited(LotRecord lot, List<AllocationRecord> settlements) {
    }

    /**
     * Inserts the lot, settling the account's debt first.
     *
     * @throws InvalidInputException when the account would hold more than {@link LedgerStore#MAX_OPEN_POINTS}
     */
    Credited credit(Unit unit, AccountRecord account, LotRecord draft) {
        requireCeiling(account, draft.points());
        AccountSession session = unit.session;
        long settled = Math.min(account.debt(), draft.points());
        List<AllocationRecord> settlements = new ArrayList<>();
        long left = settled;
        if (settled > 0) {
            for (AccountSession.UnsettledDebt debt : session.unsettledDebts()) {
                long take = Math.min(left, debt.points());
                settlements.add(new AllocationRecord(debt.debitId(), draft.id(), take));
                left -= take;
                if (left == 0) {
                    break;
                }
            }
        }
        long remaining = draft.points() - settled;
        AccountRecord updated = account.withChange(remaining, -settled, 0, draft.isPendingAt(unit.now) ? remaining : 0);
        LotRecord lot = draft.withRemaining(remaining).withBalanceAfter(updated.activePoints());
        session.insertLot(lot);
        if (!settlements.isEmpty()) {
            session.insertAllocations(settlements);
        }
        session.updateAccount(updated);
        unit.credited(lot);
        return new Credited(lot, settlements);
    }

    private static void requireCeiling(AccountRecord account, long points) {
        if (points > LedgerStore.MAX_OPEN_POINTS - account.openPoints()) {
            throw new InvalidInputException("points", points, "would take the account of customer '"
                    + account.customerId() + "' (holding " + account.openPoints() + ") past its ceiling of "
                    + LedgerStore.MAX_OPEN_POINTS + " points");
        }
    }

    /**
     * Takes the debit's points from the soonest-expiring spendable lots and records it (confirmed
     * or pending) with the balance after it.
     *
     * @throws InsufficientPointsException when the active points do not cover it
     */
    DebitRecord spend(Unit unit, AccountRecord account, DebitRecord draft) {
        if (draft.points() > account.activePoints()) {
            throw new InsufficientPointsException(account.tenant(), account.customerId(), draft.points(),
                    Math.max(0, account.activePoints()));
        }
        List<AllocationRecord> allocations = consume(unit, draft.id(), draft.points(), null);
        AccountRecord updated = account.withChange(-draft.points(), 0, 0);
        DebitRecord debit = draft.withOutcome(draft.status(), draft.couponCode(), updated.activePoints(), draft.resolvedAt());
        unit.session.insertDebit(debit);
        unit.session.insertAllocations(allocations);
        unit.session.updateAccount(updated);
        return debit;
    }

    /**
     * Takes up to {@code points} from spendable lots, soonest-expiring first, skipping
     * {@code excludedLotId}; updates the lots and returns the allocations (their sum may be less
     * than asked when the lots run out).
     */
    private static List<AllocationRecord> consume(Unit unit, String debitId, long points, String excludedLotId) {
        List<AllocationRecord> allocations = new ArrayList<>();
        long left = points;
        Iterator<LotRecord> lots = unit.session.spendableLots(unit.now);
        while (left > 0 && lots.hasNext()) {
            LotRecord lot = lots.next();
            if (lot.id().equals(excludedLotId)) {
                continue;
            }
            long take = Math.min(left, lot.remaining());
            unit.session.updateLotRemaining(lot.id(), lot.remaining() - take);
            allocations.add(new AllocationRecord(debitId, lot.id(), take));
            left -= take;
        }
        return allocations;
    }

    /**
     * Gives a pending reservation's points back to the very lots they came from.
     *
     * @return the released reservation, or empty when it was no longer pending (nothing changed)
     */
    Optional<DebitRecord> release(Unit unit, String reservationId) {
        AccountSession session = unit.session;
        Optional<AccountRecord> account = session.lockAccount(unit.now);
        Optional<DebitRecord> current = session.debit(reservationId);
        if (account.isEmpty() || current.isEmpty() || current.get().status() != DebitStatus.PENDING) {
            return Optional.empty();
        }
        List<AllocationRecord> allocations = session.allocationsOfDebit(reservationId);
        Map<String, LotRecord> lots = new LinkedHashMap<>();
        session.lots(allocations.stream().map(AllocationRecord::lotId).distinct().toList())
                .forEach(lot -> lots.put(lot.id(), lot));
        long restored = 0;
        long restoredExpired = 0;
        for (AllocationRecord allocation : allocations) {
            LotRecord lot = lots.get(allocation.lotId());
            LotRecord back = lot.withRemaining(lot.remaining() + allocation.points());
            lots.put(lot.id(), back);
            session.updateLotRemaining(lot.id(), back.remaining());
            restored += allocation.points();
            if (lot.isExpiredAt(unit.now)) {
                restoredExpired += allocation.points();
            }
        }
        AccountRecord updated = account.get().withChange(restored, 0, restoredExpired);
        DebitRecord released = current.get().withOutcome(DebitStatus.RELEASED, null, updated.activePoints(),
                unit.now);
        session.updateDebit(released);
        session.updateAccount(updated);
        return Optional.of(released);
    }

    /** Closes the account's expired lots with one expiry debit; empty when none had points left. */
    Optional<DebitRecord> expire(Unit unit, AccountRecord account, List<LotRecord> expired) {
        if (expired.isEmpty()) {
            return Optional.empty();
        }
        String id = ids.next();
        List<AllocationRecord> allocations = new ArrayList<>();
        long points = 0;
        for (LotRecord lot : expired) {
            unit.session.updateLotRemaining(lot.id(), 0);
            allocations.add(new AllocationRecord(id, lot.id(), lot.remaining()));
            points += lot.remaining();
        }
        AccountRecord updated = account.withChange(-points, 0, -points);
        DebitRecord debit = new DebitRecord(id, account.tenant(), account.customerId(), DebitKind.EXPIRY,
                DebitStatus.CONFIRMED, null, null, null, "Expired points", points, points, unit.now,
                updated.activePoints(), null, null, null);
        unit.session.insertDebit(debit);
        unit.session.insertAllocations(allocations);
        unit.session.updateAccount(updated);
        return Optional.of(debit);
    }

    /**
     * Takes back {@code requested} points an order earned. In this order: the order lot's live
     * remaining points, pending or not; then its expired points, which are neither spent nor live, so they are
     * neither taken nor replaced (whether or not the sweep has recorded them); then, for points
     * the customer spent, what the policy says. Points of the lot held by a pending reservation
     * cannot be told spent or not until the reservation ends, so a return that would need them
     * waits for it.
     *
     * @param expiredCoveredBefore points of the lot's expiry earlier returns of the order counted
     *                             already (see {@link Reversals})
     * @throws RedemptionInFlightException when the return needs points a pending reservation holds
     */
    DebitRecord reverse(Unit unit, AccountRecord account, LotRecord lot, long requested, long expiredCoveredBefore,
                        ReversalPolicy policy, DebitRecord draft) {
        boolean expired = lot.isExpiredAt(unit.now);
        long fromLot = expired ? 0 : Math.min(lot.remaining(), requested);
        long rest = requested - fromLot;
        LotClaims claims = rest > 0 ? unit.session.claimsOnLot(lot.id()) : new LotClaims(0, 0);
        long expiredPoints = expired ? lot.remaining() + claims.expired() : 0;
        rest -= Math.min(rest, Math.max(0, expiredPoints - expiredCoveredBefore));
        if (rest > 0 && claims.reserved() > 0) {
            throw new RedemptionInFlightException(account.tenant(), account.customerId(),
                    "return order '" + lot.orderId() + "'");
        }
        List<AllocationRecord> allocations = new ArrayList<>();
        if (fromLot > 0) {
            unit.session.updateLotRemaining(lot.id(), lot.remaining() - fromLot);
            allocations.add(new AllocationRecord(draft.id(), lot.id(), fromLot));
        }
        long fromOtherLots = 0;
        if (policy != ReversalPolicy.CAP_AT_ZERO && rest > 0) {
            List<AllocationRecord> others = consume(unit, draft.id(), rest, lot.id());
            fromOtherLots = others.stream().mapToLong(AllocationRecord::points).sum();
            allocations.addAll(others);
        }
        long debt = policy == ReversalPolicy.ALLOW_NEGATIVE_BALANCE ? rest - fromOtherLots : 0;
        AccountRecord updated = account.withChange(-(fromLot + fromOtherLots), debt, 0,
                lot.isPendingAt(unit.now) ? -fromLot : 0);
        DebitRecord debit = new DebitRecord(draft.id(), draft.tenant(), draft.customerId(), DebitKind.REVERSAL,
                DebitStatus.CONFIRMED, draft.idempotencyKey(), draft.orderId(), draft.refundedValue(), draft.description(),
                fromLot + fromOtherLots + debt, requested, unit.now, updated.activePoints(), null, null, null);
        unit.session.insertDebit(debit);
        if (!allocations.isEmpty()) {
            unit.session.insertAllocations(allocations);
        }
        unit.session.updateAccount(updated);
        return debit;
    }
}
