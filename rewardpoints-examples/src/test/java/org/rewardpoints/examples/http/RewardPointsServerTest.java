package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.Scopes;
import org.rewardpoints.examples.ExampleBackend;
import org.rewardpoints.examples.http.HttpCalls.Reply;

/**
 * Replays the reference tutorial's flows against the server over real HTTP, checking status
 * codes and every JSON body against the reference schemas, then the refusals and failures.
 * Tokens are the example table's ({@code example-tokens.properties}).
 */
class RewardPointsServerTest {
    private static final String ADMIN = "admin-token";
    private static final String MANAGER = "manager-token";
    private static final String VIEWER = "viewer-token";
    private static final String CLERK = "clerk-token";
    private static final String CUSTOMER = "customer-token";
    private static final String OTHER_CUSTOMER = "other-customer-token";
    private static final String OTHER_TENANT_ADMIN = "globex-admin-token";

    private static final String CUSTOMER_PATH = "/reward-points/customer/C-1001";
    private static final String OPTIONS_PATH = "/reward-points/acme/redeemOptions";
    private static final String MIXINS_PATH = "/site/acme/sites/main/mixins";
    private static final String COUPON_SETTINGS_PATH = MIXINS_PATH + "/couponSettings";
    private static final String COUPON_CODE = "LOYAL-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}";

    private static final String SITE_SETTINGS = """
            {"rewardpoints": {"enable": true, "orderValueToRewardPointsFactor": 1, "validityInMonths": 24,
                              "couponPrefix": "LOYAL", "currency": "EUR"}}""";
    private static final String VOUCHER_OPTION = """
            {"type": "coupon", "name": "10 Euro Gutschein",
             "description": "Für 90 Punkte können Sie sich einen Gutschein über 10 Euro generieren lassen.",
             "points": 90,
             "coupon": {"name": "Gutschein über 10 Euro", "description": "Gutschein über 10 Euro aus Bonuspunkten",
                        "discountType": "ABSOLUTE", "discountAbsolute": {"amount": 10, "currency": "EUR"},
                        "allowAnonymous": true, "maxRedemptions": 1, "status": "VALID"}}""";

    private RewardPointsServer server;
    private HttpCalls http;

    @BeforeEach
    void startServer() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
        server = RewardPointsServer.start(ExampleBackend.embeddedH2(clock, UnaryOperator.identity(),
                RewardPointsServer::referenceBehaviour), TokenTable.exampleTokens(), 0);
        http = new HttpCalls(server.baseUri());
    }

    @AfterEach
    void stopServer() {
        server.stop(Duration.ZERO);
    }

    // ------------------------------------------------------------ the tutorial's flows

    @Test
    void tutorial_configureSiteAddPointsCreateOptionRedeemAndDeleteAccount() {
        http.patch(COUPON_SETTINGS_PATH, ADMIN, SITE_SETTINGS).expectEmpty(204);
        JsonNode mixins = http.get(MIXINS_PATH, ADMIN).json();
        assertThat(mixins.at("/couponSettings/rewardpoints/codePrefix").asText()).isEqualTo("LOYAL");
        assertThat(mixins.at("/couponSettings/rewardpoints/enabled").asBoolean()).isTrue();

        http.post(CUSTOMER_PATH, MANAGER, """
                {"customerId": "C-1001", "startPoints": {"reference-id": "welcome", "description": "start", "points": 20}}""")
                .expectEmpty(200);
        JsonNode added = http.post(CUSTOMER_PATH + "/addPoints", MANAGER, """
                {"id": "add-1", "reference-id": "123456", "description": "points added", "points": 150}""")
                .expect(201, "addedPoints");
        assertThat(added.get("allPointsAfterCreation").asLong()).isEqualTo(170);
        // the reference's alignment: the start of the day in the site's zone (UTC here)
        assertThat(added.get("validUntil").asText()).isEqualTo("2027-03-01T00:00:00.000+00:00");

        JsonNode created = http.post(OPTIONS_PATH, MANAGER, VOUCHER_OPTION).expect(200, "http/redeemOptions");
        String optionId = created.get(0).get("id").asText();
        assertThat(created.get(0).at("/metadata/version").asLong()).isEqualTo(1);
        JsonNode listed = http.get(OPTIONS_PATH, CUSTOMER).expect(200, "http/redeemOptions");
        assertThat(listed).extracting(option -> option.get("id").asText()).containsExactly(optionId);

        JsonNode coupon = http.post("/reward-points/public/customer/redeem", CUSTOMER, "{\"id\": \"" + optionId + "\"}")
                .expect(200, "redeemCouponOut");
        assertThat(coupon.get("code").asText()).matches(COUPON_CODE);

        JsonNode own = http.get("/reward-points/public/customer/summary", CUSTOMER).expect(200, "pointsSummaryOut");
        assertThat(own.get("activePoints").asLong()).isEqualTo(80);
        assertThat(own.at("/summary/redeemedPointsList/0").has("couponCode")).isFalse();
        JsonNode withCodes = http.get("/reward-points/public/customer/summary?couponCodes=true", CUSTOMER).json();
        assertThat(withCodes.at("/summary/redeemedPointsList/0/couponCode").asText()).isEqualTo(coupon.get("code").asText());
        http.get("/reward-points/public/customer/summary?couponCodes=yes", CUSTOMER).expectInvalid("couponCodes");
        assertThat(http.get("/reward-points/public/customer", CUSTOMER).expect(200, "http/pointsOut").asLong()).isEqualTo(80);
        assertThat(http.get(CUSTOMER_PATH, VIEWER).expect(200, "http/pointsOut").asLong()).isEqualTo(80);

        JsonNode redeemed = http.post(CUSTOMER_PATH + "/redeemPoints", MANAGER, """
                {"description": "points redeemed", "points": 50}""").expect(201, "redeemedPoints");
        assertThat(redeemed.get("allPointsAfterCreation").asLong()).isEqualTo(30);
        JsonNode summary = http.get(CUSTOMER_PATH + "/summary", VIEWER).expect(200, "pointsSummaryOut");
        assertThat(summary.get("activePoints").asLong()).isEqualTo(30);
        assertThat(summary.at("/summary/addedPointsList")).extracting(lot -> lot.get("points").asLong())
                .containsExactly(20L, 150L);
        assertThat(summary.at("/summary/redeemedPointsList")).extracting(debit -> debit.get("points").asLong())
                .containsExactly(90L, 50L);
        JsonNode batch = http.get("/reward-points/summaryBatch", VIEWER).expect(200, "customerSummaryBatchOut");
        assertThat(batch).extracting(entry -> entry.get("customerId").asText()).containsExactly("C-1001");

        http.delete(CUSTOMER_PATH, MANAGER).expectEmpty(200);
        http.get(CUSTOMER_PATH + "/summary", VIEWER).expect(404, "http/notFound");
        assertThat(http.get("/reward-points/summaryBatch", VIEWER).expect(200, "customerSummaryBatchOut")).isEmpty();
    }

    @Test
    void redemptionOptions_updateWithTheVersionReadThenDelete() {
        String optionId = createVoucherOption();
        JsonNode updated = http.put(OPTIONS_PATH + "/" + optionId, MANAGER, withVersion(VOUCHER_OPTION.replace(
                "\"points\": 90", "\"points\": 100"), 1)).expect(200, "redeemOption");
        assertThat(updated.get("points").asLong()).isEqualTo(100);
        assertThat(updated.at("/metadata/version").asLong()).isEqualTo(2);
        assertThat(http.get(OPTIONS_PATH, VIEWER).json().get(0).get("points").asLong()).isEqualTo(100);

        http.delete(OPTIONS_PATH + "/" + optionId, MANAGER).expectEmpty(204);
        assertThat(http.get(OPTIONS_PATH, VIEWER).expect(200, "http/redeemOptions")).isEmpty();
    }

    @Test
    void summaryBatch_streamsEveryCustomerAcrossPages() {
        configureSite();
        for (int i = 0; i < 230; i++) {
            http.post("/reward-points/customer/C-" + (1000 + i) + "/addPoints", MANAGER, "{\"points\": " + (i + 1) + "}")
                    .expect(201, "addedPoints");
        }
        JsonNode batch = http.get("/reward-points/summaryBatch", VIEWER).expect(200, "customerSummaryBatchOut");
        assertThat(batch).hasSize(230);
        assertThat(batch.get(229).get("customerId").asText()).isEqualTo("C-1229");
        assertThat(batch.get(229).get("activePoints").asLong()).isEqualTo(230);
    }

    @Test
    void siteSettings_patchMergesIntoTheCurrentSettingsInEitherSpelling() {
        configureSite();
        http.patch(COUPON_SETTINGS_PATH, ADMIN, "{\"rewardpoints\": {\"enabled\": false}}").expectEmpty(204);
        http.patch(COUPON_SETTINGS_PATH, ADMIN, "{\"rewardpoints\": {\"codePrefix\": \"VIP\"}}").expectEmpty(204);

        JsonNode rewardPoints = http.get(MIXINS_PATH, ADMIN).json().at("/couponSettings/rewardpoints");
        assertThat(rewardPoints.get("enabled").asBoolean()).isFalse();
        assertThat(rewardPoints.get("codePrefix").asText()).isEqualTo("VIP");
        assertThat(rewardPoints.get("validityInMonths").asInt()).isEqualTo(24);
        assertThat(rewardPoints.get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void siteSettings_contradictingSpellingsAreRefusedAndChangeNothing() {
        configureSite();
        http.patch(COUPON_SETTINGS_PATH, ADMIN, "{\"rewardpoints\": {\"enable\": false, \"enabled\": true}}")
                .expectInvalid("enable");
        assertThat(http.get(MIXINS_PATH, ADMIN).json().at("/couponSettings/rewardpoints/enabled").asBoolean()).isTrue();
    }

    @Test
    void redeemForCoupon_withTheSameIdempotencyKeyReturnsTheFirstCouponAndTakesPointsOnce() {
        configureSite();
        addPoints("C-1001", 200);
        String optionId = createVoucherOption();
        String body = "{\"id\": \"" + optionId + "\"}";
        Reply first = http.send("POST", "/reward-points/public/customer/redeem", CUSTOMER, body, "Idempotency-Key", "cart-42");
        Reply again = http.send("POST", "/reward-points/public/customer/redeem", CUSTOMER, body, "Idempotency-Key", "cart-42");

        assertThat(again.expect(200, "redeemCouponOut").get("code").asText())
                .isEqualTo(first.expect(200, "redeemCouponOut").get("code").asText());
        assertThat(balance("C-1001")).isEqualTo(110);
    }

    @Test
    void concurrentRedemptions_neverOverdrawTheAccount() throws Exception {
        configureSite();
        addPoints("C-1001", 200);
        String optionId = createVoucherOption();
        ExecutorService customers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(customers.submit(() -> http.post("/reward-points/public/customer/redeem", CUSTOMER,
                        "{\"id\": \"" + optionId + "\"}")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                statuses.add(reply.get(30, TimeUnit.SECONDS).status());
            }
            // 200 points buy two 90-point vouchers, whatever the interleaving
            assertThat(statuses).containsExactlyInAnyOrder(200, 200, 400, 400, 400, 400, 400, 400);
        } finally {
            customers.shutdownNow();
        }
        assertThat(balance("C-1001")).isEqualTo(20);
    }

    @Test
    void customerIds_withReservedCharactersAreKeptVerbatim() {
        configureSite();
        http.post("/reward-points/customer/C%2F7%20x'%3B%20DROP%20TABLE/addPoints", MANAGER, "{\"points\": 5}")
                .expect(201, "addedPoints");
        JsonNode summary = http.get("/reward-points/customer/C%2F7%20x'%3B%20DROP%20TABLE/summary", VIEWER)
                .expect(200, "pointsSummaryOut");
        assertThat(summary.get("customerId").asText()).isEqualTo("C/7 x'; DROP TABLE");
    }

    // ------------------------------------------------------------ access

    static Stream<Arguments> underScopedCalls() {
        String option = OPTIONS_PATH + "/some-option";
        return Stream.of(
                Arguments.of("GET", "/reward-points/summaryBatch", CLERK, null, Scopes.VIEW),
                Arguments.of("GET", CUSTOMER_PATH, CLERK, null, Scopes.VIEW),
                Arguments.of("GET", CUSTOMER_PATH + "/summary", CLERK, null, Scopes.VIEW),
                Arguments.of("POST", CUSTOMER_PATH, VIEWER, "{\"customerId\": \"C-1001\"}", Scopes.MANAGE),
                Arguments.of("DELETE", CUSTOMER_PATH, VIEWER, null, Scopes.MANAGE),
                Arguments.of("POST", CUSTOMER_PATH + "/addPoints", VIEWER, "{\"points\": 5}", Scopes.MANAGE),
                Arguments.of("POST", CUSTOMER_PATH + "/redeemPoints", VIEWER, "{\"points\": 5}", Scopes.MANAGE),
                Arguments.of("POST", OPTIONS_PATH, VIEWER, VOUCHER_OPTION, Scopes.MANAGE),
                Arguments.of("PUT", option, VIEWER, withVersion(VOUCHER_OPTION, 1), Scopes.MANAGE),
                Arguments.of("DELETE", option + "?version=1", VIEWER, null, Scopes.MANAGE),
                Arguments.of("POST", CUSTOMER_PATH + "/addPoints", CUSTOMER, "{\"points\": 5}", Scopes.MANAGE),
                Arguments.of("GET", MIXINS_PATH, MANAGER, null, Scopes.SITE_MANAGE),
                Arguments.of("PATCH", COUPON_SETTINGS_PATH, MANAGER, SITE_SETTINGS, Scopes.SITE_MANAGE));
    }

    @ParameterizedTest(name = "{0} {1} as {2} needs {4}")
    @MethodSource("underScopedCalls")
    void underScopedCaller_isRefusedNamingTheMissingScopeAndNothingChanges(String method, String path, String token,
                                                                             String body, String scope) {
        configureSite();
        addPoints("C-1001", 100);

        http.send(method, path, token, body).expectMissingScope(scope);

        assertThat(balance("C-1001")).isEqualTo(100);
        assertThat(http.get(OPTIONS_PATH, VIEWER).json()).isEmpty();
        assertThat(http.get(MIXINS_PATH, ADMIN).json().at("/couponSettings/rewardpoints/codePrefix").asText())
                .isEqualTo("LOYAL");
    }

    @Test
    void customer_cannotReadAnotherCustomersPoints() {
        configureSite();
        addPoints("C-2002", 40);

        assertThat(http.get("/reward-points/customer/C-2002", CUSTOMER).expect(403, "http/forbidden")
                .get("details").get(0).asText()).contains("own");
        http.get("/reward-points/customer/C-2002/summary", CUSTOMER).expect(403, "http/forbidden");
        assertThat(http.get("/reward-points/public/customer", OTHER_CUSTOMER).expect(200, "http/pointsOut").asLong())
                .isEqualTo(40);
    }

    @Test
    void employee_cannotRedeemForACouponOrUseTheSignedInCustomerEndpoints() {
        configureSite();
        addPoints("C-1001", 100);
        String optionId = createVoucherOption();

        http.post("/reward-points/public/customer/redeem", MANAGER, "{\"id\": \"" + optionId + "\"}")
                .expect(403, "http/forbidden");
        http.get("/reward-points/public/customer", ADMIN).expect(403, "http/forbidden");
        http.get("/reward-points/public/customer/summary", ADMIN).expect(403, "http/forbidden");
        assertThat(balance("C-1001")).isEqualTo(100);
    }

    @Test
    void tokenOfAnotherTenant_neitherSeesNorChangesThisTenantsData() {
        configureSite();
        addPoints("C-1001", 100);
        String optionId = createVoucherOption();

        http.get(OPTIONS_PATH, OTHER_TENANT_ADMIN).expect(403, "http/forbidden");
        http.delete(OPTIONS_PATH + "/" + optionId, OTHER_TENANT_ADMIN).expect(403, "http/forbidden");
        http.get(MIXINS_PATH, OTHER_TENANT_ADMIN).expect(403, "http/forbidden");
        // the customer path carries no tenant: the token's tenant has no such customer
        assertThat(http.get(CUSTOMER_PATH, OTHER_TENANT_ADMIN).expect(200, "http/pointsOut").asLong()).isZero();
        http.delete(CUSTOMER_PATH, OTHER_TENANT_ADMIN).expectEmpty(200);
        assertThat(http.get("/reward-points/summaryBatch", OTHER_TENANT_ADMIN).json()).isEmpty();

        assertThat(balance("C-1001")).isEqualTo(100);
        assertThat(http.get(OPTIONS_PATH, VIEWER).json()).hasSize(1);
    }

    @Test
    void missingToken_isRefusedWith401InTheReferenceFaultShape() {
        Reply reply = http.get(CUSTOMER_PATH, null);
        JsonNode fault = reply.expect(401, "http/unauthorized");
        assertThat(fault.at("/fault/faultstring").asText()).isEqualTo("Missing access token");
        assertThat(fault.at("/fault/detail/errorcode").asText()).isEqualTo("oauth.v2.InvalidAccessToken");
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void unknownTokenOrOtherScheme_isRefusedWith401() {
        assertThat(http.get(CUSTOMER_PATH, "no-such-token").expect(401, "http/unauthorized")
                .at("/fault/faultstring").asText()).isEqualTo("Invalid access token");
        assertThat(http.send("GET", CUSTOMER_PATH, null, null, "Authorization", "Basic " + VIEWER)
                .expect(401, "http/unauthorized").at("/fault/faultstring").asText()).isEqualTo("Invalid access token");
    }

    // ------------------------------------------------------------ bad input

    @Test
    void malformedJson_isRefusedWith400AndChangesNothing() {
        configureSite();
        addPoints("C-1001", 100);

        http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"points\": 5").expectInvalid("json");
        http.post(CUSTOMER_PATH + "/redeemPoints", MANAGER, "[50]").expectInvalid("json");
        http.post(OPTIONS_PATH, MANAGER, "{\"type\": \"coupon\", \"name\": ").expectInvalid("json");
        http.post("/reward-points/public/customer/redeem", CUSTOMER, "not json").expectInvalid("json");
        http.patch(COUPON_SETTINGS_PATH, ADMIN, "{\"rewardpoints\": {\"validityInMonths\": }}").expectInvalid("json");

        assertThat(balance("C-1001")).isEqualTo(100);
        assertThat(summary("C-1001").at("/summary/addedPointsList")).hasSize(1);
        assertThat(http.get(OPTIONS_PATH, VIEWER).json()).isEmpty();
        assertThat(http.get(MIXINS_PATH, ADMIN).json().at("/couponSettings/rewardpoints/validityInMonths").asInt())
                .isEqualTo(24);
    }

    @Test
    void invalidValues_areRefusedWith400NamingTheField() {
        configureSite();
        addPoints("C-1001", 100);

        http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"points\": -5}").expectInvalid("points");
        http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"points\": \"many\"}").expectInvalid("points");
        http.post(CUSTOMER_PATH + "/redeemPoints", MANAGER, "{\"description\": \"no points\"}").expectInvalid("points");
        http.post(OPTIONS_PATH, MANAGER, VOUCHER_OPTION.replace("ABSOLUTE", "FREE_SHIPPING"))
                .expectInvalid("coupon.discountType");
        http.put(OPTIONS_PATH + "/" + createVoucherOption(), MANAGER, VOUCHER_OPTION).expectInvalid("metadata.version");
        http.post(CUSTOMER_PATH, MANAGER, "{\"customerId\": \"C-9999\"}").expectInvalid("customerId");
        http.post(CUSTOMER_PATH + "/addPoints?siteCode=%20", MANAGER, "{\"points\": 5}").expectInvalid("siteCode");
        http.patch(COUPON_SETTINGS_PATH, ADMIN, "{\"rewardpoints\": {\"validityInMonths\": 0}}")
                .expectInvalid("validityInMonths");

        assertThat(balance("C-1001")).isEqualTo(100);
    }

    @Test
    void redeemingMoreThanTheBalance_isRefusedWith400AndTakesNothing() {
        configureSite();
        addPoints("C-1001", 60);
        String optionId = createVoucherOption();

        http.post("/reward-points/public/customer/redeem", CUSTOMER, "{\"id\": \"" + optionId + "\"}")
                .expectInvalid("points");
        http.post(CUSTOMER_PATH + "/redeemPoints", MANAGER, "{\"points\": 61}").expectInvalid("points");
        assertThat(balance("C-1001")).isEqualTo(60);
    }

    // ------------------------------------------------------------ not found, conflicts

    @Test
    void unknownIds_areAnsweredWithTheStatusesTheReferenceDeclares() {
        configureSite();
        addPoints("C-1001", 100);

        // a customer without account: balance 0, no points to redeem, nothing to delete
        assertThat(http.get("/reward-points/customer/nobody", VIEWER).expect(200, "http/pointsOut").asLong()).isZero();
        http.post("/reward-points/customer/nobody/redeemPoints", MANAGER, "{\"points\": 1}").expectInvalid("points");
        http.delete("/reward-points/customer/nobody", MANAGER).expectEmpty(200);
        // the employee summary declares 404, and so does the customer's redeem for an unknown option
        http.get("/reward-points/customer/nobody/summary", VIEWER).expect(404, "http/notFound");
        http.post("/reward-points/public/customer/redeem", CUSTOMER, "{\"id\": \"no-such-option\"}")
                .expect(404, "http/notFound");
        // an option that is gone: the update conflicts, the delete is done already
        assertThat(http.put(OPTIONS_PATH + "/no-such-option", MANAGER, withVersion(VOUCHER_OPTION, 1))
                .expect(409, "http/conflict").get("type").asText()).isEqualTo("stale_version");
        http.delete(OPTIONS_PATH + "/no-such-option", MANAGER).expectEmpty(204);
        // a site without settings is a bad siteCode for the reward points API
        http.post(CUSTOMER_PATH + "/addPoints?siteCode=no-such-site", MANAGER, "{\"points\": 5}").expectInvalid("siteCode");
        http.post("/reward-points/customer/C-2002?siteCode=no-such-site", MANAGER,
                "{\"customerId\": \"C-2002\", \"startPoints\": {\"points\": 5}}").expectInvalid("siteCode");
        // outside the reward points API
        assertThat(http.get("/site/acme/sites/no-such-site/mixins", ADMIN).expect(404, "http/notFound")
                .get("message").asText()).isEqualTo("No reward points settings for site 'no-such-site' of tenant 'acme':"
                + " configure them with PATCH /site/acme/sites/no-such-site/mixins/couponSettings");
        http.get("/reward-points/no/such/path", VIEWER).expect(404, "http/notFound");
        assertThat(balance("C-1001")).isEqualTo(100);
        assertThat(http.get("/reward-points/customer/C-2002", VIEWER).json().asLong()).isZero();
    }

    @Test
    void deletingAnOption_checksTheScopeBeforeTellingWhetherItExists() {
        String optionId = createVoucherOption();

        http.delete(OPTIONS_PATH + "/" + optionId, VIEWER).expectMissingScope(Scopes.MANAGE);
        http.delete(OPTIONS_PATH + "/no-such-option", VIEWER).expectMissingScope(Scopes.MANAGE);
        http.put(OPTIONS_PATH + "/no-such-option", VIEWER, withVersion(VOUCHER_OPTION, 1)).expectMissingScope(Scopes.MANAGE);
        assertThat(http.get(OPTIONS_PATH, VIEWER).json()).hasSize(1);
    }

    @Test
    void oversizedBody_isRefusedWith413AndChangesNothing() {
        configureSite();
        String huge = "{\"points\": 5, \"description\": \"" + "x".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}";

        Reply reply = http.post(CUSTOMER_PATH + "/addPoints", MANAGER, huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("type").asText()).isEqualTo("payload_too_large");
        http.get(CUSTOMER_PATH + "/summary", VIEWER).expect(404, "http/notFound");
    }

    @Test
    void unsupportedMethod_isAnsweredWith405ListingTheAllowedOnes() {
        Reply reply = http.send("PATCH", CUSTOMER_PATH, VIEWER, "{}");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers().firstValue("Allow")).hasValue("DELETE, GET, POST");
    }

    @Test
    void staleVersion_isRefusedWith409AndTheOptionKeepsTheNewerContent() {
        String optionId = createVoucherOption();
        String path = OPTIONS_PATH + "/" + optionId;
        http.put(path, MANAGER, withVersion(VOUCHER_OPTION.replace("\"points\": 90", "\"points\": 100"), 1))
                .expect(200, "redeemOption");

        JsonNode stale = http.put(path, MANAGER, withVersion(VOUCHER_OPTION.replace("\"points\": 90", "\"points\": 120"), 1))
                .expect(409, "http/conflict");
        assertThat(stale.get("type").asText()).isEqualTo("stale_version");
        assertThat(stale.get("message").asText()).contains(optionId);
        http.delete(path + "?version=1", MANAGER).expect(409, "http/conflict");

        JsonNode option = http.get(OPTIONS_PATH, VIEWER).json().get(0);
        assertThat(option.get("points").asLong()).isEqualTo(100);
        assertThat(option.at("/metadata/version").asLong()).isEqualTo(2);
    }

    @Test
    void creatingAnExistingAccount_isRefusedWith409AndReusingAnIdWithOtherContentWith400() {
        configureSite();
        http.post(CUSTOMER_PATH, MANAGER, "{\"customerId\": \"C-1001\"}").expectEmpty(200);
        assertThat(http.post(CUSTOMER_PATH, MANAGER, "{\"customerId\": \"C-1001\"}").expect(409, "http/conflict")
                .get("type").asText()).isEqualTo("account_exists");

        http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"id\": \"bonus-1\", \"points\": 10}").expect(201, "addedPoints");
        http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"id\": \"bonus-1\", \"points\": 10}").expect(201, "addedPoints");
        // addPoints declares no 409
        assertThat(http.post(CUSTOMER_PATH + "/addPoints", MANAGER, "{\"id\": \"bonus-1\", \"points\": 99}")
                .expectInvalid("id").at("/details/0/type").asText()).isEqualTo("idempotency_conflict");
        assertThat(balance("C-1001")).isEqualTo(10);
    }

    // ------------------------------------------------------------ failures and lifecycle

    @Test
    void unexpectedFailure_isAnswered500InTheReferenceShapeWithoutInternals() {
        server.stop(Duration.ZERO);
        server = RewardPointsServer.start(ExampleBackend.embeddedH2(Clock.systemUTC()), token -> {
            throw new IllegalStateException("identity provider down: secret detail");
        }, 0);
        http = new HttpCalls(server.baseUri());

        JsonNode error = http.get(CUSTOMER_PATH, VIEWER).expect(500, "http/internal");
        assertThat(error.get("path").asText()).isEqualTo(CUSTOMER_PATH);
        assertThat(error.toString()).doesNotContain("secret detail");
    }

    @Test
    void close_stopsAcceptingRequests() {
        assertThat(http.get(OPTIONS_PATH, VIEWER).status()).isEqualTo(200);
        server.close();
        server.close(); // twice is harmless

        assertThatThrownBy(() -> http.get(OPTIONS_PATH, VIEWER)).isInstanceOf(UncheckedIOException.class);
    }

    // ------------------------------------------------------------ helpers

    private void configureSite() {
        http.patch(COUPON_SETTINGS_PATH, ADMIN, SITE_SETTINGS).expectEmpty(204);
    }

    private void addPoints(String customerId, long points) {
        http.post("/reward-points/customer/" + customerId + "/addPoints", MANAGER, "{\"points\": " + points + "}")
                .expect(201, "addedPoints");
    }

    private String createVoucherOption() {
        return http.post(OPTIONS_PATH, MANAGER, VOUCHER_OPTION).expect(200, "http/redeemOptions").get(0).get("id").asText();
    }

    private long balance(String customerId) {
        return http.get("/reward-points/customer/" + customerId, VIEWER).expect(200, "http/pointsOut").asLong();
    }

    private JsonNode summary(String customerId) {
        return http.get("/reward-points/customer/" + customerId + "/summary", VIEWER).expect(200, "pointsSummaryOut");
    }

    private static String withVersion(String option, long version) {
        return option.substring(0, option.lastIndexOf('}')) + ", \"metadata\": {\"version\": " + version + "}}";
    }
}
