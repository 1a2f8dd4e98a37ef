package org.rewardpoints.spi;

/**
 * Points a debit took from one lot. A lot's {@code points - remaining} equals the sum of its
 * allocations whose debit is not {@link DebitStatus#RELEASED}.
 *
 * @param debitId debit that took the points
 * @param lotId   lot they came from
 * @param points  &gt; 0
 */
public record AllocationRecord(String debitId, String lotId, long points) {
}
