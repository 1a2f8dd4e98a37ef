package org.rewardpoints;

/**
 * Told after commit of every credit, debit, reversal, expiry and issued coupon, on the thread that
 * made the change, in commit order per account. A listener that throws is logged and ignored: it
 * never undoes a committed change. Keep listeners fast, or hand work to a queue.
 */
@FunctionalInterface
public interface RewardPointsListener {
    void onEvent(LedgerEvent event);
}
