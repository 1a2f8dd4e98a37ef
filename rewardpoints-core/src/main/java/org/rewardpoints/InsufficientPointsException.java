package org.rewardpoints;

/** A debit asked for more points than the account has active. Nothing was changed. */
public class InsufficientPointsException extends RewardPointsException {
    private final String tenant;
    private final String customerId;
    private final long requested;
    private final long available;

    public InsufficientPointsException(String tenant, String customerId, long requested, long available) {
        super("Customer '" + customerId + "' of tenant '" + tenant + "' has " + available
                + " active points, " + requested + " requested");
        this.tenant = tenant;
        this.customerId = customerId;
        this.requested = requested;
        this.available = available;
    }

    public String getTenant() {
        return tenant;
    }

    public String getCustomerId() {
        return customerId;
    }

    public long getRequested() {
        return requested;
    }

    public long getAvailable() {
        return available;
    }
}
