package com.example.shop;

import java.math.BigDecimal;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;

public class QuickStart {
    public static void main(String[] args) {
        RewardPoints points = RewardPoints.builder()
                .store(new InMemoryLedgerStore())
                .settings(new InMemorySettingsStore() // site "main" of tenant "acme": 1 point per EUR, valid 24 months
                        .put("acme", "main", SiteSettings.of(new BigDecimal("1"), 24, "ACME", "EUR")))
                .couponIssuer(new InMemoryCouponIssuer())
                .redemptionOptions(new InMemoryRedemptionOptionStore())
                .build();

        points.orderCompleted(OrderCompletion.of("acme", "main", "customer-7", "order-1", "120.50", "EUR")); // 120 points
        points.addPoints(AddPoints.of("acme", "customer-7", 30).withDescription("Welcome bonus"));
        RedemptionOption voucher = points.createOption("acme",
                RedemptionOptionDraft.of("10 EUR voucher", 90, CouponTemplate.absolute("10 EUR off", "10", "EUR"))
                        .withDescription("90 points for 10 EUR"));
        String code = points.redeemForCoupon(CouponRedemption.of("acme", "customer-7", voucher.id())).code();

        System.out.println("coupon " + code + ", balance " + points.balance("acme", "customer-7")); // balance 60
    }
}
