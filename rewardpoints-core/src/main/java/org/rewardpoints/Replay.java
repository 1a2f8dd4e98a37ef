package org.rewardpoints;

import java.util.Optional;

/**
 * The replay step of the write protocol: a key found means the change was made before. The stored
 * entry is compared with the request (before any configuration check, so that a replay returns
 * the first result whatever changed since); other content is a conflict whose message never names
 * another customer.
 */
final class Replay {
    /** Says how a stored entry differs from the request, or null when it is the same request. */
    @FunctionalInterface
    interface Difference<E> {
        String of(E stored);
    }

    private Replay() {
    }

    /**
     * The stored entry when it is a replay of the request.
     *
     * @throws IdempotencyConflictException when the key was used with other content
     */
    static <E> Optional<E> of(Optional<E> stored, String tenant, String key, Difference<E> difference) {
        stored.ifPresent(entry -> {
            String different = difference.of(entry);
            if (different != null) {
                throw new IdempotencyConflictException(tenant, key, different);
            }
        });
        return stored;
    }

    /** The difference in owner, worded without the other customer's identity; null when the same. */
    static String otherCustomer(String storedCustomerId, String customerId) {
        return storedCustomerId.equals(customerId) ? null : "first used for another customer";
    }
}
