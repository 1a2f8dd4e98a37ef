package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.rewardpoints.json.JsonSchemas;

/** A small HTTP client for the server tests: one call, one {@link Reply}. */
final class HttpCalls {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    HttpCalls(URI base) {
        this.base = base;
    }

    /** What came back. */
    record Reply(int status, String body, HttpHeaders headers) {

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        /** Asserts the status and that the body matches the reference schema; returns the body. */
        JsonNode expect(int expectedStatus, String schema) {
            assertThat(status).as("status of a reply with body %s", body).isEqualTo(expectedStatus);
            assertThat(headers.firstValue("Content-Type")).hasValue("application/json");
            JsonSchemas.assertValid(schema, body);
            return json();
        }

        /** Asserts a status without a body. */
        void expectEmpty(int expectedStatus) {
            assertThat(status).as("status of a reply with body %s", body).isEqualTo(expectedStatus);
            assertThat(body).isEmpty();
        }

        /** Asserts a 403 naming the missing scope the way the reference does. */
        void expectMissingScope(String scope) {
            JsonNode error = expect(403, "http/forbidden");
            assertThat(error.get("details").get(0).asText()).isEqualTo("Missing required scopes '[" + scope + "]'");
        }

        /** Asserts a 400 validation body naming the field. */
        JsonNode expectInvalid(String field) {
            JsonNode error = expect(400, "http/badRequest");
            assertThat(error.get("details").get(0).get("field").asText()).isEqualTo(field);
            return error;
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, String json) {
        return send("POST", path, token, json);
    }

    Reply put(String path, String token, String json) {
        return send("PUT", path, token, json);
    }

    Reply patch(String path, String token, String json) {
        return send("PATCH", path, token, json);
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    Reply send(String method, String path, String token, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
