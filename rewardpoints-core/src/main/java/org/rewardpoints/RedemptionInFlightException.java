package org.rewardpoints;

/**
 * A change had to wait for a coupon redemption of the account that is still in flight (its points
 * are reserved while the coupon is issued): returning an order whose reserved points would be
 * needed, or deleting the account. Nothing was changed. Repeat the call once the redemption has
 * completed, normally within the issuer's timeout; a redemption left pending by a crash is
 * resolved by {@link RewardPoints#recoverReservations}.
 */
public class RedemptionInFlightException extends ConflictException {
    private final String tenant;
    private final String customerId;

    public RedemptionInFlightException(String tenant, String customerId, String what) {
        super("Cannot " + what + " of customer '" + customerId + "' in tenant '" + tenant
                + "' while a coupon redemption holds its points; nothing was changed. Repeat once the redemption"
                + " has completed (a redemption left by a crash is resolved by recoverReservations)");
        this.tenant = tenant;
        this.customerId = customerId;
    }

    public String getTenant() {
        return tenant;
    }

    public String getCustomerId() {
        return customerId;
    }
}
