package org.rewardpoints;

import java.time.Instant;

/**
 * An as-of read for an instant before the customer's account existed (before it was created, or,
 * after an erasure, before the account created since). Nothing was changed.
 */
public class InstantBeforeAccountException extends InvalidInputException {
    private final String tenant;
    private final String customerId;
    private final Instant accountCreatedAt;

    public InstantBeforeAccountException(String tenant, String customerId, Instant instant, Instant accountCreatedAt) {
        super("instant", instant, "is before the account of customer '" + customerId + "' in tenant '" + tenant
                + "' existed (created " + accountCreatedAt + ")");
        this.tenant = tenant;
        this.customerId = customerId;
        this.accountCreatedAt = accountCreatedAt;
    }

    public String getTenant() {
        return tenant;
    }

    public String getCustomerId() {
        return customerId;
    }

    public Instant getAccountCreatedAt() {
        return accountCreatedAt;
    }
}
