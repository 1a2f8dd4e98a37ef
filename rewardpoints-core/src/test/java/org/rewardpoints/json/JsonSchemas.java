package org.rewardpoints.json;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas (draft 2019-09) of the reference API's shapes, derived from its OpenAPI description
 * and stricter where the library always writes a field: {@code pointsSummaryOut},
 * {@code customerSummaryBatchOut}, {@code addedPoints}, {@code redeemedPoints}, {@code redeemOption},
 * {@code coupon}, {@code redeemCouponOut}. They live in this module's test-jar under
 * {@value #LOCATION}, so other modules' tests can check their JSON too (they need
 * {@code com.networknt:json-schema-validator} on their test classpath).
 */
public final class JsonSchemas {
    /** Where the schema files are on the class path. */
    public static final String LOCATION = "org/rewardpoints/json/schema/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /**
     * @param schemaName the shape, e.g. {@code pointsSummaryOut}
     * @throws AssertionError listing every violation when {@code json} does not match
     */
    public static void assertValid(String schemaName, String json) {
        List<String> errors = errors(schemaName, json);
        if (!errors.isEmpty()) {
            throw new AssertionError("JSON does not match schema " + schemaName + ":\n  "
                    + String.join("\n  ", errors) + "\nJSON: " + json);
        }
    }

    /** The violations of {@code json} against the schema, empty when it matches. */
    public static List<String> errors(String schemaName, String json) {
        return schema(schemaName).validate(json, InputFormat.JSON).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            String resource = LOCATION + n + ".json";
            if (JsonSchemas.class.getClassLoader().getResource(resource) == null) {
                throw new IllegalArgumentException("No schema " + n + " at " + resource);
            }
            return FACTORY.getSchema(SchemaLocation.of("classpath:" + resource), CONFIG);
        });
    }
}
