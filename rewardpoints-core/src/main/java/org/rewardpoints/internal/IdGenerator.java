package org.rewardpoints.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7 layout): ids made later by one instance sort after earlier ones,
 * which keeps histories in insertion order even when many entries share a millisecond.
 */
public final class IdGenerator {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final long instanceBits = random.nextLong() & 0xFFFL;
    private long lastMillis = Long.MIN_VALUE;
    private long counter;

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    public synchronized String next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = random.nextLong() & 0x0000_FFFF_FFFF_FFFFL; // random start, room to count up
        } else {
            counter++;
        }
        long mostSignificant = (lastMillis << 16) | 0x7000L | instanceBits;
        long leastSignificant = 0x8000_0000_0000_0000L | (counter & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
