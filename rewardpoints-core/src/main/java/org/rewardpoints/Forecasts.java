package org.rewardpoints;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Cursors;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.CustomerExpiry;
import org.rewardpoints.spi.LedgerStore;
import org.rewardpoints.spi.LotRecord;

/**
 * What comes next, read without writing: quotes of what a credit or a redemption would do now
 * (with the same rules), and the points about to expire.
 */
final class Forecasts {
    private final Units units;
    private final Earning earning;

    Forecasts(Units units, Earning earning) {
        this.units = units;
        this.earning = earning;
    }

    OrderQuote order(OrderCompletion order) {
        Optional<LotRecord> credited = units.store().findLotByKey(order.tenant(), Keys.order(order.orderId()));
        if (credited.isPresent()) {
            Replay.of(credited, order.tenant(), Keys.order(order.orderId()), lot -> Earning.sameOrder(order, lot));
            return OrderQuote.none(CreditResult.Status.ALREADY_CREDITED, credited.get().points());
        }
        return earning.quote(order, units.now());
    }

    /** The customer's points expiring after now and at or before {@code before}, grouped by day in {@code zone}. */
    List<ExpiringPoints> expiring(String tenant, String customerId, Instant before, ZoneId zone) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        Checks.required("before", before);
        Checks.required("zone", zone);
        Instant now = units.now();
        store().findAccount(tenant, customerId, now).orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
        return store().inAccount(tenant, customerId, session -> { // reads only, no lock taken
            Map<LocalDate, Long> byDay = new TreeMap<>();
            Iterator<LotRecord> lots = session.spendableLots(now); // soonest-expiring first: stop past before
            while (lots.hasNext()) {
                LotRecord lot = lots.next();
                if (lot.validUntil().isAfter(before)) {
                    break;
                }
                byDay.merge(LocalDate.ofInstant(lot.validUntil(), zone), lot.remaining(), Long::sum);
            }
            return byDay.entrySet().stream().map(day -> new ExpiringPoints(day.getKey(), day.getValue())).toList();
        });
    }

    /**
     * One page of the tenant's customers with points expiring after {@code from} (and after now:
     * expired points are not expiring soon) and at or before {@code to}, by customer id.
     */
    Page<ExpiringCustomer> customers(String tenant, Instant from, Instant to, String cursor, int limit) {
        Checks.id("tenant", tenant);
        Checks.required("from", from);
        Checks.required("to", to);
        if (!to.isAfter(from)) {
            throw new InvalidInputException("to", to, "must be after from (" + from + ")");
        }
        String after = Cursors.decode(cursor);
        int size = History.pageSize(limit);
        Instant now = units.now();
        Instant lower = from.isAfter(now) ? from : now;
        if (!to.isAfter(lower)) {
            return new Page<>(List.of(), Optional.empty());
        }
        List<CustomerExpiry> rows = store().customersWithExpiringLots(tenant, lower, to, after, size);
        List<ExpiringCustomer> items = rows.stream()
                .map(row -> new ExpiringCustomer(row.customerId(), row.points(), row.earliestValidUntil())).toList();
        return new Page<>(items, rows.size() < size ? Optional.empty()
                : Optional.of(Cursors.encode(rows.get(rows.size() - 1).customerId())));
    }

    private LedgerStore store() {
        return units.store();
    }

    RedemptionQuote redemption(String tenant, String customerId, long points) {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        Checks.points("points", points);
        // the account is read before the unit, so the unit never waits for a second connection
        Instant now = units.now();
        AccountRecord account = store().findAccount(tenant, customerId, now)
                .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
        if (points > account.activePoints()) {
            throw new InsufficientPointsException(tenant, customerId, points, Math.max(0, account.activePoints()));
        }
        return store().inAccount(tenant, customerId, session -> { // reads only, no lock taken
            List<RedemptionQuote.LotShare> shares = new ArrayList<>();
            long left = points;
            Iterator<LotRecord> lots = session.spendableLots(now);
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
