package org.rewardpoints.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RedemptionOption;

/**
 * Writes the library's values in the reference API's shapes. Each shape is written field by field,
 * so neither a mapper's configuration nor a record's accessors can change a name.
 */
final class JsonOutput {
    /** {@code 2020-09-03T09:45:02.248+00:00}, as the reference product writes instants. */
    static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    static final SimpleModule MODULE = new SimpleModule("rewardpoints")
            .addSerializer(PointsSummary.class, serializer(PointsSummary.class, JsonOutput::summary))
            .addSerializer(AddedPoints.class, serializer(AddedPoints.class, JsonOutput::added))
            .addSerializer(RedeemedPoints.class, serializer(RedeemedPoints.class, JsonOutput::redeemed))
            .addSerializer(RedemptionOption.class, serializer(RedemptionOption.class, JsonOutput::option))
            .addSerializer(CouponTemplate.class, serializer(CouponTemplate.class, JsonOutput::coupon));

    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(MODULE).build();

    private JsonOutput() {
    }

    /** Writes with the generator directly, for shapes that depend on more than the value. */
    static String write(Shape shape) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = MAPPER.createGenerator(text)) {
            shape.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only our own serializers run, writing to a String
            throw new UncheckedIOException(e);
        }
    }

    static void summary(JsonGenerator out, PointsSummary summary) throws IOException {
        summary(out, summary, false);
    }

    /** {@code pointsSummaryOut}; with {@code couponCodes} its debits carry the extension field {@code couponCode}. */
    static void summary(JsonGenerator out, PointsSummary summary, boolean couponCodes) throws IOException {
        out.writeStartObject();
        out.writeStringField("customerId", summary.customerId());
        out.writeNumberField("activePoints", summary.activePoints());
        out.writeObjectFieldStart("summary");
        out.writeArrayFieldStart("addedPointsList");
        for (AddedPoints added : summary.addedPointsList()) {
            added(out, added);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("redeemedPointsList");
        for (RedeemedPoints redeemed : summary.redeemedPointsList()) {
            redeemed(out, redeemed, couponCodes);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndObject();
    }

    static void added(JsonGenerator out, AddedPoints added) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", added.id());
        // the reference writes a missing reference as null
        out.writeStringField("reference-id", added.referenceId());
        optionalText(out, "description", added.description());
        out.writeNumberField("points", added.points());
        instant(out, "createdAt", added.createdAt());
        out.writeNumberField("allPointsAfterCreation", added.allPointsAfterCreation());
        out.writeNumberField("usedPoints", added.usedPoints());
        instant(out, "validUntil", added.validUntil());
        out.writeArrayFieldStart("usedWith");
        for (String debitId : added.usedWith()) {
            out.writeString(debitId);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    static void redeemed(JsonGenerator out, RedeemedPoints redeemed) throws IOException {
        redeemed(out, redeemed, false);
    }

    /**
     * {@code redeemedPoints}, exactly the reference's fields; {@code couponCode} (an extension a
     * strict client of the reference would refuse) only when asked for.
     */
    static void redeemed(JsonGenerator out, RedeemedPoints redeemed, boolean couponCode) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", redeemed.id());
        optionalText(out, "description", redeemed.description());
        out.writeNumberField("points", redeemed.points());
        instant(out, "createdAt", redeemed.createdAt());
        out.writeNumberField("allPointsAfterCreation", redeemed.allPointsAfterCreation());
        if (couponCode) {
            optionalText(out, "couponCode", redeemed.couponCode());
        }
        out.writeEndObject();
    }

    static void option(JsonGenerator out, RedemptionOption option) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", option.id());
        out.writeStringField("type", RedemptionOption.TYPE);
        out.writeStringField("name", option.name());
        optionalText(out, "description", option.description());
        out.writeNumberField("points", option.points());
        out.writeFieldName("coupon");
        coupon(out, option.coupon());
        out.writeObjectFieldStart("metadata");
        out.writeNumberField("version", option.version());
        instant(out, "createdAt", option.createdAt());
        instant(out, "modifiedAt", option.modifiedAt());
        out.writeEndObject();
        out.writeEndObject();
    }

    static void coupon(JsonGenerator out, CouponTemplate coupon) throws IOException {
        out.writeStartObject();
        out.writeStringField("name", coupon.name());
        optionalText(out, "description", coupon.description());
        out.writeStringField("discountType", coupon.discountType().name());
        if (coupon.discountPercentage() != null) {
            out.writeFieldName("discountPercentage");
            decimal(out, coupon.discountPercentage());
        }
        if (coupon.discountAmount() != null) {
            out.writeObjectFieldStart("discountAbsolute");
            out.writeFieldName("amount");
            decimal(out, coupon.discountAmount());
            out.writeStringField("currency", coupon.discountCurrency().getCurrencyCode());
            out.writeEndObject();
        }
        out.writeBooleanField("allowAnonymous", coupon.allowAnonymous());
        out.writeNumberField("maxRedemptions", coupon.maxRedemptions());
        out.writeEndObject();
    }

    private static void instant(JsonGenerator out, String name, Instant value) throws IOException {
        out.writeStringField(name, value == null ? null : INSTANT.format(value));
    }

    private static void optionalText(JsonGenerator out, String name, String value) throws IOException {
        // the reference types these as non-null strings: leave them out rather than write null
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    private static void decimal(JsonGenerator out, BigDecimal value) throws IOException {
        // plain whatever the generator's configuration: 10 rather than 1E+1
        out.writeNumber(value.toPlainString());
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Shape {
        void write(JsonGenerator out) throws IOException;
    }

    @FunctionalInterface
    private interface Writer<T> {
        void write(JsonGenerator out, T value) throws IOException;
    }

    private static <T> StdSerializer<T> serializer(Class<T> type, Writer<T> writer) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator out, SerializerProvider provider) throws IOException {
                writer.write(out, value);
            }
        };
    }
}
