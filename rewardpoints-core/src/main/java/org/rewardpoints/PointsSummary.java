package org.rewardpoints;

import java.util.List;

/**
 * A customer's points (the reference API's {@code pointsSummaryOut}).
 *
 * @param customerId         customer
 * @param activePoints       points usable now
 * @param addedPointsList    credits, oldest first
 * @param redeemedPointsList confirmed debits, oldest first
 */
public record PointsSummary(String customerId, long activePoints, List<AddedPoints> addedPointsList,
                            List<RedeemedPoints> redeemedPointsList) {

    public PointsSummary {
        addedPointsList = List.copyOf(addedPointsList);
        redeemedPointsList = List.copyOf(redeemedPointsList);
    }
}
