package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.spi.DebitKind;
import org.rewardpoints.spi.DebitRecord;
import org.rewardpoints.spi.DebitStatus;
import org.rewardpoints.spi.EventRecord;
import org.rewardpoints.spi.LotRecord;

/** The payloads are the bytes Jackson wrote from an {@code ObjectNode} of the same fields, which consumers read. */
class EventRecordsTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T07:20:36.123456Z");
    private static final EventRecords EVENTS = new EventRecords(new IdGenerator(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void payload_escapesEveryCharacterAsJackson() {
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            String text = "a" + (char) c + "b";
            assertThat(payloadWith(text)).as("character U+%04X", c).isEqualTo(jacksonWith(text));
        }
    }

    @Test
    void payload_writesTextAsJacksonDoes() {
        char[] alphabet = {'"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'a', 'é', '\u2028', '\ud83d',
            '\ude00', '\uffff', ' ', '{', ':'};
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertThat(payloadWith(text.toString())).isEqualTo(jacksonWith(text.toString()));
        }
    }

    @Test
    void payload_writesInstantsAsInstantToString() {
        SplittableRandom random = new SplittableRandom(7);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 86_400;
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 86_400;
        int[] nanos = {0, 1, 999_999_999, 123_000_000, 123_456_000, 123_456_789, 100_000, 1_000, 10_000_000};
        for (int n = 0; n < 100_000; n++) {
            long seconds = n % 2 == 0 ? random.nextLong(first, last) : random.nextLong(-4_000_000_000L, 4_000_000_000L);
            if (n % 3 == 0) {
                seconds -= Math.floorMod(seconds, 60); // whole minutes
            }
            Instant instant = Instant.ofEpochSecond(seconds, n % 5 == 0 ? random.nextInt(1_000_000_000)
                    : nanos[random.nextInt(nanos.length)]);
            assertThat(EventRecords.Payload.appendInstant(new StringBuilder(), instant).toString())
                    .isEqualTo(instant.toString());
        }
        for (Instant edge : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertThat(EventRecords.Payload.appendInstant(new StringBuilder(), edge).toString())
                    .isEqualTo(edge.toString());
        }
    }

    @Test
    void credited_writesTheFieldsOfTheLotInJacksonsOrder() {
        LotRecord lot = new LotRecord("lot-1", "t\"1", "c\\1", "order:o-1", "o-1", new BigDecimal("25.00"), "EUR",
                "ref \n 1", "Order o-1", 25, 25, NOW, NOW.plus(Duration.ofDays(365)), NOW.plusSeconds(60), 125);

        EventRecord credited = EVENTS.credited(lot);

        ObjectNode expected = base(credited, "CREDITED", "t\"1", "c\\1", "lot-1", 25, NOW).put("orderId", "o-1")
                .put("referenceId", "ref \n 1").put("description", "Order o-1")
                .put("validUntil", lot.validUntil().toString()).put("activatesAt", lot.activatesAt().toString());
        assertThat(credited.payload()).isEqualTo(expected.toString());
        assertThat(credited).isEqualTo(new EventRecord(0, credited.id(), "t\"1", "c\\1", "CREDITED", "lot-1", 25, 125,
                NOW, expected.toString(), 0));
    }

    @Test
    void credited_leavesOutWhatTheLotHasNot() {
        LotRecord lot = new LotRecord("lot-2", "t", "c", null, null, null, null, null, null, 5, 5, NOW,
                Instant.parse("2027-01-01T00:00:00Z"), 0);

        EventRecord credited = EVENTS.credited(lot);

        assertThat(credited.payload()).isEqualTo(base(credited, "CREDITED", "t", "c", "lot-2", 5, NOW)
                .put("validUntil", "2027-01-01T00:00:00Z").toString());
    }

    @Test
    void debited_activated_expiringSoon_accountDeleted_writeTheirFieldsInJacksonsOrder() {
        DebitRecord debit = new DebitRecord("d-1", "t", "c", DebitKind.REDEMPTION, DebitStatus.CONFIRMED, "redeem:r",
                "o-1", null, "Coupon", 100, 100, NOW, 20, "opt-1", "RP-CODE", null);
        LotRecord lot = new LotRecord("lot-3", "t", "c", "order:o-3", "o-3", BigDecimal.TEN, "EUR", null, null, 10, 7,
                NOW.minusSeconds(5), NOW.plus(Duration.ofDays(3)), NOW, 7);

        EventRecord debited = EVENTS.debited(LedgerEvent.Type.DEBITED, debit);
        EventRecord activated = EVENTS.activated(lot, 70, NOW);
        EventRecord expiring = EVENTS.expiringSoon(lot, 70, Duration.ofDays(30), NOW);
        EventRecord deleted = EVENTS.accountDeleted("t", "c", NOW);

        assertThat(debited.payload()).isEqualTo(base(debited, "DEBITED", "t", "c", "d-1", 100, NOW)
                .put("kind", "REDEMPTION").put("orderId", "o-1").put("description", "Coupon")
                .put("redemptionOptionId", "opt-1").put("couponCode", "RP-CODE").toString());
        assertThat(activated.payload()).isEqualTo(base(activated, "ACTIVATED", "t", "c", "lot-3", 7, NOW)
                .put("orderId", "o-3").put("validUntil", lot.validUntil().toString()).toString());
        assertThat(expiring.payload()).isEqualTo(base(expiring, "EXPIRING_SOON", "t", "c", "lot-3", 7, NOW)
                .put("validUntil", lot.validUntil().toString()).put("window", "PT720H").toString());
        assertThat(deleted.payload()).isEqualTo(JACKSON.createObjectNode().put("id", deleted.id())
                .put("type", "ACCOUNT_DELETED").put("tenant", "t").put("customerId", "c").put("points", 0L)
                .put("occurredAt", NOW.toString()).toString());
        assertThat(deleted.entryId()).isNull();
        assertThat(debited.balanceAfter()).isEqualTo(20);
        assertThat(activated.balanceAfter()).isEqualTo(70);
    }

    private static String payloadWith(String text) {
        return new EventRecords.Payload("id-1", LedgerEvent.Type.DEBITED, "t", "c", null, 1, NOW)
                .text("description", text).record(0).payload();
    }

    private static String jacksonWith(String text) {
        return JACKSON.createObjectNode().put("id", "id-1").put("type", "DEBITED").put("tenant", "t")
                .put("customerId", "c").put("points", 1L).put("occurredAt", NOW.toString()).put("description", text)
                .toString();
    }

    private static ObjectNode base(EventRecord record, String type, String tenant, String customerId, String entryId,
                                   long points, Instant at) {
        return JACKSON.createObjectNode().put("id", record.id()).put("type", type).put("tenant", tenant)
                .put("customerId", customerId).put("entryId", entryId).put("points", points)
                .put("occurredAt", at.toString());
    }
}
