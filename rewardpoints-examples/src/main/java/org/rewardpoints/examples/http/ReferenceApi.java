package org.rewardpoints.examples.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.rewardpoints.AccessDeniedException;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.AddedPoints;
import org.rewardpoints.Caller;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.Page;
import org.rewardpoints.PointsSummary;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedeemedPoints;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionNotFoundException;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SecuredRewardPoints;
import org.rewardpoints.SiteSettings;
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
 */
final class ReferenceApi {
    /** Customers per page while streaming {@code summaryBatch}. */
    private static final int SUMMARY_PAGE_SIZE = 100;
    private static final String COUPON_SETTINGS = "couponSettings";
    private static final String REWARD_POINTS_MIXIN = "rewardpoints";
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

    /** GET-reward-points-fetch-customer-reward-points. */
    private ApiResponse balance(ApiRequest request) {
        return ApiResponse.ok(Long.toString(secured.balance(request.caller(), request.path("customerId"))));
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
        NewCustomerRequest entry = RewardPointsJson.readNewCustomer(body, caller.tenant(), siteCode(request));
        if (!entry.customerId().equals(customerId)) {
            throw new InvalidInputException("customerId", entry.customerId(),
                    "must be the customer of the path, '" + customerId + "'");
        }
        if (entry.startPoints() == null) {
            secured.createAccount(caller, customerId);
        } else {
            secured.createAccount(caller, entry.startPoints());
        }
        return ApiResponse.empty(200);
    }

    /** DELETE-reward-points-remove-customer-reward-entry. */
    private ApiResponse deleteAccount(ApiRequest request) {
        String customerId = request.path("customerId");
        if (!secured.deleteAccount(request.caller(), customerId)) {
            throw new AccountNotFoundException(request.caller().tenant(), customerId);
        }
        return ApiResponse.empty(200);
    }

    /** GET-reward-points-retrieve-customer-reward-summary. */
    private ApiResponse summary(ApiRequest request) {
        return ApiResponse.ok(RewardPointsJson.write(secured.summary(request.caller(), request.path("customerId"))));
    }

    /** POST-reward-points-add-customer-reward-points: 201 with the new entry ({@code addedPoints}). */
    private ApiResponse addPoints(ApiRequest request) throws Exception {
        Caller caller = request.caller();
        AddedPoints added = secured.addPoints(caller, RewardPointsJson.readAddPoints(request.body(), caller.tenant(),
                siteCode(request), request.path("customerId")));
        return ApiResponse.json(201, RewardPointsJson.write(added));
    }

    /** POST-reward-points-redeem-customer-points: 201 with the new entry ({@code redeemedPoints}). */
    private ApiResponse redeemPoints(ApiRequest request) throws Exception {
        Caller caller = request.caller();
        RedeemedPoints redeemed = secured.redeemPoints(caller, RewardPointsJson.readRedeemPoints(request.body(),
                caller.tenant(), request.path("customerId")));
        return ApiResponse.json(201, RewardPointsJson.write(redeemed));
    }

    // ------------------------------------------------------------ Signed-In Customer Reward Points

    /** GET-reward-points-fetch-logged-customer-points. */
    private ApiResponse ownBalance(ApiRequest request) {
        return ApiResponse.ok(Long.toString(secured.balance(request.caller(), signedInCustomer(request))));
    }

    /** GET-reward-points-retrieve-logged-customer-reward-summary. */
    private ApiResponse ownSummary(ApiRequest request) {
        return ApiResponse.ok(RewardPointsJson.write(secured.summary(request.caller(), signedInCustomer(request))));
    }

    /**
     * POST-reward-points-redeem-logged-customer-reward-points-coupon: {@code {"code": ...}}. An
     * optional {@code Idempotency-Key} header makes a retried request return the first coupon.
     */
    private ApiResponse redeemForCoupon(ApiRequest request) throws Exception {
        String optionId = RewardPointsJson.readRedemptionOptionId(request.body());
        RedeemedCoupon coupon = secured.redeemForCoupon(request.caller(), siteCode(request), optionId,
                request.header("Idempotency-Key"));
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

    /** PUT-reward-points-update-redeem-option: the body's {@code metadata.version} must be the current one. */
    private ApiResponse updateOption(ApiRequest request) throws Exception {
        requirePathTenant(request);
        RedemptionOptionRequest option = RewardPointsJson.readRedemptionOption(request.body());
        if (option.version() == null) {
            throw new InvalidInputException("metadata.version", null, "is required: the version of the option that was read");
        }
        RedemptionOption updated = secured.updateOption(request.caller(), request.path("redeemOptionId"),
                option.version(), option.draft());
        return ApiResponse.ok(RewardPointsJson.write(updated));
    }

    /**
     * DELETE-reward-points-remove-redeem-option: 204. The reference sends no version; an optional
     * {@code ?version=} makes the delete conditional (409 when the option changed since).
     */
    private ApiResponse deleteOption(ApiRequest request) {
        requirePathTenant(request);
        Caller caller = request.caller();
        String optionId = request.path("redeemOptionId");
        String given = request.query("version", null);
        long version = given != null ? version(given) : secured.listOptions(caller).stream()
                .filter(option -> option.id().equals(optionId))
                .findFirst()
                .orElseThrow(() -> new RedemptionOptionNotFoundException(caller.tenant(), optionId))
                .version();
        secured.deleteOption(caller, optionId, version);
        return ApiResponse.empty(204);
    }

    // ------------------------------------------------------------ Site settings (site.site_manage)

    /** The site's mixins as far as reward points go: {@code {"couponSettings": {"rewardpoints": {...}}}}. */
    private ApiResponse siteMixins(ApiRequest request) {
        requirePathTenant(request);
        SiteSettings site = secured.settings(request.caller(), request.path("siteCode"));
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
