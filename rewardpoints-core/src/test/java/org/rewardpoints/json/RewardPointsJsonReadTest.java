package org.rewardpoints.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;

/** The readers accept the reference API's request examples and refuse bad bodies, naming the field. */
class RewardPointsJsonReadTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PERCENT_OPTION = """
            {"type": "coupon", "name": "Tenth off", "points": 100,
             "coupon": {"name": "10 %", "discountType": "PERCENT", "discountPercentage": 10}}""";

    @Test
    void addPoints_readsReferenceExampleIgnoringReadOnlyFields() {
        AddPoints add = RewardPointsJson.readAddPoints(example("add-points-request.json"), "t", "main", "c1");

        assertThat(add).isEqualTo(new AddPoints("t", "main", "c1", "12345fee-0b83-48aa-95dc-11e3dcf84aaa", "123456",
                "points added", 123, Instant.parse("2029-08-24T14:15:22Z")));
    }

    @Test
    void addPoints_needsOnlyPoints() {
        assertThat(RewardPointsJson.readAddPoints("{\"points\": 5, \"reference-id\": null, \"unknown\": [1]}", "t", "main", "c1"))
                .isEqualTo(AddPoints.of("t", "c1", 5));
    }

    @Test
    void addPoints_readsValidUntilWithAnyOffset() {
        AddPoints add = RewardPointsJson.readAddPoints("{\"points\": 5, \"validUntil\": \"2029-08-24T16:15:22.5+02:00\"}",
                "t", "main", "c1");

        assertThat(add.validUntil()).isEqualTo(Instant.parse("2029-08-24T14:15:22.5Z"));
    }

    @Test
    void redeemPoints_readsReferenceExample() {
        RedeemPoints redeem = RewardPointsJson.readRedeemPoints(example("redeem-points-request.json"), "t", "c1");

        assertThat(redeem).isEqualTo(RedeemPoints.of("t", "c1", 50).withDescription("points redeemed"));
    }

    @Test
    void redeemPoints_readsOptionalId() {
        RedeemPoints redeem = RewardPointsJson.readRedeemPoints("{\"id\": \"r-1\", \"points\": 5}", "t", "c1");

        assertThat(redeem).isEqualTo(new RedeemPoints("t", "c1", "r-1", null, 5));
    }

    @Test
    void newCustomer_readsReferenceExampleWithStartPoints() {
        NewCustomerRequest request = RewardPointsJson.readNewCustomer(example("new-customer-request.json"), "t", "main");

        assertThat(request.customerId()).isEqualTo("C4289081720");
        assertThat(request.startPoints()).isEqualTo(new AddPoints("t", "main", "C4289081720",
                "12345fee-0b83-48aa-95dc-11e3dcf84aaa", "123456", "points added", 20, Instant.parse("2019-08-24T14:15:22Z")));
    }

    @Test
    void newCustomer_withoutStartPointsIsAnEmptyAccount() {
        NewCustomerRequest request = RewardPointsJson.readNewCustomer("{\"customerId\": \"c1\"}", "t", "main");

        assertThat(request).isEqualTo(new NewCustomerRequest("c1", null));
    }

    @Test
    void redemptionOption_readsReferenceCreateExample() {
        RedemptionOptionRequest request = RewardPointsJson.readRedemptionOption(example("redeem-option-create-request.json"));

        assertThat(request.version()).isNull();
        RedemptionOptionDraft draft = request.draft();
        assertThat(draft.name()).isEqualTo("10 Euro Gutschein");
        assertThat(draft.description()).startsWith("Für 90 Punkte");
        assertThat(draft.points()).isEqualTo(90);
        assertThat(draft.coupon()).isEqualTo(new CouponTemplate("Gutschein über 10 Euro (eingelöste Bonuspunkte)",
                "Gutschein über 10 Euro aus 1000 Bonuspunkte", DiscountType.ABSOLUTE, null, BigDecimal.TEN,
                Currency.getInstance("EUR"), true, 1));
    }

    @Test
    void redemptionOption_readsVersionOfReferenceUpdateExample() {
        RedemptionOptionRequest request = RewardPointsJson.readRedemptionOption(example("redeem-option-update-request.json"));

        assertThat(request.version()).isEqualTo(1);
        assertThat(request.draft().points()).isEqualTo(90);
    }

    @Test
    void redemptionOption_defaultsCouponToNotAnonymousAndOneRedemption() {
        CouponTemplate coupon = RewardPointsJson.readRedemptionOption(PERCENT_OPTION).draft().coupon();

        assertThat(coupon).isEqualTo(CouponTemplate.percent("10 %", "10"));
        assertThat(coupon.allowAnonymous()).isFalse();
        assertThat(coupon.maxRedemptions()).isEqualTo(1);
    }

    @Test
    void redemptionOption_acceptsTheReferenceCouponFieldsThatStateWhatTheLibraryDoes() {
        // what a client generated from the reference description sends by default, plus status VALID
        String json = """
                {"id": "ignored", "type": "coupon", "name": "10 %", "points": 50,
                 "coupon": {"name": "10 %", "discountType": "PERCENT", "discountPercentage": 10, "status": "VALID",
                            "allowAnonymous": false, "maxRedemptions": -1, "maxRedemptionsPerCustomer": -1,
                            "links": [], "redemptionCount": 0, "deleted": false, "restrictions": {"validFor": []}}}""";

        CouponTemplate coupon = RewardPointsJson.readRedemptionOption(json).draft().coupon();

        assertThat(coupon.maxRedemptions()).isEqualTo(-1);
        assertThat(RewardPointsJson.readRedemptionOption(json.replace("\"maxRedemptions\": -1", "\"maxRedemptions\": 2")
                .replace("\"maxRedemptionsPerCustomer\": -1", "\"maxRedemptionsPerCustomer\": 2")).draft().coupon()
                .maxRedemptions()).isEqualTo(2);
    }

    @Test
    void redemptionOption_readsBackWhatTheWriterWrote() {
        CouponTemplate coupon = new CouponTemplate("5 EUR", "gift", DiscountType.ABSOLUTE, null, new BigDecimal("5.50"),
                Currency.getInstance("CHF"), true, -1);
        RedemptionOption option = new RedemptionOption("o1", "t", "Five", "desc", 500, coupon, 4,
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"));

        RedemptionOptionRequest request = RewardPointsJson.readRedemptionOption(RewardPointsJson.write(option));

        assertThat(request).isEqualTo(new RedemptionOptionRequest(
                RedemptionOptionDraft.of("Five", 500, coupon).withDescription("desc"), 4L));
    }

    @Test
    void redemptionOptionId_readsReferenceExample() {
        assertThat(RewardPointsJson.readRedemptionOptionId(example("redeem-option-in-request.json")))
                .isEqualTo("575937654bf757001d8496c9");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json                                     | json",
            "``                                           | json",
            "[]                                           | json",
            "null                                         | json",
            "{\"points\": 1} {\"points\": 2}               | json",
            "{\"points\": 1, \"points\": 2}                | json",
            "{\"points\": 1                               | json",
            "{}                                           | points",
            "{\"points\": null}                           | points",
            "{\"points\": \"12\"}                         | points",
            "{\"points\": 12.5}                           | points",
            "{\"points\": 1e3}                            | points",
            "{\"points\": true}                           | points",
            "{\"points\": 0}                              | points",
            "{\"points\": -5}                             | points",
            "{\"points\": 1000000000001}                  | points",
            "{\"points\": 99999999999999999999}           | points",
            "{\"points\": 1, \"validUntil\": \"2029-08-24\"} | validUntil",
            "{\"points\": 1, \"validUntil\": \"2029-08-24T14:15:22\"} | validUntil",
            "{\"points\": 1, \"validUntil\": 1861280122}   | validUntil",
            "{\"points\": 1, \"id\": 5}                   | id",
            "{\"points\": 1, \"id\": \" \"}               | id",
            "{\"points\": 1, \"reference-id\": [\"x\"]}   | reference-id",
            "{\"points\": 1, \"reference-id\": \"\"}      | reference-id",
            "{\"points\": 1, \"description\": {}}         | description",
            "{\"points\": 1, \"description\": \"a\\u0000b\"} | description",
    })
    void addPoints_refusesBadBodyNamingField(String json, String field) {
        assertRefused(() -> RewardPointsJson.readAddPoints(json, "t", "main", "c1"), field);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"description\": \"x\"}                     | points",
            "{\"points\": 5, \"description\": 7}          | description",
            "{\"points\": 5, \"id\": \"\"}                | id",
            "{\"points\": -1}                             | points",
    })
    void redeemPoints_refusesBadBodyNamingField(String json, String field) {
        assertRefused(() -> RewardPointsJson.readRedeemPoints(json, "t", "c1"), field);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                        | customerId",
            "{\"customerId\": 7}                                       | customerId",
            "{\"customerId\": \"\"}                                    | customerId",
            "{\"customerId\": \"c\", \"startPoints\": 5}               | startPoints",
            "{\"customerId\": \"c\", \"startPoints\": {}}              | startPoints.points",
            "{\"customerId\": \"c\", \"startPoints\": {\"points\": 0}} | startPoints.points",
            "{\"customerId\": \"c\", \"startPoints\": {\"points\": 1, \"validUntil\": \"soon\"}} | startPoints.validUntil",
            "{\"customerId\": \"c\", \"startPoints\": {\"points\": 1, \"reference-id\": \" \"}}  | startPoints.reference-id",
    })
    void newCustomer_refusesBadBodyNamingField(String json, String field) {
        assertRefused(() -> RewardPointsJson.readNewCustomer(json, "t", "main"), field);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "remove type                                                | type",
            "set type \"voucher\"                                      | type",
            "set type 1                                                 | type",
            "remove name                                                | name",
            "set name \"  \"                                           | name",
            "set name 5                                                 | name",
            "remove points                                              | points",
            "set points 0                                               | points",
            "set points 1.5                                             | points",
            "remove coupon                                              | coupon",
            "set coupon \"10 %\"                                       | coupon",
            "set coupon {\"name\": \"c\", \"discountType\": \"FREE_SHIPPING\"}                        | coupon.discountType",
            "set coupon {\"name\": \"c\", \"discountType\": \"BOGUS\", \"discountPercentage\": 10}     | coupon.discountType",
            "set coupon {\"name\": \"c\", \"discountPercentage\": 10}                                  | coupon.discountType",
            "set coupon {\"discountType\": \"PERCENT\", \"discountPercentage\": 10}                    | coupon.name",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\"}                               | coupon.discountPercentage",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 150}  | coupon.discountPercentage",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": \"10\"} | coupon.discountPercentage",
            "set coupon {\"name\": \"c\", \"discountType\": \"ABSOLUTE\"}                              | coupon.discountAbsolute.amount",
            "set coupon {\"name\": \"c\", \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": 10}    | coupon.discountAbsolute",
            "set coupon {\"name\": \"c\", \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": {\"amount\": -1, \"currency\": \"EUR\"}}  | coupon.discountAbsolute.amount",
            "set coupon {\"name\": \"c\", \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": {\"amount\": 5, \"currency\": \"EURO\"}}  | coupon.discountAbsolute.currency",
            "set coupon {\"name\": \"c\", \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": {\"amount\": 5}}                         | coupon.discountAbsolute.currency",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"allowAnonymous\": \"yes\"}  | coupon.allowAnonymous",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"maxRedemptions\": 0}        | coupon.maxRedemptions",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"maxRedemptions\": 2.5}      | coupon.maxRedemptions",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"status\": \"EXPIRED\"}  | coupon.status",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"links\": [{\"rel\": \"self\"}]}  | coupon.links",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"links\": {}}  | coupon.links",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"maxRedemptions\": 3, \"maxRedemptionsPerCustomer\": 2}  | coupon.maxRedemptionsPerCustomer",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"maxRedemptions\": -1, \"maxRedemptionsPerCustomer\": 1}  | coupon.maxRedemptionsPerCustomer",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"redemptionCount\": 2}  | coupon.redemptionCount",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"deleted\": true}  | coupon.deleted",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"code\": \"WINTER\"}  | coupon.code",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"issuedTo\": \"c1\"}  | coupon.issuedTo",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"restrictions\": {\"validFor\": [\"c1\"]}}  | coupon.restrictions.validFor",
            "set coupon {\"name\": \"c\", \"discountType\": \"PERCENT\", \"discountPercentage\": 10, \"restrictions\": {\"validUntil\": \"2030-01-01T00:00:00Z\"}}  | coupon.restrictions.validUntil",
            "set pointsAfterCoupon 10                                   | pointsAfterCoupon",
            "set metadata []                                            | metadata",
            "set metadata {\"version\": \"1\"}                          | metadata.version",
            "set metadata {\"version\": 0}                              | metadata.version",
    })
    void redemptionOption_refusesBadBodyNamingField(String change, String field) throws Exception {
        String json = changed(PERCENT_OPTION, change);
        assertRefused(() -> RewardPointsJson.readRedemptionOption(json), field);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}              | id",
            "{\"id\": 5}     | id",
            "{\"id\": \"\"}  | id",
            "[\"o1\"]        | json",
    })
    void redemptionOptionId_refusesBadBodyNamingField(String json, String field) {
        assertRefused(() -> RewardPointsJson.readRedemptionOptionId(json), field);
    }

    @Test
    void failure_namesValueAndLocationButNotJacksonTypes() {
        assertThatThrownBy(() -> RewardPointsJson.readAddPoints("{\"points\": \"12\"}", "t", "main", "c1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("points")
                .hasMessageContaining("\"12\"")
                .hasNoCause();
        assertThatThrownBy(() -> RewardPointsJson.readAddPoints("{\n \"points\": }", "t", "main", "c1"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getValue()).isEqualTo("line 2, column 12"))
                .hasNoCause();
    }

    private static void assertRefused(Runnable read, String field) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    /** Applies "remove NAME" or "set NAME JSON" to a document's top level. */
    private static String changed(String json, String change) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(json);
        String[] parts = change.split(" ", 3);
        if (parts[0].equals("remove")) {
            node.remove(parts[1]);
        } else {
            node.set(parts[1], MAPPER.readTree(parts[2]));
        }
        return node.toString();
    }

    private static String example(String name) {
        return JsonSchemasTest.example(name).toString();
    }
}
