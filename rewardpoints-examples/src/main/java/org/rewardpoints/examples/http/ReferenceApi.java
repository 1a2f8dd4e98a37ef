package org.rewardpoints.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rewardpoints.AccessDeniedException;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.AddPoints;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.Caller;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.Page;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionNotFoundException;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SecuredRewardPoints;
import org.rewardpoints.SiteNotFoundException;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StaleVersionException;
import org.rewardpoints.json.NewCustomerRequest;
import org.rewardpoints.json.RedemptionOptionRequest;
import org.rewardpoints.json.RewardPointsJson;
import org.rewardpoints.json.SettingsMixinReader;
import org.rewardpoints.json.SettingsMixinWriter;

/**
 * The reference API's operations (Emporix Reward Points Service) plus a site's reward points
 * settings (as the Emporix Site Settings Service keeps them in the {@code couponSettings} mixin).
 * Each handler reads the request, calls {@link SecuredRewardPoints} on behalf of the caller, and
 * writes the reference shape; access decisions and validation happen in the library.
 *
 * <p>Where the library's answer has no status the reference declares for the endpoint, the
 * handler gives the reference's view (listed in the README's HTTP section): a customer without
 * account has 0 points and an empty summary and cannot redeem (400, too few points); deleting what
 * is gone succeeds; a site without settings is a bad {@code siteCode} (400); an update of an option
 * deleted since is a conflict (409), as one changed since.
 */
final class ReferenceApi {
    /** Customers per page while streaming {@code summaryBatch}. */
    private static final int SUMMARY_PAGE_SIZE = 100;
    private static final String COUPON_SETTINGS = "couponSettings";
    private static final String REWARD_POINTS_MIXIN = "rewardpoints";
    /** Query parameter of the summary endpoints (an extension): {@code true} adds {@code couponCode} to coupon redemptions. */
    static final String COUPON_CODES = "couponCodes";
    /** Reads and deletes of an unconditional option delete that meet concurrent updates. */
    private static final int DELETE_ATTEMPTS = 3;
    // settings factors are decimals: keep 0.10 as written
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final SecuredRewardPoints secured;

    ReferenceApi(SecuredRewardPoints secured) {
        this.secured = secured;
    }

    /** The routing table: every path of the reference API, then the site settings. */
    Router routes() {
        String customer = "/reward-points/customer/{customerId}";
        String options = "/reward-points/{tenant}/redeemOptions";
        String site = "/site/{tenant}/sites/{siteCode}/mixins";
        return new Router()
                .add("GET", "/reward-points/summaryBatch", this::summaryBatch)
                .add("GET", "/reward-points/public/customer", this::ownBalance)
                .add("GET", "/reward-points/public/customer/summary", this::ownSummary)
                .add("POST", "/reward-points/public/customer/redeem", this::redeemForCoupon)
                .add("GET", customer, this::balance)
                .add("POST", customer, this::createAccount)
                .add("DELETE", customer, this::deleteAccount)
                .add("GET", customer + "/summary", this::summary)
                .add("POST", customer + "/addPoints", this::addPoints)
                .add("POST", customer + "/redeemPoints", this::redeemPoints)
                .add("POST", options, this::createOption)
                .add("GET", options, this::listOptions)
                .add("PUT", options + "/{redeemOptionId}", this::updateOption)
                .add("DELETE", options + "/{redeemOptionId}", this::deleteOption)
                .add("GET", site, this::siteMixins)
                .add("PATCH", site + "/" + COUPON_SETTINGS, this::patchCouponSettings);
    }

    // ------------------------------------------------------------ Reward Points Management

    /** GET-reward-points-retrieve-rewards-summary: every customer's summary, streamed page by page. */
    private ApiResponse summaryBatch(ApiRequest request) {
        Caller caller = request.caller();
        // the first page is read before anything is sent, so a refusal still gets its status
        Page<PointsSummary> first = secured.summaries(caller, null, SUMMARY_PAGE_SIZE);
        Stream<PointsSummary> all = Stream.iterate(first, page -> page != null,
                        page -> page.nextCursor().map(next -> secured.summaries(caller, next, SUMMARY_PAGE_SIZE))
                                .orElse(null))
                .flatMap(page -> page.items().stream());
        return ApiResponse.streamed(200, out -> RewardPointsJson.writeSummaries(all, out));
    }

    /** GET-reward-points-fetch-customer-reward-points: 0 for a customer without account (the reference declares no 404). */
    private ApiResponse balance(ApiRequest request) {
        return ApiResponse.ok(Long.toString(balanceOrZero(request.caller(), request.path("customerId"))));
    }

    /** POST-reward-points-create-customer-reward-entry: an empty account, or one holding {@code startPoints}. */
    private ApiResponse createAccount(ApiRequest request) throws Exception {
        Caller caller = request.caller();
        String customerId = request.path("customerId");
        String body = request.body();
        if (body.isBlank()) {
            secured.createAccount(caller, customerId);
            return ApiResponse.empty(200);
        }
        String siteCode = siteCode(request);
        NewCustomerRequest entry = RewardPointsJson.readNewCustomer(body, caller.tenant(), siteCode);
        if (!entry.customerId().equals(customerId)) {
            throw new InvalidInputException("customerId", entry.customerId(),
                    "must be the customer of the path, '" + customerId + "'");
        }
        if (entry.startPoints() == null) {
            secured.createAccount(caller, customerId);
        } else {
            configuredSite(siteCode, () -> secured.createAccount(caller, entry.startPoints()));
        }
        return ApiResponse.empty(200);
    }

    /**
     * DELETE-reward-points-remove-customer-reward-entry: 200, also when there is no account (the
     * reference declares no 404; the account is gone either way, and a repeat completes an erasure).
     */
    private ApiResponse deleteAccount(ApiRequest request) {
        secured.deleteAccount(request.caller(), request.path("customerId"));
        return ApiResponse.empty(200);
    }

    /**
     * GET-reward-points-retrieve-customer-reward-summary: 404 for a customer without account, as
     * the reference declares. {@code ?couponCodes=true} (an extension) adds {@code couponCode} to
     * coupon redemptions.
     */
    private ApiResponse summary(ApiRequest request) {
        PointsSummary summary = secured.summary(request.caller(), request.path("customerId"));
        return ApiResponse.ok(summaryJson(summary, request));
    }

    /** POST-reward-points-add-customer-reward-points: 201 with the new entry ({@code addedPoints}). */
    private ApiResponse addPoints(ApiRequest request) throws Exception {
        Caller caller = request.caller();
        String siteCode = siteCode(request);
        AddPoints add = RewardPointsJson.readAddPoints(request.body(), caller.tenant(), siteCode, request.path("customerId"));
        AddedPoints added = configuredSite(siteCode, () -> secured.addPoints(caller, add));
        return ApiResponse.json(201, RewardPointsJson.write(added));
    }

    /** POST-reward-points-redeem-customer-points: 201 with the new entry ({@code redeemedPoints}). */
    private ApiResponse redeemPoints(ApiRequest request) throws Exception {
        Caller caller = request.caller();
        RedeemPoints redeem = RewardPointsJson.readRedeemPoints(request.body(), caller.tenant(), request.path("customerId"));
        try {
            return ApiResponse.json(201, RewardPointsJson.write(secured.redeemPoints(caller, redeem)));
        } catch (AccountNotFoundException e) {
            return noPointsYet(redeem.points());
        }
    }

    // ------------------------------------------------------------ Signed-In Customer Reward Points

    /** GET-reward-points-fetch-logged-customer-points: 0 for a customer who has not earned points yet. */
    private ApiResponse ownBalance(ApiRequest request) {
        return ApiResponse.ok(Long.toString(balanceOrZero(request.caller(), signedInCustomer(request))));
    }

    /**
     * GET-reward-points-retrieve-logged-customer-reward-summary: an empty summary for a customer
     * who has not earned points yet. {@code ?couponCodes=true} (an extension) adds
     * {@code couponCode} to coupon redemptions.
     */
    private ApiResponse ownSummary(ApiRequest request) {
        String customerId = signedInCustomer(request);
        PointsSummary summary;
        try {
            summary = secured.summary(request.caller(), customerId);
        } catch (AccountNotFoundException e) {
            summary = new PointsSummary(customerId, 0, List.of(), List.of());
        }
        return ApiResponse.ok(summaryJson(summary, request));
    }

    /**
     * POST-reward-points-redeem-logged-customer-reward-points-coupon: {@code {"code": ...}}. An
     * optional {@code Idempotency-Key} header makes a retried request return the first coupon.
     */
    private ApiResponse redeemForCoupon(ApiRequest request) throws Exception {
        String optionId = RewardPointsJson.readRedemptionOptionId(request.body());
        RedeemedCoupon coupon;
        try {
            coupon = secured.redeemForCoupon(request.caller(), siteCode(request), optionId,
                    request.header("Idempotency-Key"));
        } catch (AccountNotFoundException e) {
            return noPointsYet(secured.listOptions(request.caller()).stream().filter(o -> o.id().equals(optionId))
                    .findFirst().orElseThrow(() -> new RedemptionOptionNotFoundException(request.caller().tenant(), optionId))
                    .points());
        }
        return ApiResponse.ok(RewardPointsJson.writeCouponCode(coupon.code()));
    }

    // ------------------------------------------------------------ Redeem Options Management

    /** POST-reward-points-create-redeem-options: 200 with {@code redeemOptions}, holding the new option. */
    private ApiResponse createOption(ApiRequest request) throws Exception {
        requirePathTenant(request);
        RedemptionOptionRequest option = RewardPointsJson.readRedemptionOption(request.body());
        RedemptionOption created = secured.createOption(request.caller(), option.draft());
        return ApiResponse.ok(RewardPointsJson.writeRedemptionOptions(List.of(created)));
    }

    /** GET-reward-points-list-redeem-options. */
    private ApiResponse listOptions(ApiRequest request) {
        requirePathTenant(request);
        return ApiResponse.ok(RewardPointsJson.writeRedemptionOptions(secured.listOptions(request.caller())));
    }

    /**
     * PUT-reward-points-update-redeem-option: the body's {@code metadata.version} must be the
     * current one. An option deleted since is a 409 too (the reference declares no 404): it changed
     * since it was read, and re-reading the options shows how.
     */
    private ApiResponse updateOption(ApiRequest request) throws Exception {
        requirePathTenant(request);
        RedemptionOptionRequest option = RewardPointsJson.readRedemptionOption(request.body());
        if (option.version() == null) {
            throw new InvalidInputException("metadata.version", null, "is required: the version of the option that was read");
        }
        String optionId = request.path("redeemOptionId");
        try {
            RedemptionOption updated = secured.updateOption(request.caller(), optionId, option.version(), option.draft());
            return ApiResponse.ok(RewardPointsJson.write(updated));
        } catch (RedemptionOptionNotFoundException e) {
            return ErrorMapper.conflict("stale_version", "redeemOptionId", "The redemption option '" + optionId
                    + "' was deleted since version " + option.version() + " was read");
        }
    }

    /**
     * DELETE-reward-points-remove-redeem-option: 204, also when the option is gone (the reference
     * declares no 404). The reference sends no version; an optional {@code ?version=} makes the
     * delete conditional (409 when the option changed since). The library checks the caller's
     * scope before anything about the option is told: 403 whether or not it exists.
     */
    private ApiResponse deleteOption(ApiRequest request) {
        requirePathTenant(request);
        Caller caller = request.caller();
        String optionId = request.path("redeemOptionId");
        String given = request.query("version", null);
        for (int attempt = 1; ; attempt++) {
            // without a version: the current one; an option missing here is still deleted through the
            // library, which refuses a caller without the scope first and then finds nothing to delete
            long version = given != null ? version(given) : secured.listOptions(caller).stream()
                    .filter(option -> option.id().equals(optionId))
                    .findFirst()
                    .map(RedemptionOption::version)
                    .orElse(1L);
            try {
                secured.deleteOption(caller, optionId, version);
                return ApiResponse.empty(204);
            } catch (RedemptionOptionNotFoundException e) {
                return ApiResponse.empty(204);
            } catch (StaleVersionException e) {
                // changed between our read and the delete: an unconditional delete reads again
                if (given != null || attempt == DELETE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------ Site settings (site.site_manage)

    /** The site's mixins as far as reward points go: {@code {"couponSettings": {"rewardpoints": {...}}}}. */
    private ApiResponse siteMixins(ApiRequest request) {
        requirePathTenant(request);
        String siteCode = request.path("siteCode");
        SiteSettings site;
        try {
            site = secured.settings(request.caller(), siteCode);
        } catch (SiteNotFoundException e) { // the library's message names its Java API; an HTTP client has the PATCH
            return ErrorMapper.notFound("No reward points settings for site '" + siteCode + "' of tenant '"
                    + request.caller().tenant() + "': configure them with PATCH /site/" + request.caller().tenant()
                    + "/sites/" + siteCode + "/mixins/couponSettings");
        }
        ObjectNode mixins = MAPPER.createObjectNode();
        mixins.putObject(COUPON_SETTINGS).set(REWARD_POINTS_MIXIN, readTree(SettingsMixinWriter.write(site)));
        return ApiResponse.ok(mixins.toString());
    }

    /**
     * Partially updates the reward points settings: the body is the {@code couponSettings} mixin
     * ({@code {"rewardpoints": {...}}}), the {@code rewardpoints} object itself, or all mixins; both
     * spellings ({@code enable}/{@code enabled}, {@code couponPrefix}/{@code codePrefix}). 204.
     */
    private ApiResponse patchCouponSettings(ApiRequest request) throws Exception {
        requirePathTenant(request);
        secured.updateSettings(request.caller(), request.path("siteCode"), SettingsMixinReader.read(request.body()));
        return ApiResponse.empty(204);
    }

    // ------------------------------------------------------------ helpers

    private long balanceOrZero(Caller caller, String customerId) {
        try {
            return secured.balance(caller, customerId);
        } catch (AccountNotFoundException e) {
            return 0; // the reference's view: a customer who has not earned points has none
        }
    }

    /** Runs a credit; a site without settings is a bad {@code siteCode} (the endpoints declare 400, not 404). */
    private static <T> T configuredSite(String siteCode, Supplier<T> credit) {
        try {
            return credit.get();
        } catch (SiteNotFoundException e) {
            InvalidInputException invalid = new InvalidInputException("siteCode", siteCode,
                    "has no reward points settings: configure the site first (PATCH /site/{tenant}/sites/"
                            + siteCode + "/mixins/couponSettings)");
            invalid.initCause(e);
            throw invalid;
        }
    }

    /** 400 as for too few points: a customer without account has none (the endpoints declare no 404). */
    private static ApiResponse noPointsYet(long points) {
        return ErrorMapper.validation("points", "Insufficient points: " + points + " needed, 0 available",
                "insufficient_points");
    }

    /** The reference shape, or with {@code ?couponCodes=true} the extension that names each coupon redemption's coupon. */
    private static String summaryJson(PointsSummary summary, ApiRequest request) {
        String couponCodes = request.query(COUPON_CODES, "false");
        return switch (couponCodes) {
            case "false" -> RewardPointsJson.write(summary);
            case "true" -> RewardPointsJson.writeWithCouponCodes(summary);
            default -> throw new InvalidInputException(COUPON_CODES, couponCodes, "must be true or false");
        };
    }

    private static String siteCode(ApiRequest request) {
        return request.query("siteCode", RewardPoints.DEFAULT_SITE_CODE);
    }

    /** The public endpoints speak about the signed-in customer; an employee has no own account. */
    private static String signedInCustomer(ApiRequest request) {
        if (request.caller() instanceof Caller.Customer customer) {
            return customer.customerId();
        }
        throw new AccessDeniedException(null, "Only a signed-in customer has own reward points;"
                + " employees use /reward-points/customer/{customerId}");
    }

    /** A token reaches only its own tenant, also where the path names one. */
    private static void requirePathTenant(ApiRequest request) {
        String tenant = request.path("tenant");
        if (!tenant.equals(request.caller().tenant())) {
            throw new AccessDeniedException(null, "The token belongs to tenant '" + request.caller().tenant()
                    + "' and cannot act on tenant '" + tenant + "'");
        }
    }

    private static long version(String given) {
        try {
            long version = Long.parseLong(given);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("version", given, "must be a whole number greater than 0");
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The library wrote invalid JSON: " + json, e);
        }
    }
}
