package org.rewardpoints;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.LotRecord;

/** Points an order earned, taken back when it is cancelled or returned. */
final class Reversals {
    private final Units units;
    private final Lots lots;
    private final RoundingMode roundingMode;
    private final ReversalPolicy policy;

    Reversals(Units units, Lots lots, RoundingMode roundingMode, ReversalPolicy policy) {
        this.units = units;
        this.lots = lots;
        this.roundingMode = roundingMode;
        this.policy = policy;
    }

    ReversalResult orderReturned(OrderReturn orderReturn) {
        String tenant = orderReturn.tenant();
        // the order's lot names the account to lock; a unit then reads it again under the lock
        Optional<LotRecord> orderLot = units.store().findLotByKey(tenant, Keys.order(orderReturn.orderId()));
        if (orderLot.isEmpty()) {
            return notCredited();
        }
        String customerId = orderLot.get().customerId();
        String key = Keys.orderReturn(orderReturn.orderId(), orderReturn.returnId());
        return units.run(tenant, customerId, unit -> {
            AccountRecord account = unit.session.lockAccount(unit.now, null, key)
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            Optional<DebitRecord> replayed = Replay.of(unit.session.debitByKey(key), tenant, key,
                    debit -> sameReturn(orderReturn, customerId, debit));
            if (replayed.isPresent()) {
                DebitRecord debit = replayed.get();
                return new ReversalResult(ReversalResult.Status.ALREADY_REVERSED, debit.requestedPoints(),
                        debit.points(), debit.requestedPoints() - debit.points(), Optional.of(Views.redeemed(debit)));
            }
            List<LotRecord> found = unit.session.lots(List.of(orderLot.get().id()));
            if (found.isEmpty()) {
                return notCredited();
            }
            LotRecord lot = found.get(0);
            if (orderReturn.currency() != null && !orderReturn.currency().getCurrencyCode().equals(lot.currency())) {
                throw new InvalidInputException("currency", orderReturn.currency().getCurrencyCode(),
                        "must be the order's currency " + lot.currency());
            }
            BigDecimal refundedBefore = BigDecimal.ZERO;
            long requestedBefore = 0;
            long requestedSinceExpiry = 0;
            for (DebitRecord previous : unit.session.reversalsOfOrder(lot.orderId())) {
                refundedBefore = refundedBefore.add(previous.refundedValue());
                requestedBefore += previous.requestedPoints();
                if (lot.isExpiredAt(previous.createdAt())) {
                    requestedSinceExpiry += previous.requestedPoints();
                }
            }
            BigDecimal refund = orderReturn.refundedValue() != null
                    ? orderReturn.refundedValue() : lot.orderValue().subtract(refundedBefore);
            BigDecimal refundedTotal = refundedBefore.add(refund);
            if (refund.signum() <= 0 || refundedTotal.compareTo(lot.orderValue()) > 0) {
                throw new InvalidInputException("refundedValue", refund.toPlainString(),
                        "together with the " + refundedBefore.toPlainString() + " refunded before must not exceed"
                                + " the order value " + lot.orderValue().toPlainString() + " (and must be > 0)");
            }
            long target = BigDecimal.valueOf(lot.points()).multiply(refundedTotal)
                    .divide(lot.orderValue(), 0, roundingMode).longValueExact();
            long requested = Math.max(0, target - requestedBefore);
            // every return after expiry counts the lot's expired points first, so earlier ones used up to this much
            DebitRecord draft = new DebitRecord(lots.newId(), tenant, customerId, DebitKind.REVERSAL,
                    DebitStatus.CONFIRMED, key, lot.orderId(), refund,
                    "Reversal of order " + lot.orderId() + " (return " + orderReturn.returnId() + ")",
                    requested, requested, unit.now, 0, null, null, null);
            DebitRecord debit = lots.reverse(unit, account, lot, requested, requestedSinceExpiry, policy, draft);
            unit.debited(LedgerEvent.Type.REVERSED, debit);
            return new ReversalResult(ReversalResult.Status.REVERSED, requested, debit.points(),
                    requested - debit.points(), Optional.of(Views.redeemed(debit)));
        });
    }

    private static String sameReturn(OrderReturn orderReturn, String customerId, DebitRecord debit) {
        if (!orderReturn.orderId().equals(debit.orderId())) {
            return "first used for another order";
        }
        String owner = Replay.otherCustomer(debit.customerId(), customerId);
        if (owner != null) {
            return owner;
        }
        if (orderReturn.refundedValue() != null && orderReturn.refundedValue().compareTo(debit.refundedValue()) != 0) {
            return "first used with refunded value " + debit.refundedValue().toPlainString();
        }
        return null;
    }

    private static ReversalResult notCredited() {
        return new ReversalResult(ReversalResult.Status.ORDER_NOT_CREDITED, 0, 0, 0, Optional.empty());
    }
}
