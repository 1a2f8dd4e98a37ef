package org.rewardpoints.spi;

import org.rewardpoints.RewardPointsException;

/**
 * Thrown by a {@link CouponIssuer} when the proposed code already belongs to another coupon.
 * Nothing was issued; the library proposes a new code under the same key.
 */
public class CouponCodeTakenException extends RewardPointsException {
    public CouponCodeTakenException(String code) {
        super("Coupon code '" + code + "' is already taken");
    }
}
