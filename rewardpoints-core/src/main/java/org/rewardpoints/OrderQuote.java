package org.rewardpoints;

import java.time.Instant;
import java.util.Optional;

/**
 * What an order would earn now ({@link RewardPoints#quoteOrder}); nothing was written.
 *
 * @param status     {@link CreditResult.Status#CREDITED} when completing the order now would
 *                   credit {@code points}; otherwise why it would not
 * @param points     points it would earn (or earned, when already credited)
 * @param validUntil until when they would be valid, when it would credit
 * @param activatesAt from when they could be spent, when it would credit: now, or the end of the
 *                   site's pending period
 */
public record OrderQuote(CreditResult.Status status, long points, Optional<Instant> validUntil,
                         Optional<Instant> activatesAt) {

    /** The quote of an order that would credit nothing: no validity, no activation. */
    static OrderQuote none(CreditResult.Status status, long points) {
        return new OrderQuote(status, points, Optional.empty(), Optional.empty());
    }
}
