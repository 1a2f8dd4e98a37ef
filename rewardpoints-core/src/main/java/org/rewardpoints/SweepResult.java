package org.rewardpoints;

/**
 * Outcome of {@link RewardPoints#sweepExpired}, and of {@link RewardPoints#recordActivations}.
 *
 * @param accounts     accounts that got an expiry entry (activations recorded)
 * @param lots         lots closed (activated)
 * @param points       points recorded as expired (activated)
 */
public record SweepResult(long accounts, long lots, long points) {
}
