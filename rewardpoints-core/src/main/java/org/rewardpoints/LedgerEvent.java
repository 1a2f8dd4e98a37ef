package org.rewardpoints;

import java.time.Instant;

/**
 * A committed change, as the event relay delivers it to {@link RewardPointsListener}s and
 * {@link LedgerEvents#read} returns it. Written in the same atomic unit as the change: no event
 * exists for a change that did not commit. Delivered at least once; de-duplicate by {@link #id}.
 *
 * @param id           unique and time-ordered
 * @param position     the store's order of events: increasing per account in the order of its changes
 * @param type         what happened
 * @param tenant       tenant
 * @param customerId   customer
 * @param entryId      the lot or debit id; null for {@link Type#ACCOUNT_DELETED}
 * @param points       points credited or taken
 * @param balanceAfter active points right after
 * @param couponCode   the coupon, for {@link Type#COUPON_ISSUED}; else null
 * @param at           when
 * @param payload      the event as a JSON object, as stored (what change data capture streams)
 */
public record LedgerEvent(String id, long position, Type type, String tenant, String customerId, String entryId,
                          long points, long balanceAfter, String couponCode, Instant at, String payload) {

    /** Kinds of change. */
    public enum Type {
        /** Points credited: an order, points added by hand, start points. */
        CREDITED,
        /** Points redeemed without a coupon. */
        DEBITED,
        /** An order's points taken back. */
        REVERSED,
        /** Expired points recorded by the sweep. */
        EXPIRED,
        /** Points exchanged for a coupon: the redemption is confirmed with its code. */
        COUPON_ISSUED,
        /** A coupon reservation given back to its lots: no coupon came of it. */
        RESERVATION_RELEASED,
        /** The account and its history were erased. */
        ACCOUNT_DELETED,
        /**
         * A pending lot's points became usable: its pending period ended
         * ({@link RewardPoints#recordActivations}) or its order was activated ({@link RewardPoints#activate});
         * {@code entryId} is the lot, {@code points} its remaining points, the payload adds
         * {@code orderId} and {@code validUntil}. Written once per lot.
         */
        ACTIVATED,
        /**
         * A lot's remaining points expire within a window ({@link RewardPoints#announceExpiringSoon}):
         * written once per lot and window; {@code entryId} is the lot, {@code points} its remaining
         * points, the payload adds {@code validUntil} and {@code window}. Changes no points.
         */
        EXPIRING_SOON
    }
}
