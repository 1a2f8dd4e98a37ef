package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.RedeemedCoupon;
import org.rewardpoints.RedemptionOption;
import org.rewardpoints.RedemptionOptionDraft;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.StorageException;
import org.rewardpoints.json.SettingsMixinReader;
import org.rewardpoints.json.SettingsMixinWriter;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * What the JDBC settings store, coupon issuer and redemption option store add beyond their
 * contracts: durability across instances, the stored shapes, corrupt rows, decimals and instants.
 * Subclasses supply the database; each test uses its own tenant, so the database is shared.
 */
abstract class JdbcAdaptersBehaviourTest {
    static final SiteSettings SETTINGS = new SiteSettings(true, new BigDecimal("2.5"), 12, "RP",
            Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"));
    /** Late on March 31st in UTC, already April 1st in UTC+14; sub-millisecond digits kept. */
    static final Instant LATE_IN_MARCH = Instant.parse("2024-03-31T23:30:00.123456Z");

    /** The database for this class; called once per test, so implementations cache it. */
    abstract DataSource dataSource();

    /** A fresh, empty database, for tests of the schema. */
    abstract DataSource freshDataSource();

    abstract SqlDialect dialect();

    String tenant;

    @BeforeEach
    void newTenant() {
        tenant = "t-" + UUID.randomUUID();
    }

    JdbcSettingsStore settingsStore() {
        return JdbcSettingsStore.builder(dataSource()).build();
    }

    JdbcCouponIssuer issuer() {
        return JdbcCouponIssuer.builder(dataSource()).build();
    }

    JdbcRedemptionOptionStore optionStore() {
        return JdbcRedemptionOptionStore.builder(dataSource()).build();
    }

    // ---------------------------------------------------------------- settings

    @Test
    void settings_surviveANewStoreInstance() {
        settingsStore().update(tenant, "main", SettingsPatch.of(SETTINGS));
        settingsStore().update(tenant, "main", SettingsPatch.EMPTY.withCodePrefix("L"));

        assertThat(settingsStore().find(tenant, "main")).contains(new SiteSettings(true, new BigDecimal("2.5"), 12, "L",
                Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void settings_areStoredAsTheSiteMixinDocument() {
        settingsStore().update(tenant, "main", SettingsPatch.of(SETTINGS));

        String mixin = queryString("SELECT mixin FROM rp_site_settings WHERE tenant = ? AND site_code = ?", tenant, "main");

        assertThat(mixin).contains("\"codePrefix\"").contains("\"orderValueToRewardPointsFactor\"");
        assertThat(SettingsMixinReader.read(mixin).applyTo(null)).isEqualTo(SETTINGS);
    }

    @Test
    void settings_writtenByHandInTheTutorialSpelling_areReadAndUpdated() {
        insertMixin(tenant, "main", "{\"couponSettings\": {\"codePrefix\": \"OTHER\", \"rewardpoints\": {\"enable\": false,"
                + " \"orderValueToRewardPointsFactor\": 0.75, \"validityInMonths\": 6, \"couponPrefix\": \"L\","
                + " \"currency\": \"USD\"}}}");

        assertThat(settingsStore().find(tenant, "main")).contains(new SiteSettings(false, new BigDecimal("0.75"), 6, "L",
                Currency.getInstance("USD"), ZoneOffset.UTC));
        assertThat(settingsStore().update(tenant, "main", SettingsPatch.EMPTY.withEnabled(true)).enabled()).isTrue();
    }

    @Test
    void settings_storedIncompleteOrInvalid_failNamingTenantAndSiteAndChangeNothing() {
        String incomplete = "{\"enabled\": true, \"validityInMonths\": 12, \"codePrefix\": \"RP\", \"currency\": \"EUR\"}";
        insertMixin(tenant, "main", incomplete);
        insertMixin(tenant, "outlet", "{\"orderValueToRewardPointsFactor\": -1, \"validityInMonths\": 12,"
                + " \"codePrefix\": \"RP\", \"currency\": \"EUR\"}");

        assertThatThrownBy(() -> settingsStore().find(tenant, "main"))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("site 'main' of tenant '" + tenant + "'")
                .hasMessageContaining("orderValueToRewardPointsFactor")
                .hasCauseInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> settingsStore().find(tenant, "outlet"))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("site 'outlet' of tenant '" + tenant + "'")
                .hasMessageContaining("'-1'");
        assertThatThrownBy(() -> settingsStore().update(tenant, "main", SettingsPatch.of(SETTINGS)))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("site 'main' of tenant '" + tenant + "'");
        assertThat(SettingsMixinReader.read(queryString(
                "SELECT mixin FROM rp_site_settings WHERE tenant = ? AND site_code = ?", tenant, "main")))
                .isEqualTo(SettingsMixinReader.read(incomplete));
    }

    @Test
    void settings_updateWaitingForARowLockedByAnotherInstance_mergesIntoWhatItCommitted() throws Exception {
        JdbcSettingsStore store = settingsStore();
        store.update(tenant, "main", SettingsPatch.of(SETTINGS));
        SiteSettings committedMeanwhile = new SiteSettings(true, new BigDecimal("2.5"), 12, "X",
                Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"));

        SiteSettings updated = whileAnotherTransactionHolds(
                "UPDATE rp_site_settings SET mixin = " + dialect().jsonParameter() + " WHERE tenant = ? AND site_code = ?",
                List.of(SettingsMixinWriter.write(committedMeanwhile), tenant, "main"),
                () -> store.update(tenant, "main", SettingsPatch.EMPTY.withValidityInMonths(7)));

        SiteSettings expected = new SiteSettings(true, new BigDecimal("2.5"), 7, "X", Currency.getInstance("EUR"),
                ZoneId.of("Europe/Berlin"));
        assertThat(updated).isEqualTo(expected);
        assertThat(store.find(tenant, "main")).contains(expected);
    }

    @Test
    void settings_createdAtOnceByAnotherInstance_updateMergesIntoTheirs() throws Exception {
        JdbcSettingsStore store = settingsStore();

        SiteSettings updated = whileAnotherTransactionHolds(
                "INSERT INTO rp_site_settings (tenant, site_code, mixin) VALUES (?, ?, " + dialect().jsonParameter() + ")",
                List.of(tenant, "main", SettingsMixinWriter.write(SETTINGS)),
                () -> store.update(tenant, "main", SettingsPatch.of(SETTINGS).withCodePrefix("MINE")));

        assertThat(updated.codePrefix()).isEqualTo("MINE");
        assertThat(store.find(tenant, "main")).contains(updated);
    }

    /**
     * Runs {@code sql} in a transaction of its own, starts {@code work} in another thread, waits
     * until the database reports a session blocked by that transaction, then commits it; returns
     * what {@code work} returned.
     */
    private <T> T whileAnotherTransactionHolds(String sql, List<String> params, Supplier<T> work) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection holder = dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement statement = holder.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    statement.setString(i + 1, params.get(i));
                }
                statement.executeUpdate();
            }
            Future<T> result = thread.submit(work::get);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (blockedSessions() == 0) {
                assertThat(result.isDone()).as("work finished without waiting for the other transaction").isFalse();
                assertThat(System.nanoTime()).as("a session blocked by the other transaction").isLessThan(deadline);
                Thread.sleep(120); // MariaDB refreshes information_schema.innodb_trx only when unread for 100 ms
            }
            holder.commit();
            return result.get(20, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }

    private int blockedSessions() {
        return query(blockedSessionsQuery(), Long.class).intValue();
    }

    /** Counts the sessions of this database that wait for a lock another session holds. */
    abstract String blockedSessionsQuery();

    // ---------------------------------------------------------------- coupons

    private CouponRequest couponRequest(String key, String code, CouponTemplate template) {
        return new CouponRequest(tenant, key, code, "customer-1", template, LATE_IN_MARCH);
    }

    @Test
    void coupons_surviveANewIssuerInstanceWithTheirInstantInUtc() {
        IssuedCoupon issued = issuer().issue(couponRequest("k-1", "RP-" + UUID.randomUUID(),
                CouponTemplate.absolute("Voucher", "10", "EUR")));

        assertThat(issuer().find(tenant, "k-1")).contains(issued);
        assertThat(issued.issuedAt()).isEqualTo(LATE_IN_MARCH);
        assertThat(queryInstant("SELECT issued_at FROM rp_issued_coupons WHERE tenant = ?", tenant))
                .isEqualTo(LATE_IN_MARCH);
    }

    @Test
    void coupons_keepDecimalsExactlyInTheirShortestForm() {
        CouponTemplate percent = new CouponTemplate("Spring", "all shoes", DiscountType.PERCENT, new BigDecimal("12.50"),
                null, null, true, -1);
        CouponTemplate tiny = CouponTemplate.absolute("Tiny", "0.0000000125", "EUR");
        CouponTemplate round = CouponTemplate.absolute("Round", "100.00", "JPY");

        IssuedCoupon percentCoupon = issuer().issue(couponRequest("k-1", "P-" + UUID.randomUUID(), percent));
        IssuedCoupon tinyCoupon = issuer().issue(couponRequest("k-2", "T-" + UUID.randomUUID(), tiny));
        IssuedCoupon roundCoupon = issuer().issue(couponRequest("k-3", "R-" + UUID.randomUUID(), round));

        assertThat(percentCoupon.template()).isEqualTo(new CouponTemplate("Spring", "all shoes", DiscountType.PERCENT,
                new BigDecimal("12.5"), null, null, true, -1));
        assertThat(tinyCoupon.template().discountAmount()).isEqualTo(new BigDecimal("0.0000000125"));
        assertThat(roundCoupon.template().discountAmount()).isEqualTo(new BigDecimal("100"));
        assertThat(issuer().find(tenant, "k-1")).contains(percentCoupon);
        assertThat(issuer().find(tenant, "k-2")).contains(tinyCoupon);
        assertThat(issuer().find(tenant, "k-3")).contains(roundCoupon);
    }

    @Test
    void coupons_codesAreUniqueAcrossTenants() {
        String code = "RP-" + UUID.randomUUID();
        issuer().issue(couponRequest("k-1", code, CouponTemplate.percent("5 %", "5")));

        CouponRequest otherTenant = new CouponRequest("other-" + tenant, "k-1", code, "customer-1",
                CouponTemplate.percent("5 %", "5"), LATE_IN_MARCH);
        assertThatThrownBy(() -> issuer().issue(otherTenant)).isInstanceOf(CouponCodeTakenException.class);
        assertThat(issuer().find("other-" + tenant, "k-1")).isEmpty();
    }

    @Test
    void coupons_aKeyIssuedBeforeWinsEvenWhenTheProposedCodeIsTaken() {
        IssuedCoupon first = issuer().issue(couponRequest("k-1", "A-" + UUID.randomUUID(), CouponTemplate.percent("5 %", "5")));
        IssuedCoupon second = issuer().issue(couponRequest("k-2", "B-" + UUID.randomUUID(), CouponTemplate.percent("5 %", "5")));

        assertThat(issuer().issue(couponRequest("k-1", second.code(), CouponTemplate.percent("9 %", "9")))).isEqualTo(first);
    }

    @Test
    void coupons_issuedAtOnceByAnotherInstanceUnderTheSameKey_returnTheirCoupon() throws Exception {
        String theirCode = "THEIRS-" + UUID.randomUUID();

        IssuedCoupon coupon = whileAnotherTransactionHolds("INSERT INTO rp_issued_coupons (tenant, idempotency_key, code,"
                        + " customer_id, coupon_name, discount_type, discount_percentage, allow_anonymous, max_redemptions,"
                        + " issued_at) VALUES (?, ?, ?, 'customer-1', '5 %', 'PERCENT', 5, FALSE, 1, CURRENT_TIMESTAMP)",
                List.of(tenant, "k-1", theirCode),
                () -> issuer().issue(couponRequest("k-1", "MINE-" + UUID.randomUUID(), CouponTemplate.percent("5 %", "5"))));

        assertThat(coupon.code()).isEqualTo(theirCode);
        assertThat(issuer().find(tenant, "k-1")).contains(coupon);
    }

    @Test
    void coupons_refuseInvalidRequestsNamingTheField() {
        CouponTemplate template = CouponTemplate.percent("5 %", "5");
        assertThatThrownBy(() -> issuer().issue(couponRequest(" ", "C-1", template)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("idempotencyKey"));
        assertThatThrownBy(() -> issuer().issue(couponRequest("k-1", "C-\u0007", template)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("code"));
        assertThatThrownBy(() -> issuer().issue(couponRequest("k-1", "C-1", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("template"));
        assertThatThrownBy(() -> issuer().issue(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo("request"));
        assertThat(issuer().find(tenant, "k-1")).isEmpty();
    }

    // ---------------------------------------------------------------- redemption options

    private RedemptionOption option(String id, Instant createdAt) {
        return new RedemptionOption(id, tenant, "Option " + id, null, 90,
                new CouponTemplate("Voucher", "10 off", DiscountType.ABSOLUTE, null, new BigDecimal("10"),
                        Currency.getInstance("EUR"), false, 1), 1, createdAt, createdAt);
    }

    @Test
    void options_surviveANewStoreInstanceAndAreListedByCreationThenId() {
        // ids in code point order, whatever the database's locale: "C" before "b"
        RedemptionOption later = option("a", LATE_IN_MARCH.plusNanos(1000));
        RedemptionOption second = option("b", LATE_IN_MARCH);
        RedemptionOption first = option("C", LATE_IN_MARCH);
        optionStore().insert(later);
        optionStore().insert(second);
        optionStore().insert(first);

        assertThat(optionStore().list(tenant)).containsExactly(first, second, later);
        assertThat(queryInstant("SELECT created_at FROM rp_redemption_options WHERE tenant = ? AND id = 'b'", tenant))
                .isEqualTo(LATE_IN_MARCH);
    }

    @Test
    void options_updateReplacesEveryFieldButTheKey() {
        RedemptionOption original = option("o-1", LATE_IN_MARCH);
        optionStore().insert(original);
        RedemptionOption changed = new RedemptionOption("o-1", tenant, "Renamed", "now with text", 45,
                CouponTemplate.percent("7.5 %", "7.5"), 2, LATE_IN_MARCH, LATE_IN_MARCH.plusSeconds(60));

        assertThat(optionStore().update(changed, 1)).isTrue();
        assertThat(optionStore().update(changed, 1)).isFalse();
        assertThat(optionStore().find(tenant, "o-1")).contains(changed);
        assertThat(optionStore().delete(tenant, "o-1", 1)).isFalse();
        assertThat(optionStore().delete(tenant, "o-1", 2)).isTrue();
        assertThat(optionStore().find(tenant, "o-1")).isEmpty();
    }

    @Test
    void options_updateWaitingForARowChangedByAnotherInstance_findsItsVersionStale() throws Exception {
        RedemptionOption original = option("o-1", LATE_IN_MARCH);
        optionStore().insert(original);
        RedemptionOption mine = new RedemptionOption("o-1", tenant, "Mine", null, 45, CouponTemplate.percent("5 %", "5"),
                2, LATE_IN_MARCH, LATE_IN_MARCH.plusSeconds(60));

        boolean updated = whileAnotherTransactionHolds(
                "UPDATE rp_redemption_options SET name = 'Theirs', version = 2 WHERE tenant = ? AND id = ?",
                List.of(tenant, "o-1"), () -> optionStore().update(mine, 1));

        assertThat(updated).isFalse();
        assertThat(optionStore().find(tenant, "o-1")).hasValueSatisfying(option -> {
            assertThat(option.name()).isEqualTo("Theirs");
            assertThat(option.version()).isEqualTo(2);
        });
    }

    @Test
    void options_storedInvalid_failNamingTheOptionAndTenant() {
        optionStore().insert(option("o-1", LATE_IN_MARCH));
        update("UPDATE rp_redemption_options SET discount_type = 'FREE_SHIPPING' WHERE tenant = ?", tenant);

        assertThatThrownBy(() -> optionStore().find(tenant, "o-1"))
                .isExactlyInstanceOf(StorageException.class)
                .hasMessageContaining("option 'o-1' of tenant '" + tenant + "'")
                .hasMessageContaining("FREE_SHIPPING");
        assertThatThrownBy(() -> optionStore().list(tenant)).isExactlyInstanceOf(StorageException.class);
    }

    // ---------------------------------------------------------------- together

    @Test
    void allJdbcAdapters_redeemForACouponIssuedUnderTheReservationId() {
        JdbcSettingsStore settings = settingsStore();
        settings.update(tenant, "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")));
        RewardPoints points = RewardPoints.builder().store(JdbcLedgerStore.builder(dataSource()).build())
                .settings(settings).couponIssuer(issuer()).redemptionOptions(optionStore())
                .clock(Clock.fixed(LATE_IN_MARCH, ZoneOffset.UTC)).build();
        points.addPoints(AddPoints.of(tenant, "customer-1", 100));
        RedemptionOption voucher = points.createOption(tenant, RedemptionOptionDraft.of("10 EUR voucher", 90,
                CouponTemplate.absolute("10 EUR off", "10", "EUR")));

        RedeemedCoupon redeemed = points.redeemForCoupon(CouponRedemption.of(tenant, "customer-1", voucher.id()));

        assertThat(redeemed.code()).startsWith("RP-");
        assertThat(points.balance(tenant, "customer-1")).isEqualTo(10);
        assertThat(points.listOptions(tenant)).containsExactly(voucher);
        assertThat(issuer().find(tenant, redeemed.debit().id())).hasValueSatisfying(coupon -> {
            assertThat(coupon.code()).isEqualTo(redeemed.code());
            assertThat(coupon.customerId()).isEqualTo("customer-1");
            assertThat(coupon.template()).isEqualTo(voucher.coupon());
        });
    }

    @Test
    void aSameDatabaseCouponRedemption_commitsWithItsUnit_orLeavesNeitherCouponNorDebit() {
        JdbcSettingsStore settings = settingsStore();
        settings.update(tenant, "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")));
        RewardPoints points = RewardPoints.builder().store(JdbcLedgerStore.builder(dataSource()).build())
                .settings(settings).couponIssuer(issuer()).redemptionOptions(optionStore())
                .clock(Clock.fixed(LATE_IN_MARCH, ZoneOffset.UTC)).build();
        points.addPoints(AddPoints.of(tenant, "customer-1", 100));
        RedemptionOption voucher = points.createOption(tenant, RedemptionOptionDraft.of("10 EUR voucher", 60,
                CouponTemplate.absolute("10 EUR off", "10", "EUR")));

        RedeemedCoupon redeemed = points.redeemForCoupon(CouponRedemption.of(tenant, "customer-1", voucher.id())
                .withRequestId("r-1"));
        assertThatThrownBy(() -> points.redeemForCoupon(CouponRedemption.of(tenant, "customer-1", voucher.id())))
                .isInstanceOf(InsufficientPointsException.class);

        assertThat(redeemed.debit().couponCode()).as("confirmed in the unit that reserved it").isEqualTo(redeemed.code());
        assertThat(points.redeemForCoupon(CouponRedemption.of(tenant, "customer-1", voucher.id())
                .withRequestId("r-1"))).as("the replay").isEqualTo(redeemed);
        assertThat(JdbcLibrary.count(dataSource(), "SELECT COUNT(*) FROM rp_issued_coupons WHERE tenant = ?", tenant))
                .as("only the redemption that committed has a coupon").isEqualTo(1);
        assertThat(JdbcLibrary.count(dataSource(), "SELECT COUNT(*) FROM rp_debits WHERE tenant = ?", tenant))
                .isEqualTo(1);
        assertThat(JdbcLibrary.pendingReservations(dataSource(), tenant)).isZero();
        assertThat(points.balance(tenant, "customer-1")).isEqualTo(40);
    }

    // ---------------------------------------------------------------- schema

    @Test
    void validate_namesAMissingAdapterTable() {
        DataSource fresh = freshDataSource();
        JdbcSettingsStore.builder(fresh).schemaMode(SchemaMode.CREATE).build();
        SchemaModeTest.execute(fresh, "DROP TABLE rp_issued_coupons");
        SchemaModeTest.execute(fresh, "ALTER TABLE rp_redemption_options DROP COLUMN modified_at");

        assertThatThrownBy(() -> JdbcCouponIssuer.builder(fresh).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("table rp_issued_coupons is missing")
                .hasMessageContaining("column rp_redemption_options.modified_at is missing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("rp_site_settings"));
        assertThatThrownBy(() -> JdbcSettingsStore.builder(fresh).build()).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> JdbcRedemptionOptionStore.builder(fresh).build()).isInstanceOf(StorageException.class);
    }

    // ---------------------------------------------------------------- SQL by hand

    private void insertMixin(String tenant, String siteCode, String json) {
        update("INSERT INTO rp_site_settings (tenant, site_code, mixin) VALUES (?, ?, " + dialect().jsonParameter() + ")",
                tenant, siteCode, json);
    }

    private void update(String sql, String... params) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T query(String sql, Class<T> type, String... params) {
        try (Connection connection = dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("a row for %s", sql).isTrue();
                // getString: PostgreSQL's driver maps jsonb to text only that way
                return type == String.class ? type.cast(row.getString(1)) : row.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String queryString(String sql, String... params) {
        return query(sql, String.class, params);
    }

    private Instant queryInstant(String sql, String... params) {
        return query(sql, OffsetDateTime.class, params).toInstant();
    }
}
