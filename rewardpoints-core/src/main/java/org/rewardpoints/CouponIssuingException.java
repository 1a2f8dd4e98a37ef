package org.rewardpoints;

/**
 * The coupon could not be issued. The reserved points went back to the very lots they came from,
 * with their original validUntil, unless {@link #isPointsStillReserved()} says that giving them
 * back failed too; then {@link RewardPoints#recoverReservations} resolves the reservation later.
 */
public class CouponIssuingException extends RewardPointsException {
    private final String reservationId;
    private final boolean pointsStillReserved;

    public CouponIssuingException(String reservationId, boolean pointsStillReserved, String message, Throwable cause) {
        super(message, cause);
        this.reservationId = reservationId;
        this.pointsStillReserved = pointsStillReserved;
    }

    public String getReservationId() {
        return reservationId;
    }

    public boolean isPointsStillReserved() {
        return pointsStillReserved;
    }
}
