package org.rewardpoints;

import java.math.BigDecimal;
import java.util.Currency;
import org.rewardpoints.internal.Checks;

/**
 * The coupon a redemption option issues (the reference API's {@code coupon} object).
 *
 * @param name               coupon name, required
 * @param description        optional text
 * @param discountType       {@link DiscountType#PERCENT} or {@link DiscountType#ABSOLUTE}
 * @param discountPercentage for PERCENT: 0 &lt; p &le; 100; else null
 * @param discountAmount     for ABSOLUTE: &gt; 0; else null
 * @param discountCurrency   for ABSOLUTE: ISO 4217; else null
 * @param allowAnonymous     whether anonymous users may redeem the coupon
 * @param maxRedemptions     how often the coupon can be redeemed; -1 unlimited
 */
public record CouponTemplate(String name, String description, DiscountType discountType,
                             BigDecimal discountPercentage, BigDecimal discountAmount, Currency discountCurrency,
                             boolean allowAnonymous, int maxRedemptions) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public CouponTemplate {
        Checks.requiredText("coupon.name", name);
        Checks.text("coupon.description", description);
        Checks.required("coupon.discountType", discountType);
        switch (discountType) {
            case PERCENT -> {
                Checks.required("coupon.discountPercentage", discountPercentage);
                if (discountPercentage.signum() <= 0 || discountPercentage.compareTo(HUNDRED) > 0) {
                    throw new InvalidInputException("coupon.discountPercentage", Checks.plain(discountPercentage),
                            "must be greater than 0 and at most 100");
                }
                Checks.decimalPlaces("coupon.discountPercentage", discountPercentage, Checks.MAX_DECIMAL_PLACES);
                if (discountAmount != null || discountCurrency != null) {
                    throw new InvalidInputException("coupon.discountAbsolute", discountAmount,
                            "must not be given for a PERCENT coupon");
                }
            }
            case ABSOLUTE -> {
                Checks.amount("coupon.discountAbsolute.amount", discountAmount, false);
                Checks.required("coupon.discountAbsolute.currency", discountCurrency);
                if (discountPercentage != null) {
                    throw new InvalidInputException("coupon.discountPercentage", Checks.plain(discountPercentage),
                            "must not be given for an ABSOLUTE coupon");
                }
            }
            case FREE_SHIPPING -> throw new InvalidInputException("coupon.discountType", discountType,
                    "points can only be exchanged for PERCENT or ABSOLUTE coupons, as in the reference product");
        }
        if (maxRedemptions == 0 || maxRedemptions < -1) {
            throw new InvalidInputException("coupon.maxRedemptions", maxRedemptions, "must be -1 (unlimited) or > 0");
        }
    }

    /**
     * A single-use PERCENT coupon, not for anonymous users, without description: the type has two
     * variants, so its factories are named for the discount type instead of {@code of}; the optional
     * fields have {@code with...} methods.
     */
    public static CouponTemplate percent(String name, String percentage) {
        return new CouponTemplate(name, null, DiscountType.PERCENT, decimal("coupon.discountPercentage", percentage),
                null, null, false, 1);
    }

    /** A single-use ABSOLUTE coupon, as {@link #percent} otherwise. */
    public static CouponTemplate absolute(String name, String amount, String currencyCode) {
        return new CouponTemplate(name, null, DiscountType.ABSOLUTE, null, decimal("coupon.discountAbsolute.amount", amount),
                Checks.currency("coupon.discountAbsolute.currency", currencyCode), false, 1);
    }

    public CouponTemplate withDescription(String newDescription) {
        return new CouponTemplate(name, newDescription, discountType, discountPercentage, discountAmount, discountCurrency,
                allowAnonymous, maxRedemptions);
    }

    public CouponTemplate withAllowAnonymous(boolean newAllowAnonymous) {
        return new CouponTemplate(name, description, discountType, discountPercentage, discountAmount, discountCurrency,
                newAllowAnonymous, maxRedemptions);
    }

    public CouponTemplate withMaxRedemptions(int newMaxRedemptions) {
        return new CouponTemplate(name, description, discountType, discountPercentage, discountAmount, discountCurrency,
                allowAnonymous, newMaxRedemptions);
    }

    private static BigDecimal decimal(String field, String value) {
        try {
            return new BigDecimal(Checks.required(field, value));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, value, "is not a decimal number");
        }
    }
}
