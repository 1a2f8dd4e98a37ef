package org.rewardpoints;

import java.time.Instant;
import java.util.List;

/**
 * What redeeming points now would consume ({@link RewardPoints#quoteRedemption}); nothing was
 * written.
 *
 * @param points       points asked for
 * @param balanceAfter the active points after such a redemption
 * @param lots         the lots it would take them from, soonest-expiring first
 */
public record RedemptionQuote(long points, long balanceAfter, List<LotShare> lots) {

    /** Points one lot would give. */
    public record LotShare(String lotId, Instant validUntil, long points) {
    }
}
