package org.rewardpoints.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
import org.rewardpoints.testing.ReadmeSnippets;

/** The README's getting-started snippet, verbatim between the markers: it compiles, runs, and the README holds it. */
class GettingStartedTest {

    @Test
    void readmeSnippet_runs() {
        // README snippet start
        RewardPoints points = RewardPoints.builder()
                .store(new InMemoryLedgerStore())
                .settings(new InMemorySettingsStore()
                        .put("acme", "main", SiteSettings.of(new BigDecimal("1"), 24, "ACME", "EUR")))
                .couponIssuer(new InMemoryCouponIssuer())
                .redemptionOptions(new InMemoryRedemptionOptionStore())
                .build();

        points.orderCompleted(OrderCompletion.of("acme", "main", "customer-7", "order-1", "120.50", "EUR")); // 120 points
        points.addPoints(AddPoints.of("acme", "customer-7", 30).withDescription("Welcome bonus"));
        RedemptionOption voucher = points.createOption("acme", RedemptionOptionDraft.of(
                "10 EUR voucher", 90, CouponTemplate.absolute("10 EUR off", "10", "EUR"))
                        .withDescription("90 points for 10 EUR"));
        String code = points.redeemForCoupon(CouponRedemption.of("acme", "customer-7", voucher.id())).code();
        long balance = points.balance("acme", "customer-7"); // 60
        // README snippet end

        assertThat(code).startsWith("ACME-");
        assertThat(balance).isEqualTo(60);
        ReadmeSnippets.assertReadmeContains(Path.of("../README.md"),
                Path.of("src/test/java/org/rewardpoints/readme/GettingStartedTest.java"), "");
    }
}
