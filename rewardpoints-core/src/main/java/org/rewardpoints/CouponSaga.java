package org.rewardpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.AccountSession.Prefetch;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.settings.CachingSettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points exchanged for a coupon in three steps: reserve the option's points, issue the coupon
 * under the reservation's id, confirm; or give the points back to the very lots they came from.
 * Where the issuer writes into the ledger's own database, the three are one unit instead.
 */
final class CouponSaga {
    /** Codes proposed to the issuer for one redemption before giving up on collisions. */
    static final int CODE_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(CouponSaga.class);

    private final Units units;
    private final Lots lots;
    private final CachingSettingsStore settings;
    private final CouponIssuer issuer;
    private final Options options;
    private final Duration replayWindow;

    CouponSaga(Units units, Lots lots, CachingSettingsStore settings, CouponIssuer issuer, Options options,
               Duration replayWindow) {
        this.replayWindow = replayWindow;
        this.units = units;
        this.lots = lots;
        this.settings = settings;
        this.issuer = issuer;
        this.options = options;
    }

    /** A reservation and whether it was made before under the same request id. */
    private record Reservation(DebitRecord debit, boolean replayed) {
    }

    RedeemedCoupon redeem(CouponRedemption redemption) {
        requireIssuer();
        String tenant = redemption.tenant();
        String customerId = redemption.customerId();
        // read before the unit, so that a unit never waits for a second connection; used only when it is no replay
        Optional<RedemptionOption> option = options.findIfAny(tenant, redemption.optionId());
        Optional<SiteSettings> site = settings.find(tenant, redemption.siteCode());
        String reservationId = lots.newId();
        String key = Keys.couponRequest(customerId, redemption.requestId() != null ? redemption.requestId() : reservationId);
        Reservation reservation = units.run(tenant, customerId, unit -> {
            AccountRecord account = unit.session.lockAccount(unit.now, Prefetch.SPENDABLE_LOTS,
                            redemption.requestId() != null ? key : null)
                    .orElseThrow(() -> new AccountNotFoundException(tenant, customerId));
            if (redemption.requestId() != null) {
                Optional<DebitRecord> replayed = Replay.of(unit.session.debitByKey(key), tenant, key,
                        debit -> debit.redeemOptionId().equals(redemption.optionId()) ? null
                                : "first used for option '" + debit.redeemOptionId() + "'");
                if (replayed.isPresent()) {
                    return new Reservation(replayed.get(), true);
                }
            }
            RedemptionOption chosen = option.orElseThrow(
                    () -> new RedemptionOptionNotFoundException(tenant, redemption.optionId()));
            SiteSettings shop = site.orElseThrow(() -> new SiteNotFoundException(tenant, redemption.siteCode()));
            // an issuer writing into the ledger's own database joins the unit: reserve, issue and confirm commit
            // together (a code already taken breaks the unit with a duplicate key, and the re-run draws a new code)
            Optional<IssuedCoupon> coupon = unit.session.issueCoupon(issuer, new CouponRequest(tenant, reservationId,
                    CouponCodes.generate(shop.codePrefix()), customerId, chosen.coupon(), unit.now));
            DebitRecord debit = lots.spend(unit, account, new DebitRecord(reservationId, tenant, customerId,
                    DebitKind.COUPON_REDEMPTION, coupon.isPresent() ? DebitStatus.CONFIRMED : DebitStatus.PENDING,
                    key, null, null, chosen.description() != null ? chosen.description() : chosen.name(),
                    chosen.points(), chosen.points(), unit.now, 0, chosen.id(),
                    coupon.map(IssuedCoupon::code).orElse(null), coupon.isPresent() ? unit.now : null));
            if (coupon.isPresent()) {
                unit.debited(LedgerEvent.Type.COUPON_ISSUED, debit);
            }
            return new Reservation(debit, false);
        });
        DebitRecord debit = reservation.debit();
        if (reservation.replayed()) {
            return replayed(debit, option, site);
        }
        if (debit.status() == DebitStatus.CONFIRMED) {
            return new RedeemedCoupon(debit.couponCode(), Views.redeemed(debit));
        }
        return issueAndConfirm(debit, option.get(), site.get());
    }

    private RedeemedCoupon issueAndConfirm(DebitRecord debit, RedemptionOption option, SiteSettings site) {
        IssuedCoupon coupon;
        try {
            coupon = issue(debit, option, site);
        } catch (RuntimeException issueFailure) {
            coupon = resolveFailedIssue(debit, option, site, issueFailure);
        }
        try {
            return new RedeemedCoupon(coupon.code(), Views.redeemed(confirm(debit, coupon.code())));
        } catch (StorageException confirmFailure) {
            // the coupon exists and its points stay reserved: recovery will confirm, so the customer keeps the coupon
            LOG.warn("Confirming reservation {} failed; recoverReservations will confirm it", debit.id(), confirmFailure);
            return new RedeemedCoupon(coupon.code(), Views.redeemed(debit.withOutcome(DebitStatus.PENDING,
                    coupon.code(), debit.balanceAfter(), null)));
        }
    }

    /**
     * A request made before: its first outcome. A pending reservation is completed by the replay
     * only within the replay window after it was made; later, recovery may be deciding it, so the
     * replay only finds what the issuer did and otherwise leaves the reservation to recovery.
     */
    private RedeemedCoupon replayed(DebitRecord debit, Optional<RedemptionOption> option, Optional<SiteSettings> site) {
        switch (debit.status()) {
            case CONFIRMED:
                return new RedeemedCoupon(debit.couponCode(), Views.redeemed(debit));
            case RELEASED:
                throw new CouponIssuingException(debit.id(), false, false, "This redemption failed before and its"
                        + " points were given back; use a new request id to try again", null);
            default:
                Optional<IssuedCoupon> issued = issuer.find(debit.tenant(), debit.id());
                if (issued.isPresent()) {
                    return new RedeemedCoupon(issued.get().code(), Views.redeemed(confirm(debit, issued.get().code())));
                }
                boolean young = units.now().isBefore(debit.createdAt().plus(replayWindow));
                if (young && option.isPresent() && site.isPresent()) {
                    return issueAndConfirm(debit, option.get(), site.get());
                }
                throw new CouponIssuingException(debit.id(), true, true, "This redemption is still in progress and"
                        + " its points are reserved; repeat the request later with the same request id", null);
        }
    }

    /**
     * After a failed issue call the coupon may still exist (a timeout after the issuer's success):
     * ask the issuer. A coupon found is kept and returned; otherwise the issue is tried once more
     * under the same key (safe by the issuer's contract; it rides out a transient fault such as a
     * stale pooled connection), and only then do the points go back to their lots. When even that
     * cannot be decided, the reservation stays for recovery.
     */
    private IssuedCoupon resolveFailedIssue(DebitRecord reservation, RedemptionOption option, SiteSettings site,
                                            RuntimeException issueFailure) {
        boolean released = false;
        try {
            // find, issue again, find: the last word before a release is always the issuer's "no such coupon"
            for (int attempt = 1; ; attempt++) {
                Optional<IssuedCoupon> issued = issuer.find(reservation.tenant(), reservation.id());
                if (issued.isPresent()) {
                    return issued.get();
                }
                if (attempt == 2) {
                    break;
                }
                try {
                    return issue(reservation, option, site);
                } catch (RuntimeException retryFailure) {
                    issueFailure.addSuppressed(retryFailure);
                }
            }
            released = release(reservation);
        } catch (RuntimeException resolveFailure) {
            issueFailure.addSuppressed(resolveFailure);
        }
        throw new CouponIssuingException(reservation.id(), !released, "The coupon for option '" + option.id()
                + "' could not be issued: " + issueFailure.getMessage()
                + (released ? "; the points were given back to their lots" : "; the points stay reserved until recovery"),
                issueFailure);
    }

    private IssuedCoupon issue(DebitRecord reservation, RedemptionOption option, SiteSettings site) {
        CouponCodeTakenException collision = null;
        for (int attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
            try {
                return issuer.issue(new CouponRequest(reservation.tenant(), reservation.id(),
                        CouponCodes.generate(site.codePrefix()), reservation.customerId(), option.coupon(), units.now()));
            } catch (CouponCodeTakenException e) {
                if (collision != null) {
                    e.addSuppressed(collision);
                }
                collision = e;
            }
        }
        throw collision;
    }

    /** Confirms a pending reservation with its coupon; returns the debit as it now stands. */
    DebitRecord confirm(DebitRecord reservation, String code) {
        Instant now = units.now();
        DebitRecord confirmed = reservation.withOutcome(DebitStatus.CONFIRMED, code, reservation.balanceAfter(), now);
        if (units.store().confirmReservation(reservation.tenant(), reservation.customerId(), reservation.id(), code,
                now, units.events().debited(LedgerEvent.Type.COUPON_ISSUED, confirmed))) {
            return confirmed;
        }
        DebitRecord current = units.store().findDebitByKey(reservation.tenant(), reservation.idempotencyKey())
                .filter(debit -> debit.id().equals(reservation.id()))
                .orElseThrow(() -> new AccountNotFoundException(reservation.tenant(), reservation.customerId()));
        if (current.status() == DebitStatus.RELEASED) {
            throw new CouponIssuingException(current.id(), false, false, "Reservation " + current.id()
                    + " was released while coupon " + code + " was being issued; the coupon has no points behind it"
                    + " (make the recovery age longer than the issuer's timeout)", null);
        }
        return current;
    }

    /**
     * Gives a pending reservation's points back to the very lots they came from.
     *
     * @return false when the reservation was no longer pending (nothing changed)
     */
    boolean release(DebitRecord reservation) {
        return units.run(reservation.tenant(), reservation.customerId(), unit -> {
            Optional<DebitRecord> released = lots.release(unit, reservation.id());
            released.ifPresent(debit -> unit.debited(LedgerEvent.Type.RESERVATION_RELEASED, debit));
            return released.isPresent();
        });
    }

    CouponIssuer requireIssuer() {
        if (issuer == null) {
            throw new IllegalStateException("No coupon issuer configured: RewardPoints.builder().couponIssuer(...)");
        }
        return issuer;
    }
}
