package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.spi.CouponRequest;

/** The builders of the settings store, coupon issuer and redemption option store. */
class JdbcAdapterBuildersTest {
    private final DataSource h2 = TestDatabases.h2("adapter_builders");

    @Test
    void settingsStoreBuilder_rejectsMissingOrBadValuesNamingThem() {
        assertThatThrownBy(() -> JdbcSettingsStore.builder(null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).tablePrefix("RP_")).hasMessageContaining("tablePrefix 'RP_'");
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).schemaMode(null)).hasMessageContaining("schemaMode");
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).dialect(null)).hasMessageContaining("dialect");
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).maxRetries(-1)).hasMessageContaining("maxRetries '-1'");
    }

    @Test
    void couponIssuerBuilder_rejectsMissingOrBadValuesNamingThem() {
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(h2).tablePrefix("rp-")).hasMessageContaining("tablePrefix 'rp-'");
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(h2).schemaMode(null)).hasMessageContaining("schemaMode");
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(h2).dialect(null)).hasMessageContaining("dialect");
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(h2).maxRetries(JdbcLedgerStore.MAX_MAX_RETRIES + 1))
                .hasMessageContaining("maxRetries '" + (JdbcLedgerStore.MAX_MAX_RETRIES + 1) + "'");
    }

    @Test
    void redemptionOptionStoreBuilder_rejectsMissingOrBadValuesNamingThem() {
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("dataSource");
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(h2).tablePrefix(null)).hasMessageContaining("tablePrefix");
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(h2).schemaMode(null)).hasMessageContaining("schemaMode");
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(h2).dialect(null)).hasMessageContaining("dialect");
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(h2).maxRetries(-1)).hasMessageContaining("maxRetries '-1'");
    }

    @Test
    void build_byDefaultValidatesAndNamesTheMissingTablesAndTheRemedy() {
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("table rp_site_settings is missing")
                .hasMessageContaining("SchemaMode.CREATE");
        assertThatThrownBy(() -> JdbcCouponIssuer.builder(h2).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("table rp_issued_coupons is missing");
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(h2).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("table rp_redemption_options is missing");
    }

    @Test
    void build_withATablePrefixAndADialect_usesOnlyPrefixedTables() {
        JdbcSettingsStore settings = JdbcSettingsStore.builder(h2).tablePrefix("shop_").dialect(H2Dialect.INSTANCE)
                .schemaMode(SchemaMode.CREATE).build();
        JdbcCouponIssuer issuer = JdbcCouponIssuer.builder(h2).tablePrefix("shop_").build();
        JdbcRedemptionOptionStore options = JdbcRedemptionOptionStore.builder(h2).tablePrefix("shop_")
                .schemaMode(SchemaMode.NONE).build();

        settings.update("t", "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")));
        issuer.issue(new CouponRequest("t", "k-1", "RP-1", "c", CouponTemplate.percent("5 %", "5"), Instant.EPOCH));

        assertThat(settings.find("t", "main")).isPresent();
        assertThat(issuer.find("t", "k-1")).isPresent();
        assertThat(options.list("t")).isEmpty();
        assertThat(settings).hasToString("JdbcSettingsStore[H2, table shop_site_settings]");
        assertThatThrownBy(() -> JdbcSettingsStore.builder(h2).build())
                .isInstanceOf(StorageException.class).hasMessageContaining("table rp_site_settings is missing");
    }
}
