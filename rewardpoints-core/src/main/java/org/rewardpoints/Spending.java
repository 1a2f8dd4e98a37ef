package org.rewardpoints;

import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession.Prefetch;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;

/** Points redeemed without a coupon. */
final class Spending {
    private final Units units;
    private final Lots lots;

    Spending(Units units, Lots lots) {
        this.units = units;
        this.lots = lots;
    }

    RedeemedPoints redeem(RedeemPoints redeem) {
        String key = Keys.redeem(redeem.id());
        return units.run(redeem.tenant(), redeem.customerId(), unit -> {
            AccountRecord account = unit.session.lockAccount(unit.now, Prefetch.SPENDABLE_LOTS, key)
                    .orElseThrow(() -> new AccountNotFoundException(redeem.tenant(), redeem.customerId()));
            if (key != null) {
                Optional<DebitRecord> replayed = Replay.of(unit.session.debitByKey(key), redeem.tenant(), key, debit -> {
                    String owner = Replay.otherCustomer(debit.customerId(), redeem.customerId());
                    return owner != null || debit.points() == redeem.points() ? owner
                            : "first used for " + debit.points() + " points";
                });
                if (replayed.isPresent()) {
                    return Views.redeemed(replayed.get());
                }
            }
            DebitRecord debit = lots.spend(unit, account, new DebitRecord(lots.newId(), redeem.tenant(),
                    redeem.customerId(), DebitKind.REDEMPTION, DebitStatus.CONFIRMED, key, null, null,
                    redeem.description(), redeem.points(), redeem.points(), unit.now, 0, null, null, null));
            unit.debited(LedgerEvent.Type.DEBITED, debit);
            return Views.redeemed(debit);
        });
    }
}
