package org.rewardpoints;

import java.time.Instant;

/**
 * A credit as it stood at an earlier instant ({@link RewardPoints#lotsAsOf}).
 *
 * @param id              lot id
 * @param referenceId     reference, or null
 * @param description     text, or null
 * @param points          points credited
 * @param createdAt       when credited, at or before the instant
 * @param validUntil      first instant the points are no longer usable
 * @param remainingPoints points not yet taken then by redemptions, coupon reservations held or
 *                        confirmed by then, reversals or settled debt: usable then unless
 *                        {@code expired}; for an expired lot, the points that expired unused
 *                        (whether or not the expiry sweep had recorded it then)
 * @param expired         whether {@code validUntil} was at or before the instant
 * @param pending         whether the points were still pending then (credited, not yet activated):
 *                        held, not usable
 */
public record LotAsOf(String id, String referenceId, String description, long points, Instant createdAt,
                      Instant validUntil, long remainingPoints, boolean expired, boolean pending) {
}
