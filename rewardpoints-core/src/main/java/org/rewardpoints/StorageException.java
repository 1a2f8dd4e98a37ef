package org.rewardpoints;

/**
 * The storage failed (connection lost, database error). The operation's atomic unit was rolled
 * back unless the message says the outcome is unknown; repeating an idempotent operation is safe.
 */
public class StorageException extends RewardPointsException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
