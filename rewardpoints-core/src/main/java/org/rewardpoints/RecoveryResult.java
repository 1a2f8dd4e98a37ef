package org.rewardpoints;

/**
 * Outcome of {@link RewardPoints#recoverReservations}.
 *
 * @param confirmed reservations whose coupon existed: now confirmed redemptions
 * @param released  reservations without a coupon: points given back to their lots
 * @param failed    reservations left pending because the issuer or store failed; retried next run
 */
public record RecoveryResult(int confirmed, int released, int failed) {
}
