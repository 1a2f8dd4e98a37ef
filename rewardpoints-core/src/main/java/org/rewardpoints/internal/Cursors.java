package org.rewardpoints.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.spi.HistoryCursor;

/** Opaque page cursors: URL-safe Base64 of the keyset position. */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(HistoryCursor cursor) {
        return encode(cursor.createdAt() + "|" + cursor.id());
    }

    public static HistoryCursor decodeHistory(String cursor) {
        if (cursor == null) {
            return null;
        }
        String text = decode(cursor);
        int bar = text.indexOf('|');
        try {
            if (bar > 0) {
                return new HistoryCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal below
        }
        throw new InvalidInputException("cursor", cursor, "is not a cursor returned by this library");
    }

    public static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", cursor, "is not a cursor returned by this library");
        }
    }
}
