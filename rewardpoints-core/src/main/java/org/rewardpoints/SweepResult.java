package org.rewardpoints;

/**
 * Outcome of {@link RewardPoints#sweepExpired}.
 *
 * @param accounts     accounts that got an expiry entry
 * @param lots         lots closed
 * @param points       points recorded as expired
 */
public record SweepResult(long accounts, long lots, long points) {
}
