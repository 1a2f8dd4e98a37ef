package org.rewardpoints.examples.http;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * A response: status, optional JSON body (a string, or written as a stream for long lists) and
 * extra headers.
 *
 * @param status  HTTP status
 * @param json    the body, or null for none or a streamed one
 * @param stream  writes a streamed body, or null
 * @param headers extra headers
 */
record ApiResponse(int status, String json, BodyWriter stream, Map<String, String> headers) {

    /** Writes a body of unknown length while the response is already being sent. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(Writer out) throws IOException;
    }

    ApiResponse {
        headers = Map.copyOf(headers);
    }

    static ApiResponse json(int status, String json) {
        return new ApiResponse(status, json, null, Map.of());
    }

    static ApiResponse ok(String json) {
        return json(200, json);
    }

    /** A status without body, as for a DELETE (204) or an update the reference answers without content. */
    static ApiResponse empty(int status) {
        return new ApiResponse(status, null, null, Map.of());
    }

    static ApiResponse streamed(int status, BodyWriter stream) {
        return new ApiResponse(status, null, stream, Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, json, stream, more);
    }
}
