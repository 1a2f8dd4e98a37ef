package org.rewardpoints;

/** The request contradicts the current state (existing account, replayed key, stale version). */
public class ConflictException extends RewardPointsException {
    public ConflictException(String message) {
        super(message);
    }
}
