package org.rewardpoints;

import java.util.List;

/**
 * A customer's points (the reference API's {@code pointsSummaryOut}).
 *
 * @param customerId         customer
 * @param activePoints       points usable now
 * @param addedPointsList    credits, oldest first
 * @param redeemedPointsList confirmed debits, oldest first
 * @param pendingPoints      points credited but not usable yet, in a pending period (the library's
 *                           own field: not in the reference's JSON); not part of {@code activePoints}
 */
public record PointsSummary(String customerId, long activePoints, List<AddedPoints> addedPointsList,
                            List<RedeemedPoints> redeemedPointsList, long pendingPoints) {

    public PointsSummary {
        addedPointsList = List.copyOf(addedPointsList);
        redeemedPointsList = List.copyOf(redeemedPointsList);
    }

    /** A summary without pending points. */
    public PointsSummary(String customerId, long activePoints, List<AddedPoints> addedPointsList,
                         List<RedeemedPoints> redeemedPointsList) {
        this(customerId, activePoints, addedPointsList, redeemedPointsList, 0);
    }
}
