package org.rewardpoints.spi;

import java.time.Instant;

/**
 * Keyset position in a history ordered by ({@code createdAt}, {@code id}): a page starts strictly
 * after it.
 */
public record HistoryCursor(Instant createdAt, String id) {
}
