package org.rewardpoints.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.spi.DebitKind;

/** The library's real output matches the reference shapes, field names included. */
class RewardPointsJsonWriteTest {
    private static final Instant NOW = Instant.parse("2020-09-03T09:45:02.248Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RewardPoints rewardPoints;

    @BeforeEach
    void createLedger() {
        rewardPoints = RewardPoints.builder()
                .store(new InMemoryLedgerStore())
                .settings(new InMemorySettingsStore().put("t", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @Test
    void summary_ofRealLedgerMatchesReferenceSchema() {
        rewardPoints.orderCompleted(OrderCompletion.of("t", "main", "c1", "B7011746", "209.99", "EUR"));
        rewardPoints.addPoints(AddPoints.of("t", "c1", 50));
        rewardPoints.addPoints(AddPoints.of("t", "c1", 20).withId("manual-1").withReferenceId("ticket-7")
                .withDescription("Sorry for the delay"));
        rewardPoints.redeemPoints(RedeemPoints.of("t", "c1", 100).withDescription("Goodwill"));
        rewardPoints.redeemPoints(RedeemPoints.of("t", "c1", 10));
        PointsSummary summary = rewardPoints.summary("t", "c1");

        String json = RewardPointsJson.write(summary);

        JsonSchemas.assertValid("pointsSummaryOut", json);
        JsonNode tree = read(json);
        assertThat(tree.get("activePoints").asLong()).isEqualTo(169);
        JsonNode order = tree.at("/summary/addedPointsList/0");
        assertThat(order.get("reference-id").asText()).isEqualTo("B7011746");
        assertThat(order.get("points").asLong()).isEqualTo(209);
        assertThat(order.get("createdAt").asText()).isEqualTo("2020-09-03T09:45:02.248+00:00");
        assertThat(order.get("validUntil").asText()).isEqualTo("2021-09-03T09:45:02.248+00:00");
        assertThat(order.get("usedWith")).hasSize(2);
        assertThat(tree.at("/summary/addedPointsList/1/reference-id").isNull()).isTrue();
        assertThat(tree.at("/summary/addedPointsList/2/description").asText()).isEqualTo("Sorry for the delay");
        assertThat(tree.at("/summary/redeemedPointsList/0/allPointsAfterCreation").asLong()).isEqualTo(179);
        assertThat(tree.at("/summary/redeemedPointsList/1").has("description")).isFalse();
    }

    @Test
    void summary_isWrittenInTheReferenceShapeAndOrder() {
        Instant created = Instant.parse("2020-09-03T09:45:02.248Z");
        PointsSummary summary = new PointsSummary("123", 1153,
                List.of(new AddedPoints("zzpscd12uimlmybtthb", "B7011746", "Bonus", 209, created,
                        Instant.parse("2023-09-02T22:00:00Z"), 209, List.of("e7522b99"), 209)),
                List.of(new RedeemedPoints("e7522b99", DebitKind.COUPON_REDEMPTION, "5 Euro", 600,
                        Instant.parse("2020-09-03T12:44:22.747Z"), 2953, "L-232394")));

        assertThat(RewardPointsJson.write(summary)).isEqualTo("{\"customerId\":\"123\",\"activePoints\":1153,"
                + "\"summary\":{\"addedPointsList\":[{\"id\":\"zzpscd12uimlmybtthb\",\"reference-id\":\"B7011746\","
                + "\"description\":\"Bonus\",\"points\":209,\"createdAt\":\"2020-09-03T09:45:02.248+00:00\","
                + "\"allPointsAfterCreation\":209,\"usedPoints\":209,\"validUntil\":\"2023-09-02T22:00:00.000+00:00\","
                + "\"usedWith\":[\"e7522b99\"]}],\"redeemedPointsList\":[{\"id\":\"e7522b99\",\"description\":\"5 Euro\","
                + "\"points\":600,\"createdAt\":\"2020-09-03T12:44:22.747+00:00\",\"allPointsAfterCreation\":2953}]}}");
    }

    @Test
    void couponCodes_areAnExtensionWrittenOnlyWhenAskedFor() {
        RedeemedPoints coupon = new RedeemedPoints("e7522b99", DebitKind.COUPON_REDEMPTION, "5 Euro", 600,
                Instant.parse("2020-09-03T12:44:22.747Z"), 2953, "L-232394");
        PointsSummary summary = new PointsSummary("123", 0, List.of(), List.of(coupon));

        assertThat(RewardPointsJson.write(coupon)).doesNotContain("couponCode");
        assertThat(RewardPointsJson.writeWithCouponCodes(coupon)).isEqualTo("{\"id\":\"e7522b99\","
                + "\"description\":\"5 Euro\",\"points\":600,\"createdAt\":\"2020-09-03T12:44:22.747+00:00\","
                + "\"allPointsAfterCreation\":2953,\"couponCode\":\"L-232394\"}");
        assertThat(read(RewardPointsJson.writeWithCouponCodes(summary)).at("/summary/redeemedPointsList/0/couponCode")
                .asText()).isEqualTo("L-232394");
        JsonSchemas.assertValid("pointsSummaryOut", RewardPointsJson.write(summary));
        assertThat(JsonSchemas.errors("pointsSummaryOut", RewardPointsJson.writeWithCouponCodes(summary))).isNotEmpty();
    }

    @Test
    void addedAndRedeemedPoints_matchTheirSchemasAlone() {
        AddedPoints added = rewardPoints.addPoints(AddPoints.of("t", "c1", 50));
        RedeemedPoints redeemed = rewardPoints.redeemPoints(RedeemPoints.of("t", "c1", 20).withDescription("Shipping"));

        JsonSchemas.assertValid("addedPoints", RewardPointsJson.write(added));
        JsonSchemas.assertValid("redeemedPoints", RewardPointsJson.write(redeemed));
    }

    @Test
    void summaries_streamAsArrayMatchingBatchSchemaWithoutClosingWriter() {
        rewardPoints.addPoints(AddPoints.of("t", "a", 5));
        rewardPoints.addPoints(AddPoints.of("t", "b", 7));
        StringWriter out = new StringWriter() {
            @Override
            public void close() {
                throw new AssertionError("the caller's writer must stay open");
            }
        };

        RewardPointsJson.writeSummaries(rewardPoints.streamSummaries("t"), out);

        JsonSchemas.assertValid("customerSummaryBatchOut", out.toString());
        assertThat(read(out.toString())).hasSize(2);
    }

    @Test
    void summaries_cutShortByFailureAreNotClosedAsComplete() {
        Stream<PointsSummary> failing = Stream.concat(Stream.of(new PointsSummary("a", 0, List.of(), List.of())),
                Stream.<PointsSummary>generate(() -> {
                    throw new IllegalStateException("storage gone");
                }).limit(1));
        StringWriter out = new StringWriter();

        assertThatThrownBy(() -> RewardPointsJson.writeSummaries(failing, out)).hasMessage("storage gone");
        assertThat(out.toString()).startsWith("[{\"customerId\":\"a\"").doesNotEndWith("]");
    }

    @Test
    void summaries_ofNoCustomerAreEmptyArray() {
        StringWriter out = new StringWriter();

        RewardPointsJson.writeSummaries(Stream.empty(), out);

        assertThat(out).hasToString("[]");
    }

    @Test
    void redemptionOption_withAbsoluteCouponMatchesSchemaAndLeavesOutTenant() {
        RedemptionOption option = option(new CouponTemplate("10 Euro", "From 1000 points", DiscountType.ABSOLUTE,
                null, new BigDecimal("10.00"), Currency.getInstance("EUR"), true, 1));

        String json = RewardPointsJson.write(option);

        JsonSchemas.assertValid("redeemOption", json);
        JsonNode tree = read(json);
        assertThat(tree.get("type").asText()).isEqualTo("coupon");
        assertThat(tree.has("tenant")).isFalse();
        assertThat(tree.at("/coupon/discountAbsolute/amount").decimalValue()).isEqualByComparingTo("10");
        assertThat(tree.at("/coupon/discountAbsolute/currency").asText()).isEqualTo("EUR");
        assertThat(tree.at("/metadata/version").asLong()).isEqualTo(3);
        assertThat(tree.at("/metadata/modifiedAt").asText()).isEqualTo("2023-07-26T08:00:00.000+00:00");
    }

    @Test
    void redemptionOption_withPercentCouponMatchesSchema() {
        RedemptionOption option = option(CouponTemplate.percent("Tenth off", "10"));

        String json = RewardPointsJson.write(option);

        JsonSchemas.assertValid("redeemOption", json);
        JsonSchemas.assertValid("coupon", read(json).get("coupon").toString());
        assertThat(read(json).at("/coupon/discountPercentage").asInt()).isEqualTo(10);
        assertThat(read(json).at("/coupon").has("discountAbsolute")).isFalse();
    }

    @Test
    void redemptionOptions_areWrittenAsArray() {
        JsonNode options = read(RewardPointsJson.writeRedemptionOptions(List.of(option(CouponTemplate.percent("A", "5")),
                option(CouponTemplate.absolute("B", "5", "EUR")))));

        assertThat(options).hasSize(2);
        options.forEach(option -> JsonSchemas.assertValid("redeemOption", option.toString()));
    }

    @Test
    void decimals_areWrittenPlain() {
        RedemptionOption option = option(CouponTemplate.absolute("B", "1E+1", "EUR"));

        assertThat(RewardPointsJson.write(option)).contains("\"amount\":10,");
    }

    @Test
    void couponCode_isWrittenAsRedeemCouponOut() {
        String json = RewardPointsJson.writeCouponCode("RP-7KX3M9QT");

        assertThat(json).isEqualTo("{\"code\":\"RP-7KX3M9QT\"}");
        JsonSchemas.assertValid("redeemCouponOut", json);
    }

    @Test
    void module_writesTheSameShapesWithAnyObjectMapper() throws Exception {
        AddedPoints added = rewardPoints.addPoints(AddPoints.of("t", "c1", 50).withReferenceId("r"));
        ObjectMapper own = new ObjectMapper().registerModule(RewardPointsJson.module());

        assertThat(own.writeValueAsString(added)).isEqualTo(RewardPointsJson.write(added));
        assertThat(own.writeValueAsString(List.of(added))).isEqualTo("[" + RewardPointsJson.write(added) + "]");
    }

    @Test
    void format_writesUtcWithMillisecondsAndCutsFinerDigits() {
        assertThat(RewardPointsJson.format(Instant.parse("2023-09-02T22:00:00Z"))).isEqualTo("2023-09-02T22:00:00.000+00:00");
        assertThat(RewardPointsJson.format(Instant.parse("2020-09-03T09:45:02.248999Z")))
                .isEqualTo("2020-09-03T09:45:02.248+00:00");
    }

    private static RedemptionOption option(CouponTemplate coupon) {
        Instant created = Instant.parse("2023-07-25T13:28:25.960Z");
        return new RedemptionOption("5f905280df6b3b0013b6c541", "t", "10 Euro Gutschein", "For 90 points", 90, coupon, 3,
                created, created.plus(Duration.ofHours(18).plusMinutes(31).plusSeconds(34).plusMillis(40)));
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
