package org.rewardpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.rewardpoints.json.RewardPointsJson;

/** A refusal past a limit names the limit of the field refused, not another one. */
class LimitsNamedTest {

    @Test
    void factorPastItsMaximum_namesTheFactorsMaximum() {
        assertThatThrownBy(() -> SiteSettings.of(new BigDecimal("1e30"), 12, "RP", "EUR"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getField()).isEqualTo("orderValueToRewardPointsFactor"))
                .hasMessageEndingWith("must be at most " + SiteSettings.MAX_FACTOR);
    }

    @Test
    void jsonPointsPastALong_nameTheMaximumOfPoints() {
        assertThatThrownBy(() -> RewardPointsJson.readAddPoints("{\"points\": 9223372036854775808}", "t", "main", "c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be at most 1000000000000")
                .hasMessageNotContaining(String.valueOf(Long.MAX_VALUE));
    }
}
