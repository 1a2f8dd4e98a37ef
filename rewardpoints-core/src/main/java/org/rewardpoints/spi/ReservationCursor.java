package org.rewardpoints.spi;

import java.time.Instant;

/**
 * Keyset position among pending reservations of all tenants, ordered by ({@code createdAt},
 * {@code tenant}, {@code id}): a page starts strictly after it.
 */
public record ReservationCursor(Instant createdAt, String tenant, String id) {

    /** The position of a reservation itself. */
    public static ReservationCursor of(DebitRecord reservation) {
        return new ReservationCursor(reservation.createdAt(), reservation.tenant(), reservation.id());
    }
}
