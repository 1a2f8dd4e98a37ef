package org.rewardpoints.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The schemas accept the reference API's own examples (copied from its OpenAPI description into
 * {@code examples/}), and refuse what differs from the reference shapes.
 */
class JsonSchemasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{1} matches {0}")
    @CsvSource({
            "pointsSummaryOut, customer-summary.json",
            "customerSummaryBatchOut, summary-batch.json",
            "redeemCouponOut, redeem-coupon-out.json",
    })
    void schema_acceptsReferenceExample(String schemaName, String example) {
        JsonSchemas.assertValid(schemaName, example(example).toString());
    }

    @Test
    void redeemOptionSchema_acceptsReferenceExampleOptionsAndTheirCoupons() {
        JsonNode options = example("redeem-options.json");

        assertThat(options).isNotEmpty();
        for (JsonNode option : options) {
            JsonSchemas.assertValid("redeemOption", option.toString());
            JsonSchemas.assertValid("coupon", option.get("coupon").toString());
        }
    }

    @Test
    void addedAndRedeemedSchemas_acceptEveryEntryOfTheReferenceSummaries() {
        for (JsonNode summary : example("summary-batch.json")) {
            assertThat(summary.at("/summary/addedPointsList")).isNotEmpty();
            summary.at("/summary/addedPointsList").forEach(added -> JsonSchemas.assertValid("addedPoints", added.toString()));
            summary.at("/summary/redeemedPointsList").forEach(redeemed -> JsonSchemas.assertValid("redeemedPoints", redeemed.toString()));
        }
    }

    @Test
    void addedPointsSchema_refusesCamelCaseReferenceId() {
        ObjectNode added = firstAdded();
        added.set("referenceId", added.remove("reference-id"));

        assertThat(JsonSchemas.errors("addedPoints", added.toString()))
                .anySatisfy(error -> assertThat(error).contains("reference-id"))
                .anySatisfy(error -> assertThat(error).contains("referenceId"));
    }

    @ParameterizedTest
    @CsvSource({"id", "reference-id", "points", "createdAt", "validUntil", "allPointsAfterCreation", "usedPoints", "usedWith"})
    void addedPointsSchema_refusesEntryWithoutField(String field) {
        ObjectNode added = firstAdded();
        added.remove(field);

        assertThat(JsonSchemas.errors("addedPoints", added.toString())).anySatisfy(error -> assertThat(error).contains(field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "points|\"209\"",
            "points|0",
            "createdAt|\"2020-09-03 09:45:02\"",
            "validUntil|\"yesterday\"",
            "usedWith|\"e7522b99\"",
    })
    void addedPointsSchema_refusesWrongValue(String field, String value) throws IOException {
        ObjectNode added = firstAdded();
        added.set(field, MAPPER.readTree(value));

        assertThat(JsonSchemas.errors("addedPoints", added.toString())).isNotEmpty();
    }

    @Test
    void summarySchema_refusesMisspeltListName() {
        ObjectNode summary = (ObjectNode) example("customer-summary.json");
        ObjectNode lists = (ObjectNode) summary.get("summary");
        lists.set("redeemedPointList", lists.remove("redeemedPointsList"));

        assertThat(JsonSchemas.errors("pointsSummaryOut", summary.toString())).isNotEmpty();
    }

    @Test
    void summarySchema_checksEntriesOfTheLists() {
        ObjectNode summary = (ObjectNode) example("customer-summary.json");
        ((ObjectNode) summary.at("/summary/redeemedPointsList/0")).put("point", 600);

        assertThat(JsonSchemas.errors("pointsSummaryOut", summary.toString())).isNotEmpty();
    }

    @Test
    void couponSchema_refusesDiscountThatDoesNotMatchType() {
        ObjectNode coupon = (ObjectNode) example("redeem-options.json").get(0).get("coupon");
        coupon.put("discountType", "PERCENT");

        assertThat(JsonSchemas.errors("coupon", coupon.toString())).isNotEmpty();
        coupon.remove("discountAbsolute");
        coupon.put("discountPercentage", 10);
        assertThat(JsonSchemas.errors("coupon", coupon.toString())).isEmpty();
    }

    @Test
    void redeemOptionSchema_refusesOtherTypeAndUnknownField() {
        ObjectNode option = (ObjectNode) example("redeem-options.json").get(0);
        option.put("type", "voucher");
        assertThat(JsonSchemas.errors("redeemOption", option.toString())).isNotEmpty();

        option.put("type", "coupon");
        option.put("point", 90);
        assertThat(JsonSchemas.errors("redeemOption", option.toString())).isNotEmpty();
    }

    @Test
    void redeemCouponOutSchema_refusesCodeWithoutPrefix() {
        assertThat(JsonSchemas.errors("redeemCouponOut", "{\"code\":\"232394\"}")).isNotEmpty();
        assertThat(JsonSchemas.errors("redeemCouponOut", "{\"coupon\":\"L-232394\"}")).isNotEmpty();
    }

    @Test
    void assertValid_failsListingTheViolations() {
        assertThatThrownBy(() -> JsonSchemas.assertValid("redeemCouponOut", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("code");
        assertThatThrownBy(() -> JsonSchemas.assertValid("noSuchShape", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ObjectNode firstAdded() {
        ArrayNode list = (ArrayNode) example("customer-summary.json").at("/summary/addedPointsList");
        return (ObjectNode) list.get(0);
    }

    /** A reference example, read fresh each time so tests can change it. */
    static JsonNode example(String name) {
        try (InputStream in = JsonSchemasTest.class.getResourceAsStream("examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No example " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
