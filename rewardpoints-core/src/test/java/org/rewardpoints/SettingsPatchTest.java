package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsPatchTest {
    private static final SiteSettings CURRENT = new SiteSettings(true, new BigDecimal("1.5"), 12, "RP",
            Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin"));
    private static final SettingsPatch CREATE = SettingsPatch.EMPTY
            .withOrderValueToRewardPointsFactor(BigDecimal.ONE)
            .withValidityInMonths(6)
            .withCodePrefix("L")
            .withCurrency(Currency.getInstance("CHF"));

    @Test
    void applyTo_keepsFieldsThePatchDoesNotGive() {
        SiteSettings updated = SettingsPatch.EMPTY.withValidityInMonths(24).applyTo(CURRENT);

        assertThat(updated).isEqualTo(new SiteSettings(true, new BigDecimal("1.5"), 24, "RP",
                Currency.getInstance("EUR"), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void applyTo_changesEveryGivenField() {
        SiteSettings other = new SiteSettings(false, BigDecimal.TEN, 3, "X", Currency.getInstance("USD"), ZoneOffset.UTC);

        assertThat(SettingsPatch.of(other).applyTo(CURRENT)).isEqualTo(other);
        assertThat(SettingsPatch.of(other).applyTo(null)).isEqualTo(other);
    }

    @Test
    void applyTo_emptyPatchKeepsSettings() {
        assertThat(SettingsPatch.EMPTY.isEmpty()).isTrue();
        assertThat(SettingsPatch.EMPTY.applyTo(CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void applyTo_createDefaultsToEnabledInUtc() {
        SiteSettings created = CREATE.applyTo(null);

        assertThat(created).isEqualTo(new SiteSettings(true, BigDecimal.ONE, 6, "L", Currency.getInstance("CHF"),
                ZoneOffset.UTC));
    }

    @Test
    void applyTo_createTakesTheDefaultCurrencyOnlyWhenThePatchGivesNone() {
        SettingsPatch mixinAlone = CREATE.withCurrency(null).withDefaultCurrency(Currency.getInstance("EUR"));

        assertThat(mixinAlone.applyTo(null).currency()).isEqualTo(Currency.getInstance("EUR"));
        assertThat(CREATE.withDefaultCurrency(Currency.getInstance("EUR")).applyTo(null).currency())
                .isEqualTo(Currency.getInstance("CHF"));
        assertThat(mixinAlone.applyTo(CURRENT.withTimeZone(ZoneOffset.UTC)).currency()).isEqualTo(CURRENT.currency());
        assertThat(SettingsPatch.EMPTY.withDefaultCurrency(Currency.getInstance("EUR")).isEmpty()).isTrue();
    }

    static Stream<Arguments> fieldsWithoutDefault() {
        return Stream.of(
                Arguments.of("orderValueToRewardPointsFactor", (Supplier<SettingsPatch>) () -> CREATE.withOrderValueToRewardPointsFactor(null)),
                Arguments.of("validityInMonths", (Supplier<SettingsPatch>) () -> CREATE.withValidityInMonths(null)),
                Arguments.of("codePrefix", (Supplier<SettingsPatch>) () -> CREATE.withCodePrefix(null)),
                Arguments.of("currency", (Supplier<SettingsPatch>) () -> CREATE.withCurrency(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsWithoutDefault")
    void applyTo_createRefusesPatchWithoutFieldThatHasNoDefault(String field, Supplier<SettingsPatch> patch) {
        assertThatThrownBy(() -> patch.get().applyTo(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo(field));
        assertThat(patch.get().applyTo(CURRENT)).isNotNull();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("validityInMonths", (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withValidityInMonths(0)),
                Arguments.of("validityInMonths", (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withValidityInMonths(1201)),
                Arguments.of("orderValueToRewardPointsFactor",
                        (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withOrderValueToRewardPointsFactor(new BigDecimal("-0.1"))),
                Arguments.of("orderValueToRewardPointsFactor",
                        (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withOrderValueToRewardPointsFactor(new BigDecimal("1000001"))),
                Arguments.of("codePrefix", (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withCodePrefix("L-")),
                Arguments.of("codePrefix", (Supplier<SettingsPatch>) () -> SettingsPatch.EMPTY.withCodePrefix(" ")));
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("badValues")
    void constructor_refusesValueThatSiteSettingsRefuses(String field, Supplier<SettingsPatch> patch) {
        assertThatThrownBy(patch::get)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getField()).isEqualTo(field));
    }
}
