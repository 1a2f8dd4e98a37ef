package org.rewardpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
        Payload payload = payload(LedgerEvent.Type.CREDITED, lot.tenant(), lot.customerId(), lot.id(), lot.points(),
                lot.createdAt()).text("orderId", lot.orderId()).text("referenceId", lot.referenceId())
                .text("description", lot.description()).instant("validUntil", lot.validUntil());
        if (lot.wasPending()) {
            payload.instant("activatesAt", lot.activatesAt());
        }
        return payload.record(lot.balanceAfter());
    }

    /** A pending lot's points became usable at {@code at}; the balance is the account's after that. */
    EventRecord activated(LotRecord lot, long balanceAfter, Instant at) {
        return payload(LedgerEvent.Type.ACTIVATED, lot.tenant(), lot.customerId(), lot.id(), lot.remaining(), at)
                .text("orderId", lot.orderId()).instant("validUntil", lot.validUntil()).record(balanceAfter);
    }

    EventRecord debited(LedgerEvent.Type type, DebitRecord debit) {
        return payload(type, debit.tenant(), debit.customerId(), debit.id(), debit.points(), debit.createdAt())
                .text("kind", debit.kind().name()).text("orderId", debit.orderId())
                .text("description", debit.description()).text("redemptionOptionId", debit.redeemOptionId())
                .text("couponCode", debit.couponCode()).record(debit.balanceAfter());
    }

    /** A lot expiring within {@code window}, as announced at {@code at}; the balance is the account's, unchanged. */
    EventRecord expiringSoon(LotRecord lot, long balance, Duration window, Instant at) {
        return payload(LedgerEvent.Type.EXPIRING_SOON, lot.tenant(), lot.customerId(), lot.id(), lot.remaining(), at)
                .instant("validUntil", lot.validUntil()).text("window", window.toString()).record(balance);
    }

    EventRecord accountDeleted(String tenant, String customerId, Instant at) {
        return payload(LedgerEvent.Type.ACCOUNT_DELETED, tenant, customerId, null, 0, at).record(0);
    }

    private Payload payload(LedgerEvent.Type type, String tenant, String customerId, String entryId, long points,
                            Instant at) {
        return new Payload(ids.next(), type, tenant, customerId, entryId, points, at);
    }

    /**
     * An event's payload, written field by field as the JSON object Jackson wrote from an
     * {@code ObjectNode} of the same fields in the same order, so that consumers read the same
     * bytes: no spaces; in strings a quote, a backslash and the control characters below U+0020
     * escaped as Jackson escapes them (the short escapes for backspace, tab, line feed, form feed
     * and carriage return, six-character escapes with capital hex digits for the others), every
     * other character as it is. Fields whose value is null are left out. The record's columns
     * come from the values themselves.
     */
    static final class Payload {
        private static final char[] HEX = "0123456789ABCDEF".toCharArray();
        private static final long FIRST_SECOND_OF_YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
        private static final long FIRST_SECOND_OF_YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

        private final StringBuilder json = new StringBuilder(512).append('{');
        private final String id;
        private final LedgerEvent.Type type;
        private final String tenant;
        private final String customerId;
        private final String entryId;
        private final long points;
        private final Instant at;

        Payload(String id, LedgerEvent.Type type, String tenant, String customerId, String entryId, long points,
                Instant at) {
            this.id = id;
            this.type = type;
            this.tenant = tenant;
            this.customerId = customerId;
            this.entryId = entryId;
            this.points = points;
            this.at = at;
            text("id", id).text("type", type.name()).text("tenant", tenant).text("customerId", customerId)
                    .text("entryId", entryId);
            name("points").append(points);
            instant("occurredAt", at);
        }

        /** Adds the field unless {@code value} is null. */
        Payload text(String field, String value) {
            if (value != null) {
                quoted(name(field), value);
            }
            return this;
        }

        /** Adds the instant as {@link Instant#toString()} writes it. */
        Payload instant(String field, Instant value) {
            appendInstant(name(field).append('"'), value).append('"');
            return this;
        }

        EventRecord record(long balanceAfter) {
            return new EventRecord(0, id, tenant, customerId, type.name(), entryId, points, balanceAfter, at,
                    json.append('}').toString(), 0);
        }

        private StringBuilder name(String field) {
            if (json.length() > 1) {
                json.append(',');
            }
            return quoted(json, field).append(':');
        }

        /**
         * {@link Instant#toString()} (ISO-8601, {@code DateTimeFormatter.ISO_INSTANT}) without its
         * formatter's intermediate strings, for the years 0 to 9999; other instants as it writes them.
         */
        static StringBuilder appendInstant(StringBuilder out, Instant instant) {
            long seconds = instant.getEpochSecond();
            if (seconds < FIRST_SECOND_OF_YEAR_0 || seconds >= FIRST_SECOND_OF_YEAR_10000) {
                return out.append(instant);
            }
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
            int secondOfDay = Math.floorMod(seconds, 86_400);
            digits(out, date.getYear(), 4).append('-');
            digits(out, date.getMonthValue(), 2).append('-');
            digits(out, date.getDayOfMonth(), 2).append('T');
            digits(out, secondOfDay / 3600, 2).append(':');
            digits(out, secondOfDay / 60 % 60, 2).append(':');
            digits(out, secondOfDay % 60, 2);
            int nanos = instant.getNano();
            if (nanos != 0) {
                out.append('.');
                if (nanos % 1_000_000 == 0) {
                    digits(out, nanos / 1_000_000, 3);
                } else if (nanos % 1000 == 0) {
                    digits(out, nanos / 1000, 6);
                } else {
                    digits(out, nanos, 9);
                }
            }
            return out.append('Z');
        }

        /** {@code value} (at least 0, less than 10 to the {@code width}) in exactly {@code width} digits. */
        private static StringBuilder digits(StringBuilder out, int value, int width) {
            int divisor = 1;
            for (int i = 1; i < width; i++) {
                divisor *= 10;
            }
            for (; divisor > 0; divisor /= 10) {
                out.append((char) ('0' + value / divisor % 10));
            }
            return out;
        }

        private static StringBuilder quoted(StringBuilder out, String value) {
            out.append('"');
            int plainFrom = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                out.append(value, plainFrom, i).append('\\');
                switch (c) {
                    case '"', '\\' -> out.append(c);
                    case '\b' -> out.append('b');
                    case '\t' -> out.append('t');
                    case '\n' -> out.append('n');
                    case '\f' -> out.append('f');
                    case '\r' -> out.append('r');
                    default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
                plainFrom = i + 1;
            }
            return out.append(value, plainFrom, value.length()).append('"');
        }
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
