package org.rewardpoints.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.DiscountType;

/**
 * The columns holding a {@link CouponTemplate}, the same in the issued-coupons and the
 * redemption-options tables.
 *
 * <p>Decimals are stored exactly (PostgreSQL {@code numeric} without precision, H2
 * {@code DECFLOAT}) and read back in their shortest form: H2 cannot keep trailing zeros, so
 * neither database returns them and both answer alike ({@code 5.50} reads back as {@code 5.5},
 * {@code 10} as {@code 10}). {@link #asStored} gives that form for values written but not read.
 */
final class CouponTemplateColumns {
    static final String COLUMNS = "coupon_name, coupon_description, discount_type, discount_percentage,"
            + " discount_amount, discount_currency, allow_anonymous, max_redemptions";
    /** Placeholders for {@link #COLUMNS}. */
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?";
    /** {@code column = ?} for every column, for updates. */
    static final String ASSIGNMENTS = "coupon_name = ?, coupon_description = ?, discount_type = ?,"
            + " discount_percentage = ?, discount_amount = ?, discount_currency = ?, allow_anonymous = ?,"
            + " max_redemptions = ?";

    private CouponTemplateColumns() {
    }

    /** Parameters for {@link #COLUMNS}, in order. */
    static Object[] params(CouponTemplate template) {
        Currency currency = template.discountCurrency();
        return new Object[] {template.name(), Sql.text(template.description()), template.discountType().name(),
                Sql.money(template.discountPercentage()), Sql.money(template.discountAmount()),
                Sql.text(currency == null ? null : currency.getCurrencyCode()), template.allowAnonymous(),
                template.maxRedemptions()};
    }

    /**
     * The template of a row.
     *
     * @throws org.rewardpoints.InvalidInputException when the stored values make no valid template
     * @throws IllegalArgumentException                when the discount type or currency is unknown
     */
    static CouponTemplate read(ResultSet row) throws SQLException {
        String currency = row.getString("discount_currency");
        return new CouponTemplate(
                row.getString("coupon_name"),
                row.getString("coupon_description"),
                DiscountType.valueOf(row.getString("discount_type")),
                shortest(row.getBigDecimal("discount_percentage")),
                shortest(row.getBigDecimal("discount_amount")),
                currency == null ? null : Currency.getInstance(currency.strip()),
                row.getBoolean("allow_anonymous"),
                row.getInt("max_redemptions"));
    }

    /** The template as {@link #read} returns it after writing it. */
    static CouponTemplate asStored(CouponTemplate template) {
        BigDecimal percentage = shortest(template.discountPercentage());
        BigDecimal amount = shortest(template.discountAmount());
        if (percentage == template.discountPercentage() && amount == template.discountAmount()) {
            return template;
        }
        return new CouponTemplate(template.name(), template.description(), template.discountType(), percentage, amount,
                template.discountCurrency(), template.allowAnonymous(), template.maxRedemptions());
    }

    /** The same value without trailing zeros and with a scale of at least 0: 5.50 as 5.5, 1E+1 as 10. */
    private static BigDecimal shortest(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal shortest = value.stripTrailingZeros();
        if (shortest.scale() < 0) {
            shortest = shortest.setScale(0);
        }
        return shortest.equals(value) ? value : shortest;
    }
}
