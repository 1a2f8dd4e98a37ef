package org.rewardpoints;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.spi.AccountKey;
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
        long accounts = 0;
        long lotCount = 0;
        long points = 0;
        while (true) {
            Instant now = units.now();
            List<AccountKey> batch = units.store().accountsWithExpiredLots(now, batchSize);
            long before = accounts;
            for (AccountKey key : batch) {
                long[] swept = units.run(key.tenant(), key.customerId(), unit -> {
                    Optional<AccountRecord> account = unit.session.lockAccount(unit.now, Prefetch.EXPIRED_LOTS);
                    if (account.isEmpty()) {
                        return new long[] {0, 0};
                    }
                    var expired = unit.session.expiredLots(unit.now);
                    Optional<DebitRecord> debit = lots.expire(unit, account.get(), expired);
                    debit.ifPresent(expiry -> unit.debited(LedgerEvent.Type.EXPIRED, expiry));
                    return new long[] {expired.size(), debit.map(DebitRecord::points).orElse(0L)};
                });
                if (swept[0] > 0) {
                    accounts++;
                    lotCount += swept[0];
                    points += swept[1];
                }
            }
            if (batch.size() < batchSize || accounts == before) {
                return new SweepResult(accounts, lotCount, points);
            }
        }
    }
}
