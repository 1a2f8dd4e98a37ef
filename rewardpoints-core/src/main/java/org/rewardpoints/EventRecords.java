package org.rewardpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LotRecord;

/**
 * Events as stored rows, and back. The payload is a JSON object with the event's fields; the
 * balance after the change is a column of its own (a store computes it for a write-only credit).
 */
final class EventRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IdGenerator ids;

    EventRecords(IdGenerator ids) {
        this.ids = ids;
    }

    EventRecord credited(LotRecord lot) {
        ObjectNode payload = payload(LedgerEvent.Type.CREDITED, lot.tenant(), lot.customerId(), lot.id(), lot.points(),
                lot.createdAt());
        putIfPresent(payload, "orderId", lot.orderId());
        putIfPresent(payload, "referenceId", lot.referenceId());
        putIfPresent(payload, "description", lot.description());
        payload.put("validUntil", lot.validUntil().toString());
        if (lot.wasPending()) {
            payload.put("activatesAt", lot.activatesAt().toString());
        }
        return record(payload, lot.balanceAfter());
    }

    /** A pending lot's points became usable at {@code at}; the balance is the account's after that. */
    EventRecord activated(LotRecord lot, long balanceAfter, Instant at) {
        ObjectNode payload = payload(LedgerEvent.Type.ACTIVATED, lot.tenant(), lot.customerId(), lot.id(),
                lot.remaining(), at);
        putIfPresent(payload, "orderId", lot.orderId());
        payload.put("validUntil", lot.validUntil().toString());
        return record(payload, balanceAfter);
    }

    EventRecord debited(LedgerEvent.Type type, DebitRecord debit) {
        ObjectNode payload = payload(type, debit.tenant(), debit.customerId(), debit.id(), debit.points(), debit.createdAt());
        payload.put("kind", debit.kind().name());
        putIfPresent(payload, "orderId", debit.orderId());
        putIfPresent(payload, "description", debit.description());
        putIfPresent(payload, "redemptionOptionId", debit.redeemOptionId());
        putIfPresent(payload, "couponCode", debit.couponCode());
        return record(payload, debit.balanceAfter());
    }

    /** A lot expiring within {@code window}, as announced at {@code at}; the balance is the account's, unchanged. */
    EventRecord expiringSoon(LotRecord lot, long balance, Duration window, Instant at) {
        ObjectNode payload = payload(LedgerEvent.Type.EXPIRING_SOON, lot.tenant(), lot.customerId(), lot.id(),
                lot.remaining(), at);
        payload.put("validUntil", lot.validUntil().toString());
        payload.put("window", window.toString());
        return record(payload, balance);
    }

    EventRecord accountDeleted(String tenant, String customerId, Instant at) {
        return record(payload(LedgerEvent.Type.ACCOUNT_DELETED, tenant, customerId, null, 0, at), 0);
    }

    private ObjectNode payload(LedgerEvent.Type type, String tenant, String customerId, String entryId, long points,
                               Instant at) {
        ObjectNode payload = JSON.createObjectNode().put("id", ids.next()).put("type", type.name())
                .put("tenant", tenant).put("customerId", customerId);
        putIfPresent(payload, "entryId", entryId);
        return payload.put("points", points).put("occurredAt", at.toString());
    }

    private static void putIfPresent(ObjectNode payload, String field, String value) {
        if (value != null) {
            payload.put(field, value);
        }
    }

    private static EventRecord record(ObjectNode payload, long balanceAfter) {
        return new EventRecord(0, payload.get("id").asText(), payload.get("tenant").asText(),
                payload.get("customerId").asText(), payload.get("type").asText(),
                payload.hasNonNull("entryId") ? payload.get("entryId").asText() : null, payload.get("points").asLong(),
                balanceAfter, Instant.parse(payload.get("occurredAt").asText()), payload.toString(), 0);
    }

    /** The stored row as the public type. */
    static LedgerEvent toEvent(EventRecord record) {
        String couponCode = null;
        try {
            JsonNode code = JSON.readTree(record.payload()).get("couponCode");
            couponCode = code == null ? null : code.asText();
        } catch (JsonProcessingException e) {
            throw new StorageException("Event " + record.id() + " has a payload that is not JSON: " + e.getMessage(), e);
        }
        return new LedgerEvent(record.id(), record.position(), LedgerEvent.Type.valueOf(record.type()), record.tenant(),
                record.customerId(), record.entryId(), record.points(), record.balanceAfter(), couponCode,
                record.occurredAt(), record.payload());
    }
}
