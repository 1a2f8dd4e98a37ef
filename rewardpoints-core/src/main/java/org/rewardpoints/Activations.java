package org.rewardpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.Units.Unit;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.LotRecord;

/**
 * Pending points becoming usable. Balances never depend on an activation being recorded: a lot
 * counts as pending until its {@code activatesAt}, by the clock. Recording writes the
 * {@link LedgerEvent.Type#ACTIVATED} event, once per lot: for a lot whose period ended, by
 * {@link #record}; for an order activated early, by {@link #activate}, which also moves the lot's
 * {@code activatesAt} to now.
 */
final class Activations {
    private static final Duration MICROSECOND = Duration.ofNanos(1000);
    private final Units units;
    private final int batchSize;

    Activations(Units units, int batchSize) {
        this.units = units;
        this.batchSize = batchSize;
    }

    ActivationResult activate(String tenant, String orderId) {
        // the order's lot names the account to lock; the unit reads it again under the lock
        Optional<LotRecord> orderLot = units.store().findLotByKey(tenant, Keys.order(orderId));
        if (orderLot.isEmpty()) {
            return new ActivationResult(ActivationResult.Status.ORDER_NOT_CREDITED, 0, Optional.empty());
        }
        String customerId = orderLot.get().customerId();
        return units.run(tenant, customerId, unit -> {
            Optional<AccountRecord> account = unit.session.lockAccount(unit.now);
            List<LotRecord> found = unit.session.lots(List.of(orderLot.get().id()));
            if (account.isEmpty() || found.isEmpty()) {
                return new ActivationResult(ActivationResult.Status.ORDER_NOT_CREDITED, 0, Optional.empty());
            }
            LotRecord lot = found.get(0);
            if (!lot.activatesAt().isAfter(unit.now)) {
                return new ActivationResult(ActivationResult.Status.ALREADY_ACTIVE, lot.remaining(),
                        Optional.of(lot.activatesAt()));
            }
            // a lot usable from its creation on was never pending: activated in the very microsecond it
            // was credited, it becomes usable one microsecond later
            Instant activatesAt = unit.now.isAfter(lot.createdAt()) ? unit.now : lot.createdAt().plus(MICROSECOND);
            // the account as read counted the lot's points pending, unless they expired while pending
            boolean nowUsable = activatesAt.equals(unit.now) && lot.isPendingAt(unit.now);
            recordActivation(unit, account.get(), List.of(lot.withActivatesAt(activatesAt)),
                    nowUsable ? -lot.remaining() : 0);
            return new ActivationResult(ActivationResult.Status.ACTIVATED, lot.remaining(), Optional.of(activatesAt));
        });
    }

    SweepResult record() {
        long[] totals = units.eachAccount(batchSize, units.store()::accountsWithActivationsToRecord, unit -> {
            Optional<AccountRecord> account = unit.session.lockAccount(unit.now);
            List<LotRecord> lots = account.isEmpty() ? List.of() : unit.session.lotsWithActivationToRecord(unit.now);
            if (lots.isEmpty()) {
                return new long[] {0, 0};
            }
            recordActivation(unit, account.get(), lots, 0);
            return new long[] {lots.size(), lots.stream().mapToLong(LotRecord::remaining).sum()};
        });
        return new SweepResult(totals[0], totals[1], totals[2]);
    }

    /**
     * Records the activation of lots, each with its event; {@code pendingDelta} is how the
     * account's pending points as read change with it (0 when the lots' periods had ended).
     */
    private static void recordActivation(Unit unit, AccountRecord account, List<LotRecord> lots, long pendingDelta) {
        AccountRecord updated = account.withChange(0, 0, 0, pendingDelta); // a change to its lots: a new version
        for (LotRecord lot : lots) {
            unit.session.recordActivation(lot.id(), lot.activatesAt());
            unit.activated(lot, updated.activePoints());
        }
        unit.session.updateAccount(updated);
    }
}
