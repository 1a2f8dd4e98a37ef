package org.rewardpoints;

import java.security.SecureRandom;

/**
 * Coupon codes {@code prefix-code}: {@value #LENGTH} characters from an alphabet without the
 * look-alikes 0/O, 1/I/L, drawn from a {@link SecureRandom}: {@value #BITS} bits of randomness.
 */
public final class CouponCodes {
    /** 31 characters: digits 2-9 and capital letters without I, L, O. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    /** Characters after the prefix and dash. */
    public static final int LENGTH = 10;
    /** Randomness of one code: LENGTH × log2(31), rounded down. */
    public static final int BITS = 49;

    private static final SecureRandom RANDOM = new SecureRandom();

    private CouponCodes() {
    }

    public static String generate(String prefix) {
        StringBuilder code = new StringBuilder(prefix.length() + 1 + LENGTH).append(prefix).append('-');
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
