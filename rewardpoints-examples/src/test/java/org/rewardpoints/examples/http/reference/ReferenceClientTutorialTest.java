package org.rewardpoints.examples.http.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CreditResult;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.examples.ExampleBackend;
import org.rewardpoints.examples.http.RewardPointsServer;
import org.rewardpoints.examples.http.TokenTable;
import org.rewardpoints.examples.http.client.ApiClient;
import org.rewardpoints.examples.http.client.ApiException;
import org.rewardpoints.examples.http.client.api.DefaultApi;
import org.rewardpoints.examples.http.client.model.AddedPoints;
import org.rewardpoints.examples.http.client.model.Coupon;
import org.rewardpoints.examples.http.client.model.MoneyAmount;
import org.rewardpoints.examples.http.client.model.NewCustomerIn;
import org.rewardpoints.examples.http.client.model.PointsSummaryOut;
import org.rewardpoints.examples.http.client.model.RedeemOption;
import org.rewardpoints.examples.http.client.model.RedeemOptionIn;
import org.rewardpoints.examples.http.client.model.RedeemOptionMetadata;
import org.rewardpoints.examples.http.client.model.RedeemedPoints;

/**
 * A storefront written for the reference API, unchanged against the HTTP example: a Java client
 * generated at build time from the reference description (trimmed: {@value SchemaCheckingProxy#DESCRIPTION})
 * with strict models (unknown properties fail) walks the tutorial's flow through a proxy that
 * checks every response against the schema of its status code. Every status of the flow must be
 * one the reference declares for the operation.
 */
class ReferenceClientTutorialTest {
    private static final String TENANT = "acme";
    /** The tutorial's first step, as the reference's site mixin has it: no currency. */
    private static final String TUTORIAL_MIXIN = """
            {"rewardpoints": {"enable": true, "orderValueToRewardPointsFactor": 1, "validityInMonths": 36,
                              "couponPrefix": "LLS"}}""";
    private static final String UMLAUTS = "Treuebonus für Kunden – äöüß ÄÖÜ €";
    private static final Instant NOW = Instant.parse("2020-09-03T09:45:02.248Z");

    private ExampleBackend backend;
    private RewardPointsServer server;
    private SchemaCheckingProxy proxy;
    private DefaultApi manager;
    private DefaultApi viewer;
    private DefaultApi customer;
    private DefaultApi newCustomer;

    @BeforeEach
    void start() {
        backend = ExampleBackend.embeddedH2(Clock.fixed(NOW, ZoneOffset.UTC), UnaryOperator.identity(),
                RewardPointsServer::referenceBehaviour);
        server = RewardPointsServer.start(backend, TokenTable.exampleTokens(), 0);
        proxy = new SchemaCheckingProxy(server.baseUri());
        manager = client("manager-token");
        viewer = client("viewer-token");
        customer = client("customer-token");
        newCustomer = client("other-customer-token");
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.stop(Duration.ZERO);
    }

    @Test
    void tutorial_throughAStrictGeneratedClient_meetsOnlyDeclaredStatusesAndSchemas() throws Exception {
        // 1. configure the site with the reference mixin alone (the site service: not in the reward points API)
        assertThat(patchMixin(TUTORIAL_MIXIN)).isEqualTo(204);

        // 2. a signed-in customer who has not earned points yet
        assertThat(newCustomer.gETRewardPointsFetchLoggedCustomerPoints()).isZero();
        PointsSummaryOut nothingYet = newCustomer.gETRewardPointsRetrieveLoggedCustomerRewardSummary();
        assertThat(nothingYet.getCustomerId()).isEqualTo("C-2002");
        assertThat(nothingYet.getActivePoints()).isZero();
        assertThat(nothingYet.getSummary().getAddedPointsList()).isEmpty();
        assertThat(manager.gETRewardPointsFetchCustomerRewardPoints("C-2002")).isZero();

        // 3. an order completes (the shop's order pipeline, not the API): 209 points in the site's default currency
        CreditResult order = backend.ledger().orderCompleted(
                OrderCompletion.of(TENANT, "main", "C-1001", "B7011746", "209.90", "EUR"));
        assertThat(order.status()).isEqualTo(CreditResult.Status.CREDITED);

        // 4. an employee adds points, with umlauts
        manager.pOSTRewardPointsAddCustomerRewardPoints("C-1001", null, new AddedPoints().id("bonus-1")
                .referenceId("123456").description(UMLAUTS).points(150));
        manager.pOSTRewardPointsAddCustomerRewardPoints("C-1001", null, new AddedPoints().id("bonus-1")
                .referenceId("123456").description(UMLAUTS).points(150)); // a replay
        assertRefused(400, () -> manager.pOSTRewardPointsAddCustomerRewardPoints("C-1001", null,
                new AddedPoints().id("bonus-1").points(99)));
        assertRefused(400, () -> manager.pOSTRewardPointsAddCustomerRewardPoints("C-1001", "no-such-site",
                new AddedPoints().points(5)));

        // 5. new customers: the reference's own example (its start points expired in 2019) and one that is valid
        NewCustomerIn referenceExample = new NewCustomerIn().customerId("C4289081720").startPoints(new AddedPoints()
                .id("12345fee-0b83-48aa-95dc-11e3dcf84aaa").referenceId("123456").description("points added").points(20)
                .createdAt(OffsetDateTime.parse("2019-08-24T14:15:22Z")).allPointsAfterCreation(20).usedPoints(5)
                .validUntil(OffsetDateTime.parse("2019-08-24T14:15:22Z"))
                .usedWith(List.of("5237bcac-c548-4e49-8626-03dab65376d6")));
        ApiException expired = assertRefused(400, () -> manager.pOSTRewardPointsCreateCustomerRewardEntry(
                "C4289081720", null, referenceExample));
        assertThat(expired.getResponseBody()).contains("startPoints.validUntil");
        referenceExample.getStartPoints().setValidUntil(OffsetDateTime.parse("2029-08-24T14:15:22Z"));
        manager.pOSTRewardPointsCreateCustomerRewardEntry("C4289081720", null, referenceExample);
        assertRefused(409, () -> manager.pOSTRewardPointsCreateCustomerRewardEntry("C4289081720", null, referenceExample));
        assertThat(manager.gETRewardPointsFetchCustomerRewardPoints("C4289081720")).isEqualTo(20);

        // 6. redemption options as a generated client sends them: its model's defaults included
        RedeemOption voucher = manager.pOSTRewardPointsCreateRedeemOptions(TENANT, voucher(90, "10")).get(0);
        assertThat(voucher.getMetadata().getVersion()).isEqualTo(1);
        // the schema default maxRedemptions -1 is what the client said: the coupons are unlimited
        assertThat(voucher.getCoupon().getMaxRedemptions()).isEqualByComparingTo("-1");
        RedeemOption singleUse = manager.pOSTRewardPointsCreateRedeemOptions(TENANT, voucher(50, "5")
                .coupon(voucher(50, "5").getCoupon().maxRedemptions(BigDecimal.ONE).maxRedemptionsPerCustomer(BigDecimal.ONE)))
                .get(0);
        assertThat(singleUse.getCoupon().getMaxRedemptions()).isEqualByComparingTo("1");
        assertThat(customer.gETRewardPointsListRedeemOptions(TENANT)).extracting(RedeemOption::getId)
                .containsExactly(voucher.getId(), singleUse.getId());
        assertRefused(403, () -> viewer.pOSTRewardPointsCreateRedeemOptions(TENANT, voucher(90, "10")));

        // 7. the customer exchanges points for a coupon; a customer without points cannot
        String code = customer.pOSTRewardPointsRedeemLoggedCustomerRewardPointsCoupon(null,
                new RedeemOptionIn().id(voucher.getId())).getCode();
        assertThat(code).matches("LLS-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}");
        assertRefused(400, () -> newCustomer.pOSTRewardPointsRedeemLoggedCustomerRewardPointsCoupon(null,
                new RedeemOptionIn().id(voucher.getId())));
        assertRefused(404, () -> customer.pOSTRewardPointsRedeemLoggedCustomerRewardPointsCoupon(null,
                new RedeemOptionIn().id("no-such-option")));

        // 8. an employee redeems points without a coupon
        manager.pOSTRewardPointsRedeemCustomerPoints("C-1001", new RedeemedPoints().description("Kulanz: Rücksendung")
                .points(9));
        assertRefused(400, () -> manager.pOSTRewardPointsRedeemCustomerPoints("C-2002", new RedeemedPoints().points(1)));

        // 9. the summary, read by the strict model: the reference's wording and alignment, umlauts intact
        PointsSummaryOut summary = customer.gETRewardPointsRetrieveLoggedCustomerRewardSummary();
        assertThat(summary.getActivePoints()).isEqualTo(209 + 150 - 90 - 9);
        AddedPoints orderLot = summary.getSummary().getAddedPointsList().stream()
                .filter(lot -> "B7011746".equals(lot.getReferenceId())).findFirst().orElseThrow();
        assertThat(orderLot.getDescription()).isEqualTo("Bonuspunkte für Bestellung B7011746");
        assertThat(orderLot.getValidUntil()).isEqualTo(OffsetDateTime.parse("2023-09-03T00:00:00Z"));
        assertThat(summary.getSummary().getAddedPointsList()).extracting(AddedPoints::getDescription).contains(UMLAUTS);
        assertThat(summary.getSummary().getRedeemedPointsList()).extracting(RedeemedPoints::getDescription)
                .contains("Kulanz: Rücksendung");
        assertThat(manager.gETRewardPointsRetrieveCustomerRewardSummary("C-1001")).isEqualTo(summary);
        assertThat(viewer.gETRewardPointsRetrieveRewardsSummary()).contains(summary);
        assertRefused(404, () -> viewer.gETRewardPointsRetrieveCustomerRewardSummary("nobody"));
        // the coupon codes are an extension a client asks for
        JsonNode withCodes = new ObjectMapper().readTree(get("/reward-points/public/customer/summary?couponCodes=true",
                "customer-token"));
        assertThat(withCodes.findValuesAsText("couponCode")).containsExactly(code);

        // 10. options change under versions; a deleted one is gone for good
        RedeemOption changed = voucher(95, "10").metadata(new RedeemOptionMetadata().version(1));
        manager.pUTRewardPointsUpdateRedeemOption(voucher.getId(), TENANT, changed);
        assertRefused(409, () -> manager.pUTRewardPointsUpdateRedeemOption(voucher.getId(), TENANT, changed));
        assertRefused(403, () -> viewer.dELETERewardPointsRemoveRedeemOption(singleUse.getId(), TENANT));
        assertRefused(403, () -> viewer.dELETERewardPointsRemoveRedeemOption("no-such-option", TENANT));
        manager.dELETERewardPointsRemoveRedeemOption(singleUse.getId(), TENANT);
        manager.dELETERewardPointsRemoveRedeemOption(singleUse.getId(), TENANT);
        assertRefused(409, () -> manager.pUTRewardPointsUpdateRedeemOption(singleUse.getId(), TENANT,
                voucher(50, "5").metadata(new RedeemOptionMetadata().version(1))));
        assertThat(customer.gETRewardPointsListRedeemOptions(TENANT)).extracting(RedeemOption::getPoints).containsExactly(95);

        // 11. erasure, also of what is gone already
        manager.dELETERewardPointsRemoveCustomerRewardEntry("C4289081720");
        manager.dELETERewardPointsRemoveCustomerRewardEntry("C4289081720");
        assertThat(manager.gETRewardPointsFetchCustomerRewardPoints("C4289081720")).isZero();
        assertRefused(401, () -> client("no-such-token").gETRewardPointsRetrieveRewardsSummary());

        assertThat(proxy.exchanges()).hasSizeGreaterThan(30)
                .allSatisfy(exchange -> assertThat(exchange.declared() && exchange.violations().isEmpty())
                        .as("%s", exchange).isTrue());
    }

    private static RedeemOption voucher(int points, String euros) {
        return new RedeemOption().type("coupon").name(euros + " Euro Gutschein")
                .description("Für " + points + " Punkte können Sie sich einen Gutschein über " + euros + " Euro generieren lassen.")
                .points(points)
                .coupon(new Coupon().name("Gutschein über " + euros + " Euro").discountType(Coupon.DiscountTypeEnum.ABSOLUTE)
                        .discountAbsolute(new MoneyAmount().amount(new BigDecimal(euros)).currency("EUR"))
                        .allowAnonymous(true).status(Coupon.StatusEnum.VALID));
    }

    private DefaultApi client(String token) {
        ObjectMapper strict = ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ApiClient api = new ApiClient().setObjectMapper(strict);
        api.updateBaseUri(proxy.baseUri().toString());
        api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return new DefaultApi(api);
    }

    @FunctionalInterface
    private interface Call {
        void run() throws ApiException;
    }

    private static ApiException assertRefused(int status, Call call) {
        ApiException[] thrown = new ApiException[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getCode()).as("status of %s", e.getResponseBody()).isEqualTo(status);
            thrown[0] = e;
        });
        return thrown[0];
    }

    private int patchMixin(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("site/" + TENANT + "/sites/main/mixins/couponSettings"))
                .header("Authorization", "Bearer admin-token").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUri().toString()).resolve(path.substring(1)))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
