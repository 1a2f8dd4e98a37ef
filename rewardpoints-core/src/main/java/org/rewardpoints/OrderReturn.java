package org.rewardpoints;

import java.math.BigDecimal;
import java.util.Currency;
import org.rewardpoints.internal.Checks;

/**
 * An order cancelled or (partly) returned: the points it earned are taken back in proportion to
 * the refunded value, once per (tenant, orderId, returnId).
 *
 * @param tenant        tenant
 * @param orderId       the order that earned points
 * @param returnId      identifies this return among the order's returns
 * @param refundedValue value refunded now, &gt; 0, at most 6 decimal places; null means everything not refunded before
 * @param currency      currency of the refunded value; must be the order's
 */
public record OrderReturn(String tenant, String orderId, String returnId, BigDecimal refundedValue, Currency currency) {

    public OrderReturn {
        Checks.id("tenant", tenant);
        Checks.id("orderId", orderId);
        Checks.id("returnId", returnId);
        if (refundedValue != null) {
            Checks.money("refundedValue", refundedValue, false);
            Checks.required("currency", currency);
        }
    }

    /** The whole order (everything not refunded before) is reversed. */
    public static OrderReturn full(String tenant, String orderId, String returnId) {
        return new OrderReturn(tenant, orderId, returnId, null, null);
    }

    public static OrderReturn partial(String tenant, String orderId, String returnId, String refundedValue,
                                      String currencyCode) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(Checks.required("refundedValue", refundedValue));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("refundedValue", refundedValue, "is not a decimal number");
        }
        return new OrderReturn(tenant, orderId, returnId, amount, Checks.currency("currency", currencyCode));
    }
}
