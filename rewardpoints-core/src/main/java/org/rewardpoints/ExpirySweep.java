package org.rewardpoints;

import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession.Prefetch;
import org.rewardpoints.spi.DebitRecord;

/** Records expiry entries for lots past their validUntil; balances never depend on it having run. */
final class ExpirySweep {
    private final Units units;
    private final Lots lots;
    private final int batchSize;

    ExpirySweep(Units units, Lots lots, int batchSize) {
        this.units = units;
        this.lots = lots;
        this.batchSize = batchSize;
    }

    SweepResult sweep() {
        long[] totals = units.eachAccount(batchSize, units.store()::accountsWithExpiredLots, unit -> {
            Optional<AccountRecord> account = unit.session.lockAccount(unit.now, Prefetch.EXPIRED_LOTS);
            if (account.isEmpty()) {
                return new long[] {0, 0};
            }
            var expired = unit.session.expiredLots(unit.now);
            Optional<DebitRecord> debit = lots.expire(unit, account.get(), expired);
            debit.ifPresent(expiry -> unit.debited(LedgerEvent.Type.EXPIRED, expiry));
            return new long[] {expired.size(), debit.map(DebitRecord::points).orElse(0L)};
        });
        return new SweepResult(totals[0], totals[1], totals[2]);
    }
}
