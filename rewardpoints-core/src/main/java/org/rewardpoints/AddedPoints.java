package org.rewardpoints;

import java.time.Instant;
import java.util.List;

/**
 * A credit as shown in a summary (the reference API's {@code addedPoints}).
 *
 * @param id                     lot id
 * @param referenceId            reference, or null
 * @param description            text, or null
 * @param points                 points credited
 * @param createdAt              when
 * @param validUntil             first instant the points are no longer usable
 * @param usedPoints             points taken by confirmed debits (redemptions, reversals, expiry)
 * @param usedWith               ids of those debits
 * @param allPointsAfterCreation active points of the account right after the credit
 * @param activatesAt            from when the points are usable: {@code createdAt}, or the end of
 *                               a pending period (the library's own field: not in the reference's JSON)
 */
public record AddedPoints(String id, String referenceId, String description, long points, Instant createdAt,
                          Instant validUntil, long usedPoints, List<String> usedWith, long allPointsAfterCreation,
                          Instant activatesAt) {

    public AddedPoints {
        usedWith = List.copyOf(usedWith);
    }

    /** A credit usable from its creation on. */
    public AddedPoints(String id, String referenceId, String description, long points, Instant createdAt,
                       Instant validUntil, long usedPoints, List<String> usedWith, long allPointsAfterCreation) {
        this(id, referenceId, description, points, createdAt, validUntil, usedPoints, usedWith, allPointsAfterCreation,
                createdAt);
    }
}
