package org.rewardpoints.spi;

/** Identifies one account: a customer in a tenant. */
public record AccountKey(String tenant, String customerId) {
}
