package org.rewardpoints.spi;

import java.time.Instant;

/**
 * One customer of a page of {@link LedgerStore#customersWithExpiringLots}: what their lots hold
 * that expires in the window asked for.
 *
 * @param customerId          the customer
 * @param points              remaining points of the customer's lots expiring in the window, &gt; 0
 * @param earliestValidUntil  the soonest {@code validUntil} among those lots
 */
public record CustomerExpiry(String customerId, long points, Instant earliestValidUntil) {
}
