package org.rewardpoints;

/**
 * An idempotency key (order id, add id, return id, redemption id) was replayed with different
 * content than its first use. The first use stands; nothing was changed.
 */
public class IdempotencyConflictException extends ConflictException {
    private final String tenant;
    private final String idempotencyKey;

    public IdempotencyConflictException(String tenant, String idempotencyKey, String difference) {
        super("Key '" + idempotencyKey + "' of tenant '" + tenant + "' was already used with other content: "
                + difference);
        this.tenant = tenant;
        this.idempotencyKey = idempotencyKey;
    }

    public String getTenant() {
        return tenant;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }
}
