package org.rewardpoints.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteSettings;

class SettingsMixinReaderTest {
    private static final SettingsPatch EXAMPLE = new SettingsPatch(true, BigDecimal.ONE, 2, "T", null, null);

    @Test
    void reader_loadsSiteMixinsExample() {
        SettingsPatch patch = SettingsMixinReader.read(JsonSchemasTest.example("site-mixins.json").toString());

        // couponSettings.codePrefix "ED" belongs to other coupons: the reward points prefix is "T"
        assertThat(patch).isEqualTo(EXAMPLE);
    }

    @Test
    void reader_acceptsCouponSettingsMixinAlone() {
        String json = "{\"codePrefix\": \"ED\", \"rewardpoints\": {\"codePrefix\": \"T\", \"orderValueToRewardPointsFactor\": 1,"
                + " \"enabled\": true, \"validityInMonths\": 2}}";

        assertThat(SettingsMixinReader.read(json)).isEqualTo(EXAMPLE);
    }

    @Test
    void reader_acceptsTutorialSpelling() {
        String json = "{\"couponSettings\": {\"rewardpoints\": {\"enable\": false, \"couponPrefix\": \"L\","
                + " \"orderValueToRewardPointsFactor\": 0.5, \"validityInMonths\": 36}}}";

        assertThat(SettingsMixinReader.read(json))
                .isEqualTo(new SettingsPatch(false, new BigDecimal("0.5"), 36, "L", null, null));
    }

    @Test
    void reader_acceptsBothSpellingsWhenTheyAgree() {
        String json = "{\"enabled\": true, \"enable\": true, \"codePrefix\": \"L\", \"couponPrefix\": \"L\"}";

        assertThat(SettingsMixinReader.read(json)).isEqualTo(new SettingsPatch(true, null, null, "L", null, null));
    }

    @Test
    void reader_treatsAbsentAndNullFieldsAsNotGiven() {
        SettingsPatch patch = SettingsMixinReader.read("{\"validityInMonths\": 6, \"codePrefix\": null, \"note\": \"x\"}");

        assertThat(patch).isEqualTo(SettingsPatch.EMPTY.withValidityInMonths(6));
        assertThat(SettingsMixinReader.read("{}").isEmpty()).isTrue();
    }

    @Test
    void reader_keepsFactorExact() {
        SettingsPatch patch = SettingsMixinReader.read("{\"orderValueToRewardPointsFactor\": 0.1}");

        assertThat(patch.orderValueToRewardPointsFactor()).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void reader_readsBackWhatTheWriterWrote() {
        SiteSettings settings = new SiteSettings(false, new BigDecimal("0.25"), 36, "LLS", Currency.getInstance("CHF"),
                ZoneId.of("Europe/Zurich"));

        String json = SettingsMixinWriter.write(settings);

        assertThat(SettingsMixinReader.read(json).applyTo(null)).isEqualTo(settings);
    }

    @Test
    void pendingPeriodDays_isReadAndWrittenOnlyWhenGiven() {
        SiteSettings pending = SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR").withPendingPeriodDays(14);

        String json = SettingsMixinWriter.write(pending);

        assertThat(json).endsWith(",\"timeZone\":\"Z\",\"pendingPeriodDays\":14}");
        assertThat(SettingsMixinReader.read(json).applyTo(null)).isEqualTo(pending);
        assertThat(SettingsMixinReader.read("{\"pendingPeriodDays\": 0}").pendingPeriodDays()).isZero();
        assertThat(SettingsMixinReader.read("{\"validityInMonths\": 6}").applyTo(pending))
                .as("absent keeps the period").isEqualTo(new SiteSettings(true, BigDecimal.ONE, 6, "RP",
                        Currency.getInstance("EUR"), ZoneOffset.UTC, 14));
    }

    @Test
    void writer_usesLiveSpelling() {
        String json = SettingsMixinWriter.write(SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR"));

        assertThat(json).isEqualTo("{\"enabled\":true,\"orderValueToRewardPointsFactor\":1,\"validityInMonths\":12,"
                + "\"codePrefix\":\"RP\",\"currency\":\"EUR\",\"timeZone\":\"Z\"}");
        assertThat(SettingsMixinReader.read(json).timeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json                                                     | json",
            "``                                                           | json",
            "[]                                                           | json",
            "{\"enabled\": true,}                                         | json",
            "{\"validityInMonths\": 1, \"validityInMonths\": 2}          | json",
            "{\"couponSettings\": 5}                                      | couponSettings",
            "{\"couponSettings\": {\"codePrefix\": \"ED\"}}               | couponSettings.rewardpoints",
            "{\"couponSettings\": {\"rewardpoints\": []}}                  | couponSettings.rewardpoints",
            "{\"rewardpoints\": \"on\"}                                   | rewardpoints",
            "{\"couponSettings\": {\"rewardpoints\": {\"validityInMonths\": 0}}} | validityInMonths",
            "{\"validityInMonths\": 0}                                    | validityInMonths",
            "{\"validityInMonths\": -3}                                   | validityInMonths",
            "{\"validityInMonths\": 1201}                                 | validityInMonths",
            "{\"validityInMonths\": 99999999999}                          | validityInMonths",
            "{\"validityInMonths\": 1.5}                                  | validityInMonths",
            "{\"validityInMonths\": \"12\"}                               | validityInMonths",
            "{\"orderValueToRewardPointsFactor\": -1}                     | orderValueToRewardPointsFactor",
            "{\"orderValueToRewardPointsFactor\": 1000001}                | orderValueToRewardPointsFactor",
            "{\"orderValueToRewardPointsFactor\": \"1\"}                  | orderValueToRewardPointsFactor",
            "{\"enabled\": \"true\"}                                      | enabled",
            "{\"enable\": 1}                                              | enable",
            "{\"enabled\": true, \"enable\": false}                       | enable",
            "{\"codePrefix\": \"L-\"}                                     | codePrefix",
            "{\"codePrefix\": \"\"}                                       | codePrefix",
            "{\"codePrefix\": 7}                                          | codePrefix",
            "{\"couponPrefix\": \"a b\"}                                  | codePrefix",
            "{\"codePrefix\": \"L\", \"couponPrefix\": \"T\"}             | couponPrefix",
            "{\"currency\": \"EURO\"}                                     | currency",
            "{\"currency\": \"XXY\"}                                      | currency",
            "{\"timeZone\": \"Mars/Olympus\"}                             | timeZone",
            "{\"timeZone\": 2}                                            | timeZone",
            "{\"pendingPeriodDays\": -1}                                  | pendingPeriodDays",
            "{\"pendingPeriodDays\": 366}                                 | pendingPeriodDays",
            "{\"pendingPeriodDays\": \"14\"}                              | pendingPeriodDays",
    })
    void reader_refusesBadDocumentNamingField(String json, String field) {
        assertThatThrownBy(() -> SettingsMixinReader.read(json))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }

    @Test
    void reader_failureNamesFieldAndValue() {
        assertThatThrownBy(() -> SettingsMixinReader.read("{\"validityInMonths\": 0}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("validityInMonths")
                .hasMessageContaining("'0'");
    }
}
