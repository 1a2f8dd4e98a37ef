package org.rewardpoints;

/**
 * Told of every committed change by the event relay ({@link LedgerEvents#deliver}), on the relay's
 * thread, in order per account, at least once: an event may come again after a crash or a failed
 * delivery, so de-duplicate by {@link LedgerEvent#id()}. A listener that throws makes the event due
 * again later; it never undoes the change.
 */
@FunctionalInterface
public interface RewardPointsListener {
    void onEvent(LedgerEvent event);
}
