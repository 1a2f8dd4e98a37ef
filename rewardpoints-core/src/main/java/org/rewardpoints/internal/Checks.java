package org.rewardpoints.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.rewardpoints.InvalidInputException;

/** Input validation shared by the value objects. Every failure names the field and the value. */
public final class Checks {
    /** Longest accepted id (tenant, site, customer, order, lot, option ids). */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest accepted free text (descriptions, names). */
    public static final int MAX_TEXT_LENGTH = 1000;
    /** Largest number of points one operation may move. */
    public static final long MAX_POINTS = 1_000_000_000_000L;
    /** Largest accepted money amount (order values, refunds, coupon amounts). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    /** Most decimal places of any accepted amount, factor or percentage (trailing zeros do not count). */
    public static final int MAX_DECIMAL_PLACES = 20;
    /** Most decimal places of order values and refunds: the ledger stores them with six (NUMERIC(24,6)). */
    public static final int MAX_MONEY_DECIMAL_PLACES = 6;

    private Checks() {
    }

    public static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, value, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidInputException(field, abbreviate(value), "must be at most " + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidInputException(field, value.replaceAll("\\p{Cntrl}", "?"),
                        "must not contain control characters");
            }
        }
        return wellFormed(field, value);
    }

    public static String optionalId(String field, String value) {
        return value == null ? null : id(field, value);
    }

    /** Optional free text: tabs and line breaks allowed, other control characters refused. */
    public static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException(field, abbreviate(value), "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                throw new InvalidInputException(field, value.replaceAll("\\p{Cntrl}", "?"),
                        "must not contain control characters other than tab and line breaks");
            }
        }
        return wellFormed(field, value);
    }

    /**
     * Refuses an unpaired UTF-16 surrogate (half of a character): databases cannot store it
     * verbatim (the PostgreSQL driver sends it as '?'), so two ids differing only there would merge.
     */
    private static String wellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(field, value.replaceAll("\\p{Cs}", "\uFFFD"),
                        "must be well-formed Unicode: the character at index " + i + " is an unpaired surrogate");
            }
        }
        return value;
    }

    public static String requiredText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, value, "must not be blank");
        }
        return text(field, value);
    }

    public static long points(String field, long value) {
        if (value <= 0) {
            throw new InvalidInputException(field, value, "must be greater than 0");
        }
        if (value > MAX_POINTS) {
            throw new InvalidInputException(field, value, "must be at most " + MAX_POINTS);
        }
        return value;
    }

    public static BigDecimal amount(String field, BigDecimal value, boolean zeroAllowed) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required");
        }
        int sign = value.signum();
        if (sign < 0 || (sign == 0 && !zeroAllowed)) {
            throw new InvalidInputException(field, plain(value),
                    zeroAllowed ? "must not be negative" : "must be greater than 0");
        }
        if (value.compareTo(MAX_AMOUNT) > 0) {
            throw new InvalidInputException(field, plain(value), "must be at most " + MAX_AMOUNT.toPlainString());
        }
        return decimalPlaces(field, value, MAX_DECIMAL_PLACES);
    }

    /** An {@link #amount} that the ledger stores exactly: at most {@link #MAX_MONEY_DECIMAL_PLACES} decimal places. */
    public static BigDecimal money(String field, BigDecimal value, boolean zeroAllowed) {
        return decimalPlaces(field, amount(field, value, zeroAllowed), MAX_MONEY_DECIMAL_PLACES);
    }

    /**
     * Refuses more than {@code max} decimal places; trailing zeros do not count. Decided from scale
     * and precision, so that 1e-999999999 is refused at once instead of costing arithmetic with
     * 10^999999999 later; over 100 digits are not stripped of trailing zeros either.
     */
    public static BigDecimal decimalPlaces(String field, BigDecimal value, int max) {
        if (value.scale() > max && value.signum() != 0
                && (value.precision() > 100 || value.stripTrailingZeros().scale() > max)) {
            throw new InvalidInputException(field, plain(value), "must have at most " + max + " decimal places");
        }
        return value;
    }

    /** A decimal as shown in messages: plain, unless that would take more than a hundred zeros (1E+999999999). */
    public static String plain(BigDecimal value) {
        return value.scale() >= -100 && value.scale() <= 100 ? value.toPlainString() : value.toString();
    }

    public static Currency currency(String field, String code) {
        if (code == null || !threeCapitals(code)) {
            throw new InvalidInputException(field, code, "must be an ISO 4217 code of three capital letters");
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, code, "is not an ISO 4217 currency");
        }
    }

    private static boolean threeCapitals(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (code.charAt(i) < 'A' || code.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, null, "is required");
        }
        return value;
    }

    public static int positive(String field, int value) {
        if (value <= 0) {
            throw new InvalidInputException(field, value, "must be greater than 0");
        }
        return value;
    }

    public static Instant instant(String field, Instant value) {
        return required(field, value);
    }

    private static String abbreviate(String value) {
        return value.substring(0, 32) + "...(" + value.length() + " characters)";
    }
}
