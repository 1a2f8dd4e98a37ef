package org.rewardpoints;

import java.time.Instant;
import org.rewardpoints.spi.DebitKind;

/**
 * A debit as shown in a summary (the reference API's {@code redeemedPoints}).
 *
 * @param id                     debit id
 * @param kind                   redemption, coupon redemption, reversal or expiry
 * @param description            text, or null
 * @param points                 points taken
 * @param createdAt              when
 * @param allPointsAfterCreation active points of the account right after the debit
 * @param couponCode             the coupon issued for a coupon redemption, else null
 */
public record RedeemedPoints(String id, DebitKind kind, String description, long points, Instant createdAt,
                             long allPointsAfterCreation, String couponCode) {
}
