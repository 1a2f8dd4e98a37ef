package org.rewardpoints;

import java.time.LocalDate;

/**
 * Points of a customer that expire on one day ({@link RewardPoints#expiringPoints}).
 *
 * @param day    the day, in the zone asked for, on which they stop being usable
 * @param points remaining points of the lots expiring that day (reserved points excluded)
 */
public record ExpiringPoints(LocalDate day, long points) {
}
