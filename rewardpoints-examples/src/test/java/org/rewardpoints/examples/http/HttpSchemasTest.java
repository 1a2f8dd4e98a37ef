package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.json.JsonSchemas;

/** The server tests' extra schemas accept the reference's own examples and catch broken bodies. */
class HttpSchemasTest {

    static Stream<Arguments> referenceExamples() {
        return Stream.of(
                Arguments.of("http/unauthorized",
                        "{\"fault\": {\"faultstring\": \"Invalid access token\", \"detail\": {\"errorcode\": \"oauth.v2.InvalidAccessToken\"}}}"),
                Arguments.of("http/forbidden", "{\"code\": 403, \"status\": \"Forbidden\", \"message\": \"Scope validation failed\","
                        + " \"details\": [\"Missing required scopes '[rewardspoints.rewardpoints_view, saasag.rewardpoints_view]'\"]}"),
                Arguments.of("http/badRequest", "{\"status\": 400, \"message\": \"There are validation problems, see details"
                        + " section for more information\", \"type\": \"validation_violation\", \"details\": [{\"field\":"
                        + " \"tenant\", \"message\": \"size must be between 3 and 16\", \"type\": \"invalid_header\"}]}"),
                Arguments.of("http/notFound", "{\"type\": \"resource_not_found\", \"status\": 404,"
                        + " \"message\": \"No reward points found for customer 202429132\"}"),
                Arguments.of("http/internal", "{\"timestamp\": \"2023-10-12T06:41:03.866+00:00\", \"status\": 500,"
                        + " \"error\": \"Internal Server Error\", \"path\": \"/customer/30010284222\"}"),
                Arguments.of("http/pointsOut", "1153"),
                Arguments.of("http/redeemOptions", "[{\"id\": \"5f905280df6b3b0013b6c541\", \"type\": \"coupon\","
                        + " \"name\": \"10 Euro Gutschein\", \"points\": 90, \"coupon\": {\"name\": \"Gutschein\","
                        + " \"discountType\": \"ABSOLUTE\", \"discountAbsolute\": {\"amount\": 10, \"currency\": \"EUR\"},"
                        + " \"allowAnonymous\": true, \"maxRedemptions\": 1, \"status\": \"VALID\"},"
                        + " \"metadata\": {\"version\": 1, \"createdAt\": \"2023-07-25T13:28:25.960Z\","
                        + " \"modifiedAt\": \"2023-07-25T13:28:25.960Z\"}}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceExamples")
    void referenceExample_matchesItsSchema(String schema, String json) {
        JsonSchemas.assertValid(schema, json);
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                Arguments.of("http/unauthorized", "{\"fault\": {\"faultstring\": \"Invalid access token\"}}"),
                Arguments.of("http/forbidden", "{\"code\": 401, \"status\": \"Forbidden\", \"message\": \"x\", \"details\": [\"y\"]}"),
                Arguments.of("http/badRequest", "{\"status\": 400, \"type\": \"validation_violation\", \"message\": \"x\","
                        + " \"details\": [{\"field\": \"points\", \"message\": \"x\"}]}"),
                Arguments.of("http/notFound", "{\"status\": 404, \"message\": \"x\"}"),
                Arguments.of("http/conflict", "{\"status\": 409, \"type\": \"Stale Version\", \"message\": \"x\","
                        + " \"details\": [{\"field\": null, \"type\": \"stale_version\", \"message\": \"x\"}]}"),
                Arguments.of("http/internal", "{\"timestamp\": \"yesterday\", \"status\": 500, \"error\": \"x\", \"path\": \"/\"}"),
                Arguments.of("http/pointsOut", "\"1153\""),
                Arguments.of("http/redeemOptions", "[{\"id\": \"x\", \"type\": \"coupon\", \"name\": \"n\", \"points\": 90}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void brokenBody_failsItsSchema(String schema, String json) {
        assertThat(JsonSchemas.errors(schema, json)).isNotEmpty();
    }
}
