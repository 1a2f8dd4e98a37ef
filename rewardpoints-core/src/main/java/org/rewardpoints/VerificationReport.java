package org.rewardpoints;

import java.util.List;

/**
 * Every stored figure of an account re-derived from its entries ({@link RewardPoints#verify}):
 * the mismatches found, each naming the row, the stored and the derived value. Empty when the
 * account is consistent. Verification never writes.
 *
 * @param tenant     tenant
 * @param customerId customer
 * @param mismatches what differs
 */
public record VerificationReport(String tenant, String customerId, List<Mismatch> mismatches) {

    public boolean isClean() {
        return mismatches.isEmpty();
    }

    /**
     * One stored figure that its entries do not explain.
     *
     * @param figure  what: {@code lot.remaining}, {@code account.openPoints}, {@code account.debt},
     *                {@code debit.points}, {@code entry.balanceAfter} (a lot's or confirmed debit's
     *                balance after it)
     * @param row     the lot, debit or account id
     * @param stored  the stored value
     * @param derived the value the entries give
     */
    public record Mismatch(String figure, String row, long stored, long derived) {
    }
}
