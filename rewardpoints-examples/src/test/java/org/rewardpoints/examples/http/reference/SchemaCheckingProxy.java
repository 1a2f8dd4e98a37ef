package org.rewardpoints.examples.http.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Sits between a client and the server, as a storefront team's schema-checking proxy would: every
 * response is checked against the schema the reference description declares for its operation and
 * status code, and a status the operation does not declare is recorded as such. Success bodies are
 * checked strictly, as a client with strict models reads them (an object's properties are all it
 * may have); error bodies as declared. The description is the trimmed one in this module's test
 * resources ({@value #DESCRIPTION}), derived from the reference's.
 */
final class SchemaCheckingProxy implements AutoCloseable {
    static final String DESCRIPTION = "openapi/reward-points-api.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final List<String> FORWARDED_HEADERS = List.of("Authorization", "Content-Type", "Accept",
            "Idempotency-Key");

    /**
     * One response as the proxy saw it.
     *
     * @param method     the request's method
     * @param operation  the path template of the reference, or null when the path is not the reference's
     * @param status     the status sent
     * @param declared   whether the operation declares the status
     * @param violations the body's schema violations (empty when it matches, or nothing is declared)
     */
    record Exchange(String method, String operation, int status, boolean declared, List<String> violations) {
        @Override
        public String toString() {
            return method + " " + operation + " -> " + status + (declared ? "" : " (not declared)")
                    + (violations.isEmpty() ? "" : " " + violations);
        }
    }

    private final JsonNode description;
    private final ObjectNode definitions;
    private final List<Template> templates = new ArrayList<>();
    private final URI target;
    private final HttpServer http;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private record Template(String path, Pattern pattern, int parameters) {
    }

    SchemaCheckingProxy(URI target) {
        this.target = target;
        try (InputStream in = SchemaCheckingProxy.class.getClassLoader().getResourceAsStream(DESCRIPTION)) {
            if (in == null) {
                throw new IllegalStateException("No " + DESCRIPTION + " on the test class path");
            }
            description = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        definitions = (ObjectNode) strict(description.at("/components/schemas").deepCopy());
        description.get("paths").fieldNames().forEachRemaining(path -> {
            String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
        });
        templates.sort(Comparator.comparingInt(Template::parameters)); // literal segments win
        try {
            http = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", this::forward);
        http.start();
    }

    /** Where clients send their requests. */
    URI baseUri() {
        return URI.create("http://localhost:" + http.getAddress().getPort());
    }

    /** Every response so far, in order. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            for (String header : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            exchanges.add(check(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), response));
            response.headers().firstValue("Content-Type")
                    .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Exchange check(String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String template = templates.stream().filter(t -> t.pattern().matcher(path).matches()).map(Template::path)
                .findFirst().orElse(null);
        JsonNode operation = template == null ? null
                : description.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation == null || operation.isMissingNode()) {
            return new Exchange(method, template, status, false, List.of("no such operation in the reference"));
        }
        JsonNode declared = operation.path("responses").path(Integer.toString(status));
        if (declared.isMissingNode()) {
            return new Exchange(method, template, status, false, List.of());
        }
        if (declared.has("$ref")) {
            declared = description.at(declared.get("$ref").asText().substring(1));
        }
        JsonNode schema = declared.at("/content/application~1json/schema");
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (schema.isMissingNode() || body.isEmpty() && schema.isEmpty()) {
            return new Exchange(method, template, status, true, List.of());
        }
        List<String> violations = new ArrayList<>();
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            violations.add("Content-Type is not application/json");
        }
        // a generated client reads success bodies into its models, strictly; error bodies it keeps as
        // text, so those are checked as the description declares them (other properties allowed)
        ObjectNode document = (ObjectNode) (status < 300 ? strict(schema.deepCopy()) : openApi(schema.deepCopy()));
        document.put("$schema", "https://json-schema.org/draft/2019-09/schema");
        document.set("$defs", definitions);
        JsonSchema validator = FACTORY.getSchema(document, CONFIG);
        validator.validate(body, InputFormat.JSON).stream().map(ValidationMessage::getMessage).forEach(violations::add);
        return new Exchange(method, template, status, true, violations);
    }

    /** The schema as declared, in JSON Schema: OpenAPI's {@code nullable} becomes a null type. */
    private static JsonNode openApi(JsonNode node) {
        if (node.isContainerNode()) {
            node.forEach(SchemaCheckingProxy::openApi);
        }
        if (node.isObject()) {
            nullable((ObjectNode) node);
        }
        return node;
    }

    private static void nullable(ObjectNode object) {
        JsonNode nullable = object.remove("nullable");
        if (nullable != null && nullable.asBoolean() && object.has("type")) {
            object.set("type", MAPPER.createArrayNode().add(object.get("type").asText()).add("null"));
        }
    }

    /**
     * The schema as a strict client reads it: an object with properties has no others; OpenAPI's
     * {@code nullable} becomes a null type; references point into {@code $defs}.
     */
    private static JsonNode strict(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strict(array.get(i)));
            }
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = (ObjectNode) node;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            field.setValue(strict(field.getValue()));
        }
        JsonNode ref = object.get("$ref");
        if (ref != null && ref.isTextual()) {
            object.put("$ref", ref.asText().replace("#/components/schemas/", "#/$defs/"));
        }
        if (object.has("properties") && object.get("properties").isObject() && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        nullable(object);
        return object;
    }
}
