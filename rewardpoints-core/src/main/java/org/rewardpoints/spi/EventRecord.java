package org.rewardpoints.spi;

import java.time.Instant;

/**
 * An event as stored: a row written in the same atomic unit as the change it tells of.
 *
 * @param position     assigned by the store on insert (0 before): increases with every event
 *                     inserted, so the events of one account are in the order of its units
 * @param id           unique, time-ordered; consumers de-duplicate by it
 * @param tenant       tenant
 * @param customerId   customer
 * @param type         the {@code org.rewardpoints.LedgerEvent.Type} name
 * @param entryId      the lot or debit the change wrote, or null (account deleted)
 * @param points       points credited or taken
 * @param balanceAfter the account's active points right after the change
 * @param occurredAt   when the change was made
 * @param payload      the event as a JSON object
 * @param attempts     failed deliveries so far (kept by the store)
 */
public record EventRecord(long position, String id, String tenant, String customerId, String type, String entryId,
                          long points, long balanceAfter, Instant occurredAt, String payload, int attempts) {

    public EventRecord withPosition(long newPosition) {
        return new EventRecord(newPosition, id, tenant, customerId, type, entryId, points, balanceAfter, occurredAt,
                payload, attempts);
    }

    public EventRecord withBalanceAfter(long newBalanceAfter) {
        return new EventRecord(position, id, tenant, customerId, type, entryId, points, newBalanceAfter, occurredAt,
                payload, attempts);
    }

    public EventRecord withAttempts(int newAttempts) {
        return new EventRecord(position, id, tenant, customerId, type, entryId, points, balanceAfter, occurredAt,
                payload, newAttempts);
    }
}
