package org.rewardpoints;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.LotRecord;

/** Dry runs: what a credit or a redemption would do now, with the same rules, writing nothing. */
final class Quotes {
    private final Units units;
    private final Earning earning;

    Quotes(Units units, Earning earning) {
        this.units = units;
        this.earning = earning;
    }

    OrderQuote order(OrderCompletion order) {
        Optional<LotRecord> credited = units.store().findLotByKey(order.tenant(), Keys.order(order.orderId()));
        if (credited.isPresent()) {
            Replay.of(credited, order.tenant(), Keys.order(order.orderId()), lot -> Earning.sameOrder(order, lot));
            return new OrderQuote(CreditResult.Status.ALREADY_CREDITED, credited.get().points(), Optional.empty());
        }
        return earning.quote(order, units.now());
    }

    RedemptionQuote redemption(String tenant, String customerId, long points) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        Checks.points("points", points);
        return units.store().inAccount(tenant, customerId, session -> { // reads only, no lock taken
            AccountRecord account = units.store().findAccount(tenant, customerId, units.now())
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            if (points > account.activePoints()) {
                throw new InsufficientPointsException(tenant, customerId, points, Math.max(0, account.activePoints()));
            }
            List<RedemptionQuote.LotShare> shares = new ArrayList<>();
            long left = points;
            Iterator<LotRecord> lots = session.spendableLots(units.now());
            while (left > 0 && lots.hasNext()) {
                LotRecord lot = lots.next();
                long take = Math.min(left, lot.remaining());
                shares.add(new RedemptionQuote.LotShare(lot.id(), lot.validUntil(), take));
                left -= take;
            }
            return new RedemptionQuote(points, account.activePoints() - points, List.copyOf(shares));
        });
    }
}
