package org.rewardpoints;

import java.time.Instant;

/**
 * A customer with points expiring in a window ({@link RewardPoints#customersWithExpiringPoints}).
 *
 * @param customerId     the customer
 * @param points         remaining points of the customer's lots expiring in the window (points
 *                       held by pending coupon reservations excluded)
 * @param earliestExpiry the soonest {@code validUntil} among those lots
 */
public record ExpiringCustomer(String customerId, long points, Instant earliestExpiry) {
}
