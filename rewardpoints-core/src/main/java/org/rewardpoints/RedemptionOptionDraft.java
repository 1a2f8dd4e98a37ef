package org.rewardpoints;

import org.rewardpoints.internal.Checks;

/**
 * What an employee gives to create or update a redemption option.
 *
 * @param name        shown to customers, required
 * @param description optional text shown to customers
 * @param points      points deducted for one coupon, &gt; 0
 * @param coupon      the coupon issued
 */
public record RedemptionOptionDraft(String name, String description, long points, CouponTemplate coupon) {

    public RedemptionOptionDraft {
        Checks.requiredText("name", name);
        Checks.text("description", description);
        Checks.points("points", points);
        Checks.required("coupon", coupon);
    }

    /** A draft without description; add one with {@link #withDescription}. */
    public static RedemptionOptionDraft of(String name, long points, CouponTemplate coupon) {
        return new RedemptionOptionDraft(name, null, points, coupon);
    }

    public RedemptionOptionDraft withDescription(String newDescription) {
        return new RedemptionOptionDraft(name, newDescription, points, coupon);
    }
}
