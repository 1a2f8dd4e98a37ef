package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.rewardpoints.memory.InMemoryCouponIssuer;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemoryRedemptionOptionStore;
import org.rewardpoints.memory.InMemorySettingsStore;

/** A not-found failure names what is missing and says how to make it exist. */
class NotFoundMessagesTest {
    private final RewardPoints ledger = RewardPoints.builder()
            .store(new InMemoryLedgerStore())
            .settings(new InMemorySettingsStore().put("acme", "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
            .couponIssuer(new InMemoryCouponIssuer())
            .redemptionOptions(new InMemoryRedemptionOptionStore())
            .build();

    @Test
    void orderOnAnUnconfiguredSite_saysHowToConfigureTheSite() {
        assertThatThrownBy(() -> ledger.orderCompleted(OrderCompletion.of("acme", "shop-2", "c", "o-1", "10", "EUR")))
                .isInstanceOf(SiteNotFoundException.class)
                .hasMessageContaining("site 'shop-2' of tenant 'acme'")
                .hasMessageContaining("RewardPoints.updateSettings(tenant, siteCode, SettingsPatch.of(SiteSettings.of(")
                .hasMessageContaining("InMemorySettingsStore.put");
    }

    @Test
    void summaryOfAnUnknownCustomer_saysHowAnAccountComesToExist() {
        assertThatThrownBy(() -> ledger.summary("acme", "nobody"))
                .isInstanceOf(AccountNotFoundException.class)
                .hasMessageContaining("customer 'nobody' in tenant 'acme'")
                .hasMessageContaining("first credit (orderCompleted, addPoints) or by createAccount");
    }

    @Test
    void redeemingAnUnknownOption_pointsToTheListOfOptions() {
        ledger.addPoints(AddPoints.of("acme", "c", 50));

        assertThatThrownBy(() -> ledger.redeemForCoupon(CouponRedemption.of("acme", "c", "gone")))
                .isInstanceOf(RedemptionOptionNotFoundException.class)
                .hasMessageContaining("option 'gone' in tenant 'acme'")
                .hasMessageContaining("RewardPoints.listOptions(tenant)");
    }
}
