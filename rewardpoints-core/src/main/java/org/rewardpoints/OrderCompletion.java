package org.rewardpoints;

import java.math.BigDecimal;
import java.util.Currency;
import org.rewardpoints.internal.Checks;

/**
 * A completed order that earns points.
 *
 * @param tenant     tenant
 * @param siteCode   site whose settings apply
 * @param customerId customer who earns
 * @param orderId    the order; at most one credit per (tenant, orderId)
 * @param value      order value, &ge; 0 (zero earns nothing), at most 6 decimal places
 * @param currency   must be the site's currency
 */
public record OrderCompletion(
        String tenant, String siteCode, String customerId, String orderId, BigDecimal value, Currency currency) {

    public OrderCompletion {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        Checks.id("customerId", customerId);
        Checks.id("orderId", orderId);
        Checks.money("value", value, true);
        Checks.required("currency", currency);
    }

    public static OrderCompletion of(String tenant, String siteCode, String customerId, String orderId,
                                     String value, String currencyCode) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(Checks.required("value", value));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("value", value, "is not a decimal number");
        }
        return new OrderCompletion(tenant, siteCode, customerId, orderId, amount,
                Checks.currency("currency", currencyCode));
    }
}
