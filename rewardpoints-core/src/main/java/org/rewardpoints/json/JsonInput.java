package org.rewardpoints.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.internal.Checks;

/**
 * One JSON object of a request or mixin document, read field by field. Every failure is an
 * {@link InvalidInputException} naming the field by its path ({@code coupon.discountAbsolute.amount})
 * and the offending JSON value. A field that is absent or JSON {@code null} counts as not given;
 * unknown fields are ignored.
 */
final class JsonInput {
    /** Field named by failures of the document as a whole (malformed JSON, not an object). */
    static final String DOCUMENT = "json";
    private static final int MAX_VALUE_LENGTH = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // decimals stay exact; a repeated field is ambiguous, so refused
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // 5.50 stays 5.50
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final ObjectNode node;
    private final String path;

    private JsonInput(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a document that must be a JSON object. */
    static JsonInput parse(String json) {
        if (json == null) {
            throw new InvalidInputException(DOCUMENT, null, "is required");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(DOCUMENT, root == null ? "" : shown(root), "must be a JSON object");
        }
        return new JsonInput((ObjectNode) root, "");
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** The nested object, or null when not given. */
    JsonInput object(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(name, value, "must be a JSON object");
        }
        return new JsonInput((ObjectNode) value, field(name) + ".");
    }

    JsonInput requiredObject(String name) {
        return required(name, object(name));
    }

    /** This object, its failures naming fields as if it were the document: for envelopes around it. */
    JsonInput asDocument() {
        return new JsonInput(node, "");
    }

    /** The string, or null when not given. */
    String text(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, value, "must be a string");
        }
        return value.textValue();
    }

    String requiredText(String name) {
        return required(name, text(name));
    }

    Boolean bool(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, value, "must be true or false");
        }
        return value.booleanValue();
    }

    /** A whole number that fits a long, or null when not given. */
    Long integer(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(name, value, "must be a whole number");
        }
        if (!value.canConvertToLong()) {
            throw wrongType(name, value, "must be at most " + Long.MAX_VALUE);
        }
        return value.longValue();
    }

    long requiredInteger(String name) {
        return required(name, integer(name));
    }

    /** Required points: a whole number; one past a long is refused naming the points' own limit. */
    long requiredPoints(String name) {
        JsonNode value = given(name);
        if (value != null && value.isIntegralNumber() && !value.canConvertToLong()) {
            throw new InvalidInputException(field(name), value.asText(), "must be at most " + Checks.MAX_POINTS);
        }
        return requiredInteger(name);
    }

    /** A whole number that fits an int, or null when not given. */
    Integer smallInteger(String name) {
        Long value = integer(name);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidInputException(field(name), value, "must be between " + Integer.MIN_VALUE
                    + " and " + Integer.MAX_VALUE);
        }
        return value.intValue();
    }

    /**
     * The number of elements of the array, or -1 when not given.
     */
    int arraySize(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return -1;
        }
        if (!value.isArray()) {
            throw wrongType(name, value, "must be a JSON array");
        }
        return value.size();
    }

    /** The names of the fields given (not null) in this object. */
    List<String> givenFields() {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isNull()) {
                names.add(field.getKey());
            }
        }
        return names;
    }

    /** An exact decimal number, or null when not given. */
    BigDecimal decimal(String name) {
        JsonNode value = given(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(name, value, "must be a number");
        }
        return value.decimalValue();
    }

    /** An ISO-8601 date-time with offset ({@code 2019-08-24T14:15:22Z}), or null when not given. */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field(name), value, "must be an ISO-8601 date-time with offset, "
                    + "like 2019-08-24T14:15:22.000+00:00");
        }
    }

    /**
     * Builds a value from this object's fields, so that the value's own validation names fields
     * by their path too ({@code startPoints.points} rather than {@code points}).
     */
    <T> T build(Supplier<T> construct) {
        if (path.isEmpty()) {
            return construct.get();
        }
        try {
            return construct.get();
        } catch (InvalidInputException e) {
            if (e.getField().startsWith(path)) {
                throw e;
            }
            String known = "Invalid " + e.getField() + " '" + e.getValue() + "': ";
            String rule = e.getMessage().startsWith(known) ? e.getMessage().substring(known.length()) : e.getMessage();
            InvalidInputException named = new InvalidInputException(path + e.getField(), e.getValue(), rule);
            named.initCause(e);
            throw named;
        }
    }

    /** The full path of a field of this object, as failures name it. */
    String field(String name) {
        return path + name;
    }

    private JsonNode given(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private <T> T required(String name, T value) {
        if (value == null) {
            throw new InvalidInputException(field(name), null, "is required");
        }
        return value;
    }

    private InvalidInputException wrongType(String name, JsonNode value, String rule) {
        return new InvalidInputException(field(name), shown(value), rule);
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "...";
    }

    private static InvalidInputException malformed(JacksonException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidInputException(DOCUMENT, where, "is not valid JSON: " + e.getOriginalMessage());
    }
}
