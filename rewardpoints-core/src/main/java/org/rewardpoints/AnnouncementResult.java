package org.rewardpoints;

/**
 * Outcome of {@link RewardPoints#announceExpiringSoon}.
 *
 * @param accounts accounts that got at least one {@link LedgerEvent.Type#EXPIRING_SOON} event
 * @param lots     lots announced: one event each
 * @param points   remaining points of the announced lots
 */
public record AnnouncementResult(long accounts, long lots, long points) {
}
