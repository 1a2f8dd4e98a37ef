package org.rewardpoints;

import java.time.Instant;

/**
 * A committed change, told to {@link RewardPointsListener}s.
 *
 * @param type         what happened
 * @param tenant       tenant
 * @param customerId   customer
 * @param entryId      the lot or debit id
 * @param points       points credited or taken
 * @param balanceAfter active points right after
 * @param couponCode   the coupon, for {@link Type#COUPON_ISSUED}; else null
 * @param at           when
 */
public record LedgerEvent(Type type, String tenant, String customerId, String entryId, long points, long balanceAfter,
                          String couponCode, Instant at) {

    /** Kinds of change. */
    public enum Type { CREDITED, DEBITED, REVERSED, EXPIRED, COUPON_ISSUED }
}
