package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.examples.ExampleBackend;
import org.rewardpoints.examples.http.HttpCalls.Reply;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * What the redeem endpoint tells the client when the coupon service fails: whether points were
 * taken, and whether repeating the request with the same {@code Idempotency-Key} helps. The
 * account holds 200 points, the voucher costs 90.
 */
class RewardPointsServerCouponFailuresTest {
    private static final String ADMIN = "admin-token";
    private static final String MANAGER = "manager-token";
    private static final String VIEWER = "viewer-token";
    private static final String CUSTOMER = "customer-token";
    private static final String REDEEM_PATH = "/reward-points/public/customer/redeem";

    private static final String GIVEN_BACK_KEY_SPENT = "The coupon redemption failed; no points were taken."
            + " This Idempotency-Key cannot be used again: a new attempt needs a new Idempotency-Key";
    private static final String GIVEN_BACK_TRY_AGAIN = "The coupon redemption failed; no points were taken. Try again later";
    private static final String RESERVED_REPEAT = "The coupon redemption is not finished; the points stay reserved until"
            + " it is resolved. Repeat the request with the same Idempotency-Key to resolve it";
    private static final String RESERVED_RECOVERY = "The coupon redemption is not finished; the points stay reserved until"
            + " it is resolved. The recovery of pending reservations resolves it";

    /** What the coupon service does on its next calls. */
    private enum Fault {
        NONE,
        /** issue fails, find answers: the library gives the points back. */
        ISSUE_FAILS,
        /** issue and find fail: the library cannot tell, the points stay reserved. */
        ISSUE_AND_FIND_FAIL,
        /** a recovery run releases the reservation while the coupon is being issued. */
        RECOVERY_DURING_ISSUE
    }

    /** The JDBC coupon issuer behind a coupon service with a scripted fault. */
    private final class UnreliableCouponService implements CouponIssuer {
        private final CouponIssuer delegate;
        private volatile Fault fault = Fault.NONE;

        UnreliableCouponService(CouponIssuer delegate) {
            this.delegate = delegate;
        }

        @Override
        public IssuedCoupon issue(CouponRequest request) {
            switch (fault) {
                case ISSUE_FAILS, ISSUE_AND_FIND_FAIL -> throw new IllegalStateException("coupon service unavailable");
                case RECOVERY_DURING_ISSUE -> ledger.recoverReservations(Duration.ZERO);
                default -> {
                }
            }
            return delegate.issue(request);
        }

        @Override
        public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
            if (fault == Fault.ISSUE_AND_FIND_FAIL) {
                throw new IllegalStateException("coupon service unavailable");
            }
            return delegate.find(tenant, idempotencyKey);
        }
    }

    private UnreliableCouponService couponService;
    private RewardPoints ledger;
    private RewardPointsServer server;
    private HttpCalls http;
    private String redeemBody;

    @BeforeEach
    void startServer() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
        ExampleBackend backend = ExampleBackend.embeddedH2(clock,
                jdbc -> couponService = new UnreliableCouponService(jdbc));
        ledger = backend.ledger();
        server = RewardPointsServer.start(backend, TokenTable.exampleTokens(), 0);
        http = new HttpCalls(server.baseUri());

        http.patch("/site/acme/sites/main/mixins/couponSettings", ADMIN, """
                {"rewardpoints": {"enable": true, "orderValueToRewardPointsFactor": 1, "validityInMonths": 24,
                                  "couponPrefix": "LOYAL", "currency": "EUR"}}""").expectEmpty(204);
        http.post("/reward-points/customer/C-1001/addPoints", MANAGER, "{\"points\": 200}").expect(201, "addedPoints");
        String optionId = http.post("/reward-points/acme/redeemOptions", MANAGER, """
                {"type": "coupon", "name": "10 Euro", "points": 90,
                 "coupon": {"name": "10 Euro", "discountType": "ABSOLUTE", "discountAbsolute": {"amount": 10, "currency": "EUR"},
                            "allowAnonymous": true, "maxRedemptions": 1, "status": "VALID"}}""")
                .expect(200, "http/redeemOptions").get(0).get("id").asText();
        redeemBody = "{\"id\": \"" + optionId + "\"}";
    }

    @AfterEach
    void stopServer() {
        server.stop(Duration.ZERO);
    }

    @Test
    void issuerFailure_withIdempotencyKey_saysNoPointsWereTakenAndTheKeyIsSpent() {
        couponService.fault = Fault.ISSUE_FAILS;

        Reply reply = redeem("cart-1");

        assertThat(error(reply)).isEqualTo(GIVEN_BACK_KEY_SPENT);
        assertThat(reply.headers().firstValue("Retry-After")).isEmpty();
        assertThat(balance()).isEqualTo(200);
    }

    @Test
    void issuerFailure_withoutIdempotencyKey_saysNoPointsWereTakenAndToTryAgainLater() {
        couponService.fault = Fault.ISSUE_FAILS;

        Reply reply = redeem(null);

        assertThat(error(reply)).isEqualTo(GIVEN_BACK_TRY_AGAIN);
        assertThat(reply.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(balance()).isEqualTo(200);
        couponService.fault = Fault.NONE;
        redeem(null).expect(200, "redeemCouponOut");
        assertThat(balance()).isEqualTo(110);
    }

    @Test
    void replayOfAFailedRedemption_saysTheKeyIsSpentEvenOnceTheIssuerWorksAgain() {
        couponService.fault = Fault.ISSUE_FAILS;
        redeem("cart-2");
        couponService.fault = Fault.NONE;

        Reply replay = redeem("cart-2");

        assertThat(error(replay)).isEqualTo(GIVEN_BACK_KEY_SPENT);
        assertThat(replay.headers().firstValue("Retry-After")).isEmpty();
        assertThat(balance()).isEqualTo(200);
        redeem("cart-3").expect(200, "redeemCouponOut");
        assertThat(balance()).isEqualTo(110);
    }

    @Test
    void undecidedRedemption_withIdempotencyKey_saysThePointsAreReservedAndRepeatingResolvesIt() {
        couponService.fault = Fault.ISSUE_AND_FIND_FAIL;

        Reply reply = redeem("cart-4");

        assertThat(error(reply)).isEqualTo(RESERVED_REPEAT);
        assertThat(reply.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(balance()).isEqualTo(110);
        couponService.fault = Fault.NONE;
        redeem("cart-4").expect(200, "redeemCouponOut");
        assertThat(balance()).isEqualTo(110);
    }

    @Test
    void undecidedRedemption_withoutIdempotencyKey_saysThePointsAreReservedUntilRecovery() {
        couponService.fault = Fault.ISSUE_AND_FIND_FAIL;

        Reply reply = redeem(null);

        assertThat(error(reply)).isEqualTo(RESERVED_RECOVERY);
        assertThat(reply.headers().firstValue("Retry-After")).isEmpty();
        assertThat(balance()).isEqualTo(110);
        couponService.fault = Fault.NONE;
        assertThat(ledger.recoverReservations(Duration.ZERO).released()).isEqualTo(1);
        assertThat(balance()).isEqualTo(200);
    }

    @Test
    void reservationReleasedWhileIssuing_saysNoPointsWereTakenAndTheKeyIsSpent() {
        couponService.fault = Fault.RECOVERY_DURING_ISSUE;

        Reply reply = redeem("cart-5");

        assertThat(error(reply)).isEqualTo(GIVEN_BACK_KEY_SPENT);
        assertThat(balance()).isEqualTo(200);
        couponService.fault = Fault.NONE;
        assertThat(error(redeem("cart-5"))).isEqualTo(GIVEN_BACK_KEY_SPENT);
    }

    private Reply redeem(String idempotencyKey) {
        return idempotencyKey == null ? http.post(REDEEM_PATH, CUSTOMER, redeemBody)
                : http.send("POST", REDEEM_PATH, CUSTOMER, redeemBody, "Idempotency-Key", idempotencyKey);
    }

    /** Asserts a 503 in the reference's internal error shape for the redeem path; returns its {@code error}. */
    private static String error(Reply reply) {
        JsonNode body = reply.expect(503, "http/internal");
        assertThat(body.get("path").asText()).isEqualTo(REDEEM_PATH);
        return body.get("error").asText();
    }

    private long balance() {
        return http.get("/reward-points/customer/C-1001", VIEWER).expect(200, "http/pointsOut").asLong();
    }
}
