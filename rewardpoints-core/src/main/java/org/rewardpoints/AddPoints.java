package org.rewardpoints;

import java.time.Instant;
import org.rewardpoints.internal.Checks;

/**
 * Points an employee adds by hand (or the start points of a new account).
 *
 * @param tenant      tenant
 * @param siteCode    site whose validity applies when {@code validUntil} is null
 * @param customerId  customer
 * @param id          optional id of the new lot, also its idempotency key: a repeat with the same id
 *                    and content returns the first lot; other content is a conflict
 * @param referenceId optional reference (the reference API's {@code reference-id})
 * @param description optional text
 * @param points      &gt; 0
 * @param validUntil  optional expiry; default now + the site's validity
 */
public record AddPoints(
        String tenant, String siteCode, String customerId, String id, String referenceId,
        String description, long points, Instant validUntil) {

    public AddPoints {
        Checks.id("tenant", tenant);
        Checks.id("siteCode", siteCode);
        Checks.id("customerId", customerId);
        Checks.optionalId("id", id);
        Checks.optionalId("referenceId", referenceId);
        Checks.text("description", description);
        Checks.points("points", points);
        if (validUntil != null && validUntil.isAfter(LATEST_VALID_UNTIL)) {
            throw new InvalidInputException("validUntil", validUntil, "must be at most " + LATEST_VALID_UNTIL);
        }
    }

    /** Latest accepted explicit expiry: four-digit years keep ISO-8601 output plain. */
    public static final Instant LATEST_VALID_UNTIL = Instant.parse("9999-12-31T23:59:59Z");

    /** Points for the default site, with no id, reference, description or explicit expiry. */
    public static AddPoints of(String tenant, String customerId, long points) {
        return new AddPoints(tenant, RewardPoints.DEFAULT_SITE_CODE, customerId, null, null, null, points, null);
    }

    public AddPoints withSiteCode(String newSiteCode) {
        return new AddPoints(tenant, newSiteCode, customerId, id, referenceId, description, points, validUntil);
    }

    public AddPoints withId(String newId) {
        return new AddPoints(tenant, siteCode, customerId, newId, referenceId, description, points, validUntil);
    }

    public AddPoints withReferenceId(String newReferenceId) {
        return new AddPoints(tenant, siteCode, customerId, id, newReferenceId, description, points, validUntil);
    }

    public AddPoints withDescription(String newDescription) {
        return new AddPoints(tenant, siteCode, customerId, id, referenceId, newDescription, points, validUntil);
    }

    public AddPoints withValidUntil(Instant newValidUntil) {
        return new AddPoints(tenant, siteCode, customerId, id, referenceId, description, points, newValidUntil);
    }
}
