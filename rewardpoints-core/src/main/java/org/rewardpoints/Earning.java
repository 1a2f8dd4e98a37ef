package org.rewardpoints;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.Units.Unit;
import org.rewardpoints.internal.Checks;
import org.rewardpoints.internal.Expiry;
import org.rewardpoints.settings.CachingSettingsStore;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.LotRecord;

/** Points coming in: completed orders, points added by hand, start points of a new account. */
final class Earning {
    private static final BigDecimal MAX_POINTS = BigDecimal.valueOf(Checks.MAX_POINTS);

    private final Units units;
    private final Lots lots;
    private final CachingSettingsStore settings;
    private final RoundingMode roundingMode;
    private final ExpiryAlignment expiryAlignment;
    private final ExpiryStart expiryStart;
    private final String orderLotDescription;

    Earning(Units units, Lots lots, CachingSettingsStore settings, RoundingMode roundingMode,
            ExpiryAlignment expiryAlignment, ExpiryStart expiryStart, String orderLotDescription) {
        this.units = units;
        this.lots = lots;
        this.settings = settings;
        this.roundingMode = roundingMode;
        this.expiryAlignment = expiryAlignment;
        this.expiryStart = expiryStart;
        this.orderLotDescription = orderLotDescription;
    }

    CreditResult orderCompleted(OrderCompletion order) {
        Optional<SiteSettings> site = settings.find(order.tenant(), order.siteCode());
        String key = Keys.order(order.orderId());
        // the write-only credit only where every check passes; everything else (replays included) takes the unit
        Optional<Long> fastPoints = site.filter(s -> s.enabled() && s.currency().equals(order.currency()))
                .flatMap(s -> pointsWithinLimit(order.value(), s)).filter(points -> points > 0);
        if (fastPoints.isPresent()) {
            Optional<LotRecord> credited = units.tryCredit(now -> orderLot(order, key, fastPoints.get(), site.get(), now));
            if (credited.isPresent()) {
                return new CreditResult(CreditResult.Status.CREDITED, fastPoints.get(),
                        Optional.of(Views.added(credited.get(), List.of())));
            }
        }
        return units.run(order.tenant(), order.customerId(), unit -> {
            Optional<AccountRecord> current = unit.session.lockAccount(unit.now);
            Optional<LotRecord> replayed = Replay.of(unit.session.lotByKey(key), order.tenant(), key,
                    lot -> sameOrder(order, lot));
            if (replayed.isPresent()) {
                return new CreditResult(CreditResult.Status.ALREADY_CREDITED, replayed.get().points(),
                        Optional.of(Views.added(replayed.get(), List.of())));
            }
            OrderQuote decision = decide(order, site, unit.now);
            if (decision.status() != CreditResult.Status.CREDITED) {
                return CreditResult.notCredited(decision.status());
            }
            SiteSettings settings = site.get();
            long points = decision.points();
            AccountRecord account = current.orElseGet(() -> Accounts.insert(unit, order.tenant(), order.customerId()));
            Lots.Credited credited = lots.credit(unit, account, orderLot(order, key, points, settings, unit.now));
            return new CreditResult(CreditResult.Status.CREDITED, points,
                    Optional.of(Views.added(credited.lot(), credited.settlements())));
        });
    }

    /** What crediting the order now would do, writing nothing: the checks a credit makes. */
    OrderQuote quote(OrderCompletion order, Instant now) {
        return decide(order, settings.find(order.tenant(), order.siteCode()), now);
    }

    /** The configuration's answer to an order that is no replay: the points it earns, or why none. */
    private OrderQuote decide(OrderCompletion order, Optional<SiteSettings> site, Instant now) {
        SiteSettings settings = site.orElseThrow(() -> new SiteNotFoundException(order.tenant(), order.siteCode()));
        if (!settings.currency().equals(order.currency())) {
            throw new InvalidInputException("currency", order.currency().getCurrencyCode(),
                    "must be the site's currency " + settings.currency().getCurrencyCode());
        }
        if (!settings.enabled()) {
            return OrderQuote.none(CreditResult.Status.SITE_DISABLED, 0);
        }
        long points = pointsFor(order.value(), settings);
        if (points == 0) {
            return OrderQuote.none(CreditResult.Status.ZERO_POINTS, 0);
        }
        Instant activatesAt = activatesAt(now, settings);
        return new OrderQuote(CreditResult.Status.CREDITED, points, Optional.of(orderValidUntil(now, activatesAt, settings)),
                Optional.of(activatesAt));
    }

    /** The end of the site's pending period for an order credited at {@code now}: now when it has none. */
    private static Instant activatesAt(Instant now, SiteSettings site) {
        return site.pendingPeriodDays() == 0 ? now
                : now.atZone(site.timeZone()).plusDays(site.pendingPeriodDays()).toInstant();
    }

    private Instant orderValidUntil(Instant now, Instant activatesAt, SiteSettings site) {
        return Expiry.validUntil(expiryStart == ExpiryStart.PENDING_PERIOD_END ? activatesAt : now, site, expiryAlignment);
    }

    static String sameOrder(OrderCompletion order, LotRecord lot) {
        String owner = Replay.otherCustomer(lot.customerId(), order.customerId());
        if (owner != null) {
            return owner;
        }
        if (lot.orderValue().compareTo(order.value()) != 0 || !lot.currency().equals(order.currency().getCurrencyCode())) {
            return "first credited with value " + lot.orderValue().toPlainString() + " " + lot.currency();
        }
        return null;
    }

    private LotRecord orderLot(OrderCompletion order, String key, long points, SiteSettings site, Instant now) {
        Instant activatesAt = activatesAt(now, site);
        return new LotRecord(lots.newId(), order.tenant(), order.customerId(), key, order.orderId(), order.value(),
                order.currency().getCurrencyCode(), order.orderId(),
                orderLotDescription.replace(RewardPoints.ORDER_ID_PLACEHOLDER, order.orderId()), points, points, now,
                orderValidUntil(now, activatesAt, site), activatesAt, 0);
    }

    /** Points for the value; empty when they exceed what one credit may bring. */
    private Optional<Long> pointsWithinLimit(BigDecimal value, SiteSettings site) {
        BigDecimal points = value.multiply(site.orderValueToRewardPointsFactor()).setScale(0, roundingMode);
        return points.compareTo(MAX_POINTS) > 0 ? Optional.empty()
                : Optional.of(points.longValueExact());
    }

    private long pointsFor(BigDecimal value, SiteSettings site) {
        return pointsWithinLimit(value, site).orElseThrow(() -> new InvalidInputException("value", value.toPlainString(),
                "earns " + value.multiply(site.orderValueToRewardPointsFactor()).setScale(0, roundingMode).toPlainString()
                        + " points, more than the maximum " + Checks.MAX_POINTS + " of one credit"));
    }

    /**
     * Adds a lot by hand, or as the start points of a new account. With an id the call is
     * idempotent; the id is the key, never the lot's id (lot ids are the library's).
     */
    AddedPoints addLot(AddPoints add, boolean newAccount) {
        Optional<SiteSettings> site = settings.find(add.tenant(), add.siteCode());
        String key = Keys.add(add.id());
        // stored at microseconds: compare and store the same instant everywhere
        Instant validUntil = add.validUntil() == null ? null : add.validUntil().truncatedTo(ChronoUnit.MICROS);
        if (!newAccount && site.isPresent()) {
            Instant now = units.now();
            if (validUntil == null || validUntil.isAfter(now)) {
                Optional<LotRecord> credited = units.tryCredit(at -> addedLot(add, key, validUntil, site.get(), at));
                if (credited.isPresent()) {
                    return Views.added(credited.get(), List.of());
                }
            }
        }
        return units.run(add.tenant(), add.customerId(), unit -> {
            Optional<AccountRecord> current = unit.session.lockAccount(unit.now);
            if (newAccount && current.isPresent()) {
                throw new AccountAlreadyExistsException(add.tenant(), add.customerId());
            }
            if (key != null) {
                Optional<LotRecord> replayed = Replay.of(unit.session.lotByKey(key), add.tenant(), key,
                        lot -> sameAdd(add, validUntil, lot));
                if (replayed.isPresent()) {
                    return Views.added(replayed.get(), List.of());
                }
            }
            SiteSettings settings = site.orElseThrow(() -> new SiteNotFoundException(add.tenant(), add.siteCode()));
            if (validUntil != null && !validUntil.isAfter(unit.now)) {
                // createAccount(startPoints): named as the caller knows the field
                throw new InvalidInputException(newAccount ? "startPoints.validUntil" : "validUntil", add.validUntil(),
                        "must be in the future");
            }
            AccountRecord account = current.orElseGet(() -> Accounts.insert(unit, add.tenant(), add.customerId()));
            Lots.Credited credited = lots.credit(unit, account, addedLot(add, key, validUntil, settings, unit.now));
            return Views.added(credited.lot(), credited.settlements());
        });
    }

    private static String sameAdd(AddPoints add, Instant validUntil, LotRecord lot) {
        String owner = Replay.otherCustomer(lot.customerId(), add.customerId());
        if (owner != null) {
            return owner;
        }
        if (lot.points() != add.points() || (validUntil != null && !validUntil.equals(lot.validUntil()))) {
            return "first used with " + lot.points() + " points valid until " + lot.validUntil();
        }
        return null;
    }

    private LotRecord addedLot(AddPoints add, String key, Instant validUntil, SiteSettings site, Instant now) {
        Instant until = validUntil != null ? validUntil : Expiry.validUntil(now, site, expiryAlignment);
        return new LotRecord(lots.newId(), add.tenant(), add.customerId(), key, null, null, null, add.referenceId(),
                add.description(), add.points(), add.points(), now, until, 0);
    }
}
