package org.rewardpoints.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.internal.Checks;

/**
 * JSON of the reference API (Emporix Reward Points Service): writes the library's values in its
 * response shapes and reads its request bodies. Thread-safe; all methods are static.
 *
 * <p>Written shapes: {@link PointsSummary} as {@code pointsSummaryOut}, {@link AddedPoints} as
 * {@code addedPoints} (with {@code reference-id}), {@link RedeemedPoints} as {@code redeemedPoints},
 * {@link RedemptionOption} as {@code redeemOption},
 * {@link CouponTemplate} as {@code coupon}, and a coupon code as {@code redeemCouponOut}. Instants
 * are written in UTC with milliseconds, {@code 2020-09-03T09:45:02.248+00:00} (finer digits are
 * cut); a null text field is left out, except {@code reference-id}, which is written as null as
 * the reference does. To use your own {@code ObjectMapper}, register {@link #module()}.
 *
 * <p>The reference shapes hold exactly the reference's fields, so a client generated from the
 * reference description with strict models reads them. The one extension, the coupon code of a
 * coupon redemption ({@link RedeemedPoints#couponCode()}), is written only by
 * {@link #writeWithCouponCodes(PointsSummary)} and {@link #writeWithCouponCodes(RedeemedPoints)}.
 *
 * <p>Readers turn request bodies into the library's inputs. Malformed JSON, a value of the wrong
 * type, a missing required field or a value the library refuses is an
 * {@link InvalidInputException} naming the field (its path, as in {@code coupon.discountType}; the
 * document as a whole is named {@code json}). Absent and {@code null} fields are not given; unknown
 * fields are ignored; a repeated field is refused.
 */
public final class RewardPointsJson {
    private static final String COUPON_CODE = "code";

    private RewardPointsJson() {
    }

    /** Jackson module that writes the library's values in the reference shapes. */
    public static Module module() {
        return JsonOutput.MODULE;
    }

    /** An instant as the written shapes show it: {@code 2020-09-03T09:45:02.248+00:00}. */
    public static String format(Instant instant) {
        return JsonOutput.INSTANT.format(Checks.required("instant", instant));
    }

    // ---------------------------------------------------------------- writing

    /** {@code pointsSummaryOut}. */
    public static String write(PointsSummary summary) {
        return JsonOutput.write(Checks.required("summary", summary));
    }

    /** {@code addedPoints}. */
    public static String write(AddedPoints added) {
        return JsonOutput.write(Checks.required("added", added));
    }

    /** {@code redeemedPoints}. */
    public static String write(RedeemedPoints redeemed) {
        return JsonOutput.write(Checks.required("redeemed", redeemed));
    }

    /**
     * {@code pointsSummaryOut} with an extension: each coupon redemption in {@code redeemedPointsList}
     * carries {@code couponCode}, the code of the coupon it bought. Not the reference shape: only
     * for clients that asked for it.
     */
    public static String writeWithCouponCodes(PointsSummary summary) {
        Checks.required("summary", summary);
        return JsonOutput.write(generator -> JsonOutput.summary(generator, summary, true));
    }

    /** {@code redeemedPoints} with the extension {@code couponCode} for a coupon redemption. */
    public static String writeWithCouponCodes(RedeemedPoints redeemed) {
        Checks.required("redeemed", redeemed);
        return JsonOutput.write(generator -> JsonOutput.redeemed(generator, redeemed, true));
    }

    /** {@code redeemOption}. */
    public static String write(RedemptionOption option) {
        return JsonOutput.write(Checks.required("option", option));
    }

    /** {@code redeemOptions}: an array of {@code redeemOption}. */
    public static String writeRedemptionOptions(List<RedemptionOption> options) {
        return JsonOutput.write(Checks.required("options", options));
    }

    /** {@code redeemCouponOut}: {@code {"code": "L-232394"}}. */
    public static String writeCouponCode(String code) {
        return JsonOutput.write(Map.of(COUPON_CODE, Checks.id("code", code)));
    }

    /**
     * {@code customerSummaryBatchOut}: writes an array of {@code pointsSummaryOut} as the summaries
     * come, never holding them all (use with {@code RewardPoints.streamSummaries}). Does not close
     * {@code out}. When the stream fails midway the exception propagates and the array is left
     * open, so a reader of the output sees it is cut short.
     *
     * @throws UncheckedIOException when writing fails
     */
    public static void writeSummaries(Stream<PointsSummary> summaries, Writer out) {
        Checks.required("summaries", summaries);
        Checks.required("out", out);
        try (JsonGenerator generator = JsonOutput.MAPPER.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            // closing must not end the array after a failure: cut-short output must not look complete
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            generator.writeStartArray();
            for (Iterator<PointsSummary> it = summaries.iterator(); it.hasNext(); ) {
                JsonOutput.summary(generator, it.next());
            }
            generator.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * An {@code addedPoints} request (POST .../addPoints): {@code points} required; {@code id},
     * {@code reference-id}, {@code description} and {@code validUntil} optional; the read-only
     * fields of the shape ({@code createdAt}, {@code usedPoints}, ...) are ignored.
     */
    public static AddPoints readAddPoints(String json, String tenant, String siteCode, String customerId) {
        return addPoints(JsonInput.parse(json), tenant, siteCode, customerId);
    }

    /** A {@code redeemedPoints} request (POST .../redeemPoints): {@code points} required; {@code id}, {@code description} optional. */
    public static RedeemPoints readRedeemPoints(String json, String tenant, String customerId) {
        JsonInput body = JsonInput.parse(json);
        String id = body.text("id");
        String description = body.text("description");
        long points = body.requiredPoints("points");
        return new RedeemPoints(tenant, customerId, id, description, points);
    }

    /**
     * A {@code newCustomerIn} request: {@code customerId} required, {@code startPoints} an optional
     * {@code addedPoints} object credited on the site {@code siteCode}.
     */
    public static NewCustomerRequest readNewCustomer(String json, String tenant, String siteCode) {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        JsonInput body = JsonInput.parse(json);
        String customerId = Checks.id("customerId", body.requiredText("customerId"));
        JsonInput start = body.object("startPoints");
        return new NewCustomerRequest(customerId, start == null ? null : addPoints(start, tenant, siteCode, customerId));
    }

    /**
     * A {@code redeemOption} request (create or update): {@code type} must be {@code coupon};
     * {@code name}, {@code points} and {@code coupon} are required, with {@code coupon.name} and
     * {@code coupon.discountType} ({@code PERCENT} with {@code discountPercentage}, or
     * {@code ABSOLUTE} with {@code discountAbsolute: {amount, currency}}). {@code allowAnonymous}
     * defaults to false and {@code maxRedemptions} to 1, as {@link CouponTemplate#percent} does
     * (the reference coupon API's own default, -1, would let one bought coupon be used without
     * limit). Note that a client generated from the reference description sends its schema
     * default, {@code maxRedemptions: -1}, unless told otherwise: the coupons are then unlimited.
     * {@code metadata.version} is the version an update is based on; {@code id} is ignored.
     *
     * <p>The reference's other coupon fields are read, never dropped silently: each is accepted
     * when it states what the library does and refused otherwise, naming it —
     * {@code status} {@code VALID} (the coupons are issued valid), {@code links} empty (read-only),
     * {@code maxRedemptionsPerCustomer} -1 or at least {@code maxRedemptions} (a bought coupon has
     * one holder, so only {@code maxRedemptions} limits it), {@code redemptionCount} 0,
     * {@code deleted} false, {@code restrictions} without a restriction ({@code validFor} empty);
     * {@code code} and {@code issuedTo} are refused (set when a coupon is issued), and so is the
     * option's {@code pointsAfterCoupon}.
     */
    public static RedemptionOptionRequest readRedemptionOption(String json) {
        JsonInput body = JsonInput.parse(json);
        String type = body.requiredText("type");
        if (!RedemptionOption.TYPE.equals(type)) {
            throw new InvalidInputException("type", type, "must be '" + RedemptionOption.TYPE + "', the only option type");
        }
        String name = body.text("name");
        String description = body.text("description");
        long points = body.requiredPoints("points");
        if (body.has("pointsAfterCoupon")) {
            throw new InvalidInputException("pointsAfterCoupon", body.integer("pointsAfterCoupon"),
                    "is not supported: an option deducts its points");
        }
        JsonInput coupon = body.object("coupon");
        CouponTemplate template = coupon == null ? null : coupon(coupon);
        JsonInput metadata = body.object("metadata");
        Long version = metadata == null ? null : metadata.integer("version");
        return new RedemptionOptionRequest(new RedemptionOptionDraft(name, description, points, template), version);
    }

    /** A {@code redeemOptionIn} request ({@code {"id": "..."}}): the id of the redemption option. */
    public static String readRedemptionOptionId(String json) {
        return Checks.id("id", JsonInput.parse(json).requiredText("id"));
    }

    private static AddPoints addPoints(JsonInput body, String tenant, String siteCode, String customerId) {
        String id = body.text("id");
        // checked here so the failure names the field as the JSON spells it
        String referenceId = Checks.optionalId(body.field("reference-id"), body.text("reference-id"));
        String description = body.text("description");
        long points = body.requiredPoints("points");
        Instant validUntil = body.instant("validUntil");
        return body.build(() -> new AddPoints(tenant, siteCode, customerId, id, referenceId, description, points, validUntil));
    }

    private static CouponTemplate coupon(JsonInput coupon) {
        String name = coupon.text("name");
        String description = coupon.text("description");
        DiscountType discountType = discountType(coupon);
        JsonInput absolute = coupon.object("discountAbsolute");
        String currency = absolute == null ? null : absolute.text("currency");
        int maxRedemptions = coupon.has("maxRedemptions") ? coupon.smallInteger("maxRedemptions") : 1;
        CouponTemplate template = new CouponTemplate(name, description, discountType,
                coupon.decimal("discountPercentage"),
                absolute == null ? null : absolute.decimal("amount"),
                currency == null ? null : Checks.currency(absolute.field("currency"), currency),
                Boolean.TRUE.equals(coupon.bool("allowAnonymous")),
                maxRedemptions);
        couponFieldsTheLibraryKeepsAsIs(coupon, maxRedemptions);
        return template;
    }

    /** The reference's coupon fields without a place in {@link CouponTemplate}: accepted only as the library behaves. */
    private static void couponFieldsTheLibraryKeepsAsIs(JsonInput coupon, int maxRedemptions) {
        String status = coupon.text("status");
        if (status != null && !status.equals("VALID")) {
            throw new InvalidInputException(coupon.field("status"), status,
                    "is read-only: the coupons of a redemption option are issued VALID");
        }
        if (coupon.arraySize("links") > 0) {
            throw new InvalidInputException(coupon.field("links"), coupon.arraySize("links") + " links",
                    "are read-only: give none or an empty array");
        }
        Integer perCustomer = coupon.smallInteger("maxRedemptionsPerCustomer");
        if (perCustomer != null && perCustomer != -1 && (maxRedemptions == -1 || perCustomer < maxRedemptions)) {
            throw new InvalidInputException(coupon.field("maxRedemptionsPerCustomer"), perCustomer,
                    "cannot be kept: a coupon bought with points has one holder, so only maxRedemptions ("
                            + maxRedemptions + ") limits it; give -1 or at least maxRedemptions");
        }
        Long redemptionCount = coupon.integer("redemptionCount");
        if (redemptionCount != null && redemptionCount != 0) {
            throw new InvalidInputException(coupon.field("redemptionCount"), redemptionCount, "is read-only: give none or 0");
        }
        if (Boolean.TRUE.equals(coupon.bool("deleted"))) {
            throw new InvalidInputException(coupon.field("deleted"), true, "is read-only: give none or false");
        }
        for (String readOnly : List.of("code", "issuedTo")) {
            if (coupon.has(readOnly)) {
                throw new InvalidInputException(coupon.field(readOnly), coupon.text(readOnly),
                        "is set when a coupon is issued: an option cannot give it");
            }
        }
        JsonInput restrictions = coupon.object("restrictions");
        if (restrictions != null) {
            for (String restriction : restrictions.givenFields()) {
                if (!restriction.equals("validFor") || restrictions.arraySize("validFor") > 0) {
                    throw new InvalidInputException(restrictions.field(restriction), null,
                            "is not supported: a coupon bought with points is restricted to its buyer only");
                }
            }
        }
    }

    private static DiscountType discountType(JsonInput coupon) {
        String value = coupon.text("discountType");
        if (value == null) {
            return null;
        }
        try {
            return DiscountType.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(coupon.field("discountType"), value, "must be PERCENT or ABSOLUTE");
        }
    }
}
