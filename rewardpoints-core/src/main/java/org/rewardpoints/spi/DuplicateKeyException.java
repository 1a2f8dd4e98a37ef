package org.rewardpoints.spi;

import org.rewardpoints.StorageException;

/**
 * Thrown by a store when a write would break a uniqueness rule: an idempotency key or an id
 * already used in the tenant, or an account that already exists. The whole atomic unit has been
 * rolled back. The core reacts by re-running the unit, which then sees the existing record; it
 * never reaches callers of the public API except after repeated failures.
 */
public class DuplicateKeyException extends StorageException {
    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
