package org.rewardpoints;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.IssuedCoupon;
import org.rewardpoints.spi.ReservationCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves coupon reservations a crash or a failed confirmation left pending. */
final class Recovery {
    /** Reservations read per page. */
    static final int BATCH_SIZE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Units units;
    private final CouponSaga saga;

    Recovery(Units units, CouponSaga saga) {
        this.units = units;
        this.saga = saga;
    }

    /**
     * Walks the pending reservations at least {@code minimumAge} old once, in (createdAt, tenant,
     * id) order with a keyset cursor, so that reservations that keep failing never hide newer ones.
     */
    RecoveryResult recover(Duration minimumAge) {
        if (minimumAge.isNegative()) {
            throw new InvalidInputException("minimumAge", minimumAge, "must not be negative");
        }
        CouponIssuer issuer = saga.requireIssuer();
        Instant createdAtOrBefore = units.now().minus(minimumAge);
        int confirmed = 0;
        int released = 0;
        int failed = 0;
        ReservationCursor after = null;
        while (true) {
            List<DebitRecord> page = units.store().pendingReservations(createdAtOrBefore, after, BATCH_SIZE);
            for (DebitRecord reservation : page) {
                after = ReservationCursor.of(reservation);
                try {
                    Optional<IssuedCoupon> coupon = issuer.find(reservation.tenant(), reservation.id());
                    if (coupon.isPresent()) {
                        saga.confirm(reservation, coupon.get().code());
                        confirmed++;
                    } else if (saga.release(reservation)) {
                        released++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Recovery of reservation {} failed; it stays pending for the next run", reservation.id(), e);
                    failed++;
                }
            }
            if (page.size() < BATCH_SIZE) {
                return new RecoveryResult(confirmed, released, failed);
            }
        }
    }
}
