package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.json.JsonSchemas;

/** Every combination of a {@link CouponIssuingException}'s flags and the request's Idempotency-Key. */
class ErrorMapperTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
    private static final String PATH = "/reward-points/public/customer/redeem";

    private static final String KEY_SPENT = "The coupon redemption failed; no points were taken."
            + " This Idempotency-Key cannot be used again: a new attempt needs a new Idempotency-Key";
    private static final String TRY_AGAIN = "The coupon redemption failed; no points were taken. Try again later";
    private static final String TRY_AGAIN_SAME_KEY = TRY_AGAIN + " with the same Idempotency-Key";
    private static final String RESERVED = "The coupon redemption is not finished; the points stay reserved until"
            + " it is resolved. ";
    private static final String REPEAT = RESERVED + "Repeat the request with the same Idempotency-Key to resolve it";
    private static final String RECOVERY = RESERVED + "The recovery of pending reservations resolves it";

    static Stream<Arguments> couponFailures() {
        // pointsStillReserved, retryableWithSameRequestId, Idempotency-Key sent, error, Retry-After
        return Stream.of(
                Arguments.of(false, false, true, KEY_SPENT, null),
                Arguments.of(false, false, false, TRY_AGAIN, "5"),
                Arguments.of(true, true, true, REPEAT, "5"),
                Arguments.of(true, true, false, RECOVERY, null),
                Arguments.of(false, true, true, TRY_AGAIN_SAME_KEY, "5"),
                Arguments.of(false, true, false, TRY_AGAIN, "5"),
                Arguments.of(true, false, true, RECOVERY, null),
                Arguments.of(true, false, false, RECOVERY, null));
    }

    @ParameterizedTest(name = "reserved={0} retryable={1} key sent={2}")
    @MethodSource("couponFailures")
    void couponIssuingFailure_isA503SayingWhatHappenedToThePointsAndWhatToDoNext(
            boolean reserved, boolean retryable, boolean keySent, String error, String retryAfter) throws Exception {
        CouponIssuingException failure = new CouponIssuingException("reservation-1", reserved, retryable,
                "internal detail", new IllegalStateException("coupon service unavailable"));

        ApiResponse response = ErrorMapper.toResponse(failure, "POST", PATH, keySent, CLOCK);

        assertThat(response.status()).isEqualTo(503);
        JsonSchemas.assertValid("http/internal", response.json());
        JsonNode body = JsonMapper.builder().build().readTree(response.json());
        assertThat(body.get("status").asInt()).isEqualTo(503);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("path").asText()).isEqualTo(PATH);
        assertThat(body.get("timestamp").asText()).isEqualTo("2025-03-01T09:00:00.000+00:00");
        assertThat(response.headers().get("Retry-After")).isEqualTo(retryAfter);
        assertThat(response.json()).doesNotContain("internal detail", "reservation-1");
    }

    @Test
    void readme_quotesEveryCouponFailureMessage() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains("`" + KEY_SPENT + "`", "`" + TRY_AGAIN + "`", "`" + REPEAT + "`", "`" + RECOVERY + "`");
    }
}
