package org.rewardpoints;

/**
 * Root of every exception the library throws. Unchecked; subclasses carry the ids involved.
 * Domain failures ({@link InvalidInputException}, {@link NotFoundException},
 * {@link ConflictException}, {@link InsufficientPointsException}) are separate from
 * infrastructure failures ({@link StorageException}).
 */
public class RewardPointsException extends RuntimeException {
    public RewardPointsException(String message) {
        super(message);
    }

    public RewardPointsException(String message, Throwable cause) {
        super(message, cause);
    }
}
