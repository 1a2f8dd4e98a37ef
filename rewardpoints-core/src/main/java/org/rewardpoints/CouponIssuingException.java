package org.rewardpoints;

/**
 * The coupon could not be issued, or its redemption cannot be completed. What the caller may do
 * next depends on {@link #isPointsStillReserved()} and {@link #isRetryableWithSameRequestId()}:
 * <ul>
 *   <li>points given back, not retryable under the same request id: the redemption under that id
 *       is over and took nothing; a new attempt needs a new request id;</li>
 *   <li>points still reserved, retryable: the outcome is undecided; repeating the request with the
 *       same id (or {@link RewardPoints#recoverReservations}) resolves it;</li>
 *   <li>points given back, retryable: nothing was taken and the same request id may be used again
 *       (a failure before any points were reserved).</li>
 * </ul>
 */
public class CouponIssuingException extends RewardPointsException {
    private final String reservationId;
    private final boolean pointsStillReserved;
    private final boolean retryableWithSameRequestId;

    /** Retryable under the same request id exactly when the points are still reserved. */
    public CouponIssuingException(String reservationId, boolean pointsStillReserved, String message, Throwable cause) {
        this(reservationId, pointsStillReserved, pointsStillReserved, message, cause);
    }

    public CouponIssuingException(String reservationId, boolean pointsStillReserved, boolean retryableWithSameRequestId,
                                  String message, Throwable cause) {
        super(message, cause);
        this.reservationId = reservationId;
        this.pointsStillReserved = pointsStillReserved;
        this.retryableWithSameRequestId = retryableWithSameRequestId;
    }

    public String getReservationId() {
        return reservationId;
    }

    /** True when the redemption's points are held by a pending reservation that recovery will resolve. */
    public boolean isPointsStillReserved() {
        return pointsStillReserved;
    }

    /** True when repeating the request with the same request id can still succeed. */
    public boolean isRetryableWithSameRequestId() {
        return retryableWithSameRequestId;
    }
}
