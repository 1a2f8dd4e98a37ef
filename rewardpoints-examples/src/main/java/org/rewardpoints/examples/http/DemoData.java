package org.rewardpoints.examples.http;

import java.math.BigDecimal;
import java.util.List;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.OrderReturn;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;

/**
 * What {@code --demo} puts into the ledger, so that every endpoint has something to show: site
 * {@value #TENANT}/main configured, two redemption options, customer {@value #CUSTOMER} (the example
 * tokens' {@code customer-token}) with orders, a bonus, a coupon and a return, and customer
 * {@value #OTHER_CUSTOMER} with one order. Every step is idempotent (order, add, return and
 * coupon request ids; options looked up by name), so seeding a database kept from an earlier run
 * adds nothing.
 */
final class DemoData {
    static final String TENANT = "acme";
    static final String CUSTOMER = "C-1001";
    static final String OTHER_CUSTOMER = "C-2002";
    /** {@value #CUSTOMER}'s balance after seeding: 120 + 45 + 30 - 90 (coupon) - 15 (return). */
    static final long CUSTOMER_BALANCE = 90;

    /** The options seeded. */
    record Seeded(RedemptionOption voucher, RedemptionOption percentOff) {
    }

    private DemoData() {
    }

    static Seeded seed(RewardPoints ledger) {
        String site = RewardPoints.DEFAULT_SITE_CODE;
        ledger.updateSettings(TENANT, site, SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 24, "ACME", "EUR")));
        RedemptionOption voucher = option(ledger, RedemptionOptionDraft.of(
                        "10 EUR voucher", 90, CouponTemplate.absolute("10 EUR off", "10", "EUR"))
                .withDescription("A 10 EUR voucher for 90 points"));
        RedemptionOption percentOff = option(ledger, RedemptionOptionDraft.of(
                        "5 % off", 50, CouponTemplate.percent("5 % off", "5"))
                .withDescription("5 % off your next order for 50 points"));

        ledger.orderCompleted(OrderCompletion.of(TENANT, site, CUSTOMER, "DEMO-1001-1", "120.50", "EUR"));
        ledger.orderCompleted(OrderCompletion.of(TENANT, site, CUSTOMER, "DEMO-1001-2", "45.00", "EUR"));
        ledger.addPoints(AddPoints.of(TENANT, CUSTOMER, 30).withId("demo-welcome-1001").withDescription("Welcome bonus"));
        ledger.redeemForCoupon(CouponRedemption.of(TENANT, CUSTOMER, voucher.id()).withRequestId("demo-coupon-1001"));
        ledger.orderReturned(OrderReturn.partial(TENANT, "DEMO-1001-2", "demo-return-1", "15.00", "EUR"));
        ledger.orderCompleted(OrderCompletion.of(TENANT, site, OTHER_CUSTOMER, "DEMO-2002-1", "80.00", "EUR"));
        return new Seeded(voucher, percentOff);
    }

    /** What the server prints after seeding. */
    static List<String> describe(Seeded seeded) {
        return List.of(
                "Demo data: site " + TENANT + "/main (1 point per EUR, valid 24 months, coupon prefix ACME)",
                "  " + describe(seeded.voucher()),
                "  " + describe(seeded.percentOff()),
                "  customer " + CUSTOMER + ": " + CUSTOMER_BALANCE + " points (two orders, a bonus, a coupon, a return);"
                        + " customer " + OTHER_CUSTOMER + ": 80 points (one order)",
                "Points are earned from completed orders: the shop's order pipeline calls RewardPoints.orderCompleted"
                        + " (the HTTP API has no endpoint for it, as in the reference)");
    }

    private static String describe(RedemptionOption option) {
        return "option \"" + option.name() + "\" (" + option.points() + " points): id " + option.id();
    }

    private static RedemptionOption option(RewardPoints ledger, RedemptionOptionDraft draft) {
        return ledger.listOptions(TENANT).stream().filter(option -> option.name().equals(draft.name())).findFirst()
                .orElseGet(() -> ledger.createOption(TENANT, draft));
    }
}
