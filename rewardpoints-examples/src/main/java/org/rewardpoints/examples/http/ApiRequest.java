package org.rewardpoints.examples.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.rewardpoints.Caller;
import org.rewardpoints.InvalidInputException;

/** One request as the handlers see it: authenticated caller, path and query parameters, body. */
final class ApiRequest {
    /** Largest request body read; the reference shapes are far smaller. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final Caller caller;
    private final Map<String, String> pathParameters;
    private final Map<String, String> queryParameters;

    ApiRequest(HttpExchange exchange, Caller caller, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.caller = caller;
        this.pathParameters = Map.copyOf(pathParameters);
        this.queryParameters = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    Caller caller() {
        return caller;
    }

    String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("The route has no path parameter " + name);
        }
        return value;
    }

    /** A query parameter, or {@code fallback} when absent. */
    String query(String name, String fallback) {
        return queryParameters.getOrDefault(name, fallback);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The body as text.
     *
     * @throws PayloadTooLargeException when it is longer than {@link #MAX_BODY_BYTES}
     */
    String body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new PayloadTooLargeException(MAX_BODY_BYTES);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static String decode(String raw) {
        try {
            // a '+' in a path segment is a plus, not a space
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("path", raw, "is not valid percent-encoding");
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("query", pair, "is not valid percent-encoding");
            }
        }
        return parameters;
    }

    /** The request body exceeds {@link #MAX_BODY_BYTES}. */
    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(int limit) {
            super("The request body is larger than " + limit + " bytes");
        }
    }
}
