package org.rewardpoints;

import org.rewardpoints.internal.Checks;

/**
 * Points an employee deducts without a coupon.
 *
 * @param tenant      tenant
 * @param customerId  customer
 * @param id          optional idempotency id: a repeat with the same id and points returns the first
 *                    debit; other content is a conflict
 * @param description optional text
 * @param points      &gt; 0; never more than the active points
 */
public record RedeemPoints(String tenant, String customerId, String id, String description, long points) {

    public RedeemPoints {
        Checks.id("tenant", tenant);
        Checks.id("customerId", customerId);
        Checks.optionalId("id", id);
        Checks.text("description", description);
        Checks.points("points", points);
    }

    /** A deduction without id or description; add them with {@link #withId} and {@link #withDescription}. */
    public static RedeemPoints of(String tenant, String customerId, long points) {
        return new RedeemPoints(tenant, customerId, null, null, points);
    }

    public RedeemPoints withId(String newId) {
        return new RedeemPoints(tenant, customerId, newId, description, points);
    }

    public RedeemPoints withDescription(String newDescription) {
        return new RedeemPoints(tenant, customerId, id, newDescription, points);
    }
}
