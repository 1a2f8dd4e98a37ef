package org.rewardpoints.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Locale;
import org.rewardpoints.AddPoints;
import org.rewardpoints.Caller;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.CreditResult;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.ReversalResult;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.Scopes;
import org.rewardpoints.SecuredRewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.json.RewardPointsJson;

/**
 * The flow the quick start and the PostgreSQL example both run: configure a site, earn points
 * for orders (one delivered twice), add a bonus, create redemption options, redeem one for a
 * coupon, return part of an order, and show the balance and the summary.
 *
 * <p>The order pipeline calls the trusted {@link RewardPoints}; the employee and the customer
 * act through {@link SecuredRewardPoints}, which checks what each of them may do.
 */
public final class LoyaltyTour {
    public static final String TENANT = "acme";
    public static final String SITE = RewardPoints.DEFAULT_SITE_CODE;
    public static final String CUSTOMER = "C-1001";

    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // keep 120.50 as the library wrote it
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final ExampleBackend backend;
    private final PrintStream out;
    private int step;

    private LoyaltyTour(ExampleBackend backend, PrintStream out) {
        this.backend = backend;
        this.out = out;
    }

    /** Runs the tour on the backend, printing numbered steps to {@code out}. */
    public static void run(ExampleBackend backend, PrintStream out) {
        new LoyaltyTour(backend, out).run();
    }

    private void run() {
        RewardPoints ledger = backend.ledger();
        SecuredRewardPoints secured = backend.secured();
        Caller admin = Caller.employee(TENANT, Scopes.SITE_MANAGE);
        Caller employee = Caller.employee(TENANT, Scopes.VIEW, Scopes.MANAGE);
        Caller customer = Caller.customer(TENANT, CUSTOMER);

        out.println("Reward points tour, ledger on " + backend.description());
        // on a database that outlives the JVM, start from a clean slate (deleting the account forgets its orders too)
        if (ledger.deleteAccount(TENANT, CUSTOMER)) {
            out.println("(removed customer " + CUSTOMER + "'s account left by an earlier run)");
        }

        SiteSettings site = secured.updateSettings(admin, SITE,
                SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 24, "LOYAL", "EUR")));
        print("Site '%s' of tenant '%s': %s point per %s, valid %d months, coupon prefix %s",
                SITE, TENANT, site.orderValueToRewardPointsFactor(), site.currency(), site.validityInMonths(),
                site.codePrefix());

        OrderCompletion firstOrder = OrderCompletion.of(TENANT, SITE, CUSTOMER, "O-1", "120.50", "EUR");
        printCredit("Order O-1 completed, 120.50 EUR", ledger.orderCompleted(firstOrder));
        printCredit("Order O-1 delivered again", ledger.orderCompleted(firstOrder));
        printCredit("Order O-2 completed, 80.00 EUR",
                ledger.orderCompleted(OrderCompletion.of(TENANT, SITE, CUSTOMER, "O-2", "80.00", "EUR")));

        secured.addPoints(employee, AddPoints.of(TENANT, CUSTOMER, 50).withDescription("Welcome bonus"));
        print("Employee adds 50 bonus points: balance %d", secured.balance(employee, CUSTOMER));

        RedemptionOption voucher = secured.createOption(employee, RedemptionOptionDraft.of(
                        "10 EUR voucher", 90, CouponTemplate.absolute("10 EUR off", "10", "EUR"))
                .withDescription("A 10 EUR voucher for 90 points"));
        RedemptionOption percentOff = secured.createOption(employee, RedemptionOptionDraft.of(
                        "5 % off", 50, CouponTemplate.percent("5 % off", "5"))
                .withDescription("5 % off your next order for 50 points"));
        print("Employee creates redemption options: '%s' for %d points (%s %s %s), '%s' for %d points (%s %s %%)",
                voucher.name(), voucher.points(), voucher.coupon().discountType(),
                voucher.coupon().discountAmount().toPlainString(), voucher.coupon().discountCurrency(),
                percentOff.name(), percentOff.points(), percentOff.coupon().discountType(),
                percentOff.coupon().discountPercentage().toPlainString());

        RedeemedCoupon coupon = secured.redeemForCoupon(customer, SITE, voucher.id(), null);
        print("Customer redeems '%s': coupon %s, balance %d", voucher.name(), coupon.code(),
                secured.balance(customer, CUSTOMER));

        ReversalResult reversal = ledger.orderReturned(OrderReturn.partial(TENANT, "O-2", "R-1", "40.00", "EUR"));
        print("Order O-2 partly returned, 40.00 of 80.00 EUR refunded: %s %d points", reversal.status(),
                reversal.reversedPoints());

        print("Balance of customer %s: %d points", CUSTOMER, secured.balance(customer, CUSTOMER));

        print("Summary of customer %s (the reference API's pointsSummaryOut):%n%s", CUSTOMER,
                prettyJson(RewardPointsJson.write(secured.summary(customer, CUSTOMER))));
    }

    private static String prettyJson(String json) {
        try {
            return PRETTY.writeValueAsString(PRETTY.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The library wrote invalid JSON: " + json, e);
        }
    }

    private void printCredit(String what, CreditResult result) {
        print("%s: %s %d points", what, result.status(), result.points());
    }

    private void print(String format, Object... args) {
        step++;
        out.println(step + ". " + String.format(Locale.ROOT, format, args));
    }
}
