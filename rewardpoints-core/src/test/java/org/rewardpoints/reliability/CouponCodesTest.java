package org.rewardpoints.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CouponCodes;

class CouponCodesTest {

    @Test
    void hundredThousandCodes_areDistinctUseOnlyTheAlphabetAndCarryAtLeast40Bits() {
        Set<String> codes = new HashSet<>();
        int[] perCharacter = new int[128];
        for (int i = 0; i < 100_000; i++) {
            String code = CouponCodes.generate("LOYAL");
            assertThat(code).startsWith("LOYAL-").hasSize("LOYAL-".length() + CouponCodes.LENGTH);
            for (char c : code.substring("LOYAL-".length()).toCharArray()) {
                assertThat(CouponCodes.ALPHABET.indexOf(c)).as("character %s", c).isNotNegative();
                perCharacter[c]++;
            }
            codes.add(code);
        }
        assertThat(codes).hasSize(100_000);
        assertThat(CouponCodes.ALPHABET).doesNotContain("0", "O", "1", "I", "L");
        double bits = CouponCodes.LENGTH * Math.log(CouponCodes.ALPHABET.chars().distinct().count()) / Math.log(2);
        assertThat(bits).isGreaterThanOrEqualTo(40).isGreaterThanOrEqualTo(CouponCodes.BITS);
        // every symbol is used about equally often (1,000,000 draws over 31 symbols: ~32,258 each)
        for (char c : CouponCodes.ALPHABET.toCharArray()) {
            assertThat(perCharacter[c]).as("draws of %s", c).isBetween(30_500, 34_000);
        }
    }
}
