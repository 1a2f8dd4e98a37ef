package org.rewardpoints.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import org.rewardpoints.AccessDeniedException;
import org.rewardpoints.AccountAlreadyExistsException;
import org.rewardpoints.ConflictException;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.IdempotencyConflictException;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.NotFoundException;
import org.rewardpoints.StaleVersionException;
import org.rewardpoints.json.RewardPointsJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into the reference API's error bodies:
 * <ul>
 *   <li>401 {@code {fault: {faultstring, detail: {errorcode}}}} — missing or unknown token</li>
 *   <li>403 {@code {code: 403, status: "Forbidden", message, details: ["Missing required scopes '[...]'"]}}</li>
 *   <li>400 {@code {status: 400, type: "validation_violation", message, details: [{field, message, type}]}}
 *       — invalid input or JSON, too few points, an id or {@code Idempotency-Key} used again with other
 *       content (none of those endpoints declares a 409)</li>
 *   <li>404 {@code {status: 404, type: "resource_not_found", message}}</li>
 *   <li>409 {@code {status: 409, type, message, details: [{field, message, type}]}} — stale version
 *       (also an update of an option deleted since), existing account</li>
 *   <li>500 {@code {timestamp, status: 500, error, path}} — anything unexpected, logged with its stack trace;
 *       503 in the same shape when a coupon redemption failed, see {@link #couponNotIssued}</li>
 * </ul>
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String VALIDATION_MESSAGE =
            "There are validation problems, see details section for more information";
    /** Seconds a client waits before repeating a redemption that may still succeed. */
    static final int COUPON_RETRY_AFTER_SECONDS = 5;

    private ErrorMapper() {
    }

    /**
     * The response for a failure of the request {@code method path}; {@code idempotencyKeySent}
     * tells whether it carried an {@code Idempotency-Key} header (what a failed redemption's client
     * may do next depends on it); {@code clock} stamps 5xx bodies.
     */
    static ApiResponse toResponse(Throwable failure, String method, String path, boolean idempotencyKeySent,
                                  Clock clock) {
        if (failure instanceof AccessDeniedException denied) {
            return forbidden(denied);
        }
        if (failure instanceof InvalidInputException invalid) {
            return validation(invalid.getField(), invalid.getMessage(), "invalid_value");
        }
        if (failure instanceof InsufficientPointsException insufficient) {
            return validation("points", insufficient.getMessage(), "insufficient_points");
        }
        if (failure instanceof NotFoundException notFound) {
            return notFound(notFound.getMessage());
        }
        if (failure instanceof IdempotencyConflictException reused) {
            return validation("id", reused.getMessage(), "idempotency_conflict");
        }
        if (failure instanceof ConflictException conflict) {
            return conflict(conflict);
        }
        if (failure instanceof ApiRequest.PayloadTooLargeException tooLarge) {
            ObjectNode body = MAPPER.createObjectNode().put("status", 413).put("type", "payload_too_large")
                    .put("message", tooLarge.getMessage());
            return ApiResponse.json(413, write(body));
        }
        if (failure instanceof CouponIssuingException issuing) {
            LOG.warn("Coupon issuing failed for {} {} (reservation {}, points still reserved: {}, retryable with the"
                    + " same request id: {})", method, path, issuing.getReservationId(), issuing.isPointsStillReserved(),
                    issuing.isRetryableWithSameRequestId(), issuing);
            return couponNotIssued(issuing, idempotencyKeySent, path, clock);
        }
        LOG.error("Unexpected failure of {} {}", method, path, failure);
        return internal(500, "Internal Server Error", path, clock);
    }

    /**
     * 503 for a failed coupon redemption, its {@code error} saying what happened to the points and
     * what the client may do next, from the exception's two flags and whether the request carried
     * an {@code Idempotency-Key}:
     * <ul>
     *   <li>points given back, not retryable with the key: the redemption under that key is over and
     *       took nothing; a new attempt needs a new key (a fresh failure and the replay of one alike);</li>
     *   <li>points still reserved, retryable with the key: repeating the request with the same key
     *       resolves it, {@code Retry-After} says when;</li>
     *   <li>points still reserved otherwise (without a key the client cannot name the redemption):
     *       the ledger's recovery of pending reservations resolves it;</li>
     *   <li>points given back, and either retryable or sent without a key (every request a new
     *       attempt): try again later, {@code Retry-After} says when.</li>
     * </ul>
     */
    static ApiResponse couponNotIssued(CouponIssuingException issuing, boolean idempotencyKeySent, String path,
                                       Clock clock) {
        boolean resolvedByRepeating = issuing.isRetryableWithSameRequestId() && idempotencyKeySent;
        String error;
        boolean retryLater;
        if (issuing.isPointsStillReserved()) {
            retryLater = resolvedByRepeating;
            error = "The coupon redemption is not finished; the points stay reserved until it is resolved. "
                    + (resolvedByRepeating ? "Repeat the request with the same Idempotency-Key to resolve it"
                    : "The recovery of pending reservations resolves it");
        } else if (idempotencyKeySent && !issuing.isRetryableWithSameRequestId()) {
            retryLater = false;
            error = "The coupon redemption failed; no points were taken. This Idempotency-Key cannot be used again:"
                    + " a new attempt needs a new Idempotency-Key";
        } else {
            retryLater = true;
            error = "The coupon redemption failed; no points were taken. Try again later"
                    + (idempotencyKeySent ? " with the same Idempotency-Key" : "");
        }
        ApiResponse response = internal(503, error, path, clock);
        return retryLater ? response.withHeader("Retry-After", Integer.toString(COUPON_RETRY_AFTER_SECONDS)) : response;
    }

    static ApiResponse unauthorized(String faultString) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("fault").put("faultstring", faultString)
                .putObject("detail").put("errorcode", "oauth.v2.InvalidAccessToken");
        return ApiResponse.json(401, write(body)).withHeader("WWW-Authenticate", "Bearer");
    }

    static ApiResponse notFound(String message) {
        ObjectNode body = MAPPER.createObjectNode().put("status", 404).put("type", "resource_not_found")
                .put("message", message);
        return ApiResponse.json(404, write(body));
    }

    static ApiResponse methodNotAllowed(String method, Set<String> allowed) {
        ObjectNode body = MAPPER.createObjectNode().put("status", 405).put("type", "method_not_allowed")
                .put("message", "Method " + method + " is not supported here; allowed: " + String.join(", ", allowed));
        return ApiResponse.json(405, write(body)).withHeader("Allow", String.join(", ", allowed));
    }

    private static ApiResponse forbidden(AccessDeniedException denied) {
        ObjectNode body = MAPPER.createObjectNode().put("code", 403).put("status", "Forbidden");
        ArrayNode details = MAPPER.createArrayNode();
        denied.getMissingScope().ifPresentOrElse(scope -> {
            body.put("message", "Scope validation failed");
            details.add("Missing required scopes '[" + scope + "]'");
        }, () -> {
            body.put("message", "Access denied");
            details.add(denied.getMessage());
        });
        body.set("details", details);
        return ApiResponse.json(403, write(body));
    }

    /** 400 with one detail naming {@code field}. */
    static ApiResponse validation(String field, String message, String type) {
        ObjectNode body = MAPPER.createObjectNode().put("status", 400).put("type", "validation_violation")
                .put("message", VALIDATION_MESSAGE);
        body.putArray("details").addObject().put("field", field).put("message", message).put("type", type);
        return ApiResponse.json(400, write(body));
    }

    /** 409 with one detail. */
    static ApiResponse conflict(String type, String field, String message) {
        ObjectNode body = MAPPER.createObjectNode().put("status", 409).put("type", type).put("message", message);
        body.putArray("details").addObject().put("field", field).put("message", message).put("type", type);
        return ApiResponse.json(409, write(body));
    }

    private static ApiResponse conflict(ConflictException conflict) {
        String type;
        String field = null;
        if (conflict instanceof StaleVersionException) {
            type = "stale_version";
            field = "metadata.version";
        } else if (conflict instanceof AccountAlreadyExistsException) {
            type = "account_exists";
            field = "customerId";
        } else {
            type = "conflict";
        }
        return conflict(type, field, conflict.getMessage());
    }

    private static ApiResponse internal(int status, String error, String path, Clock clock) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("timestamp", RewardPointsJson.format(clock.instant()))
                .put("status", status)
                .put("error", error)
                .put("path", path);
        return ApiResponse.json(status, write(body));
    }

    private static String write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
