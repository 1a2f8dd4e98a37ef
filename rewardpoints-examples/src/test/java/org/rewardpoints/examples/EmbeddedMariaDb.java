package org.rewardpoints.examples;

import java.util.Locale;
import java.util.UUID;
import org.rewardpoints.examples.benchmarks.Database;

/** MariaDB databases for the examples' tests, on the benchmarks' embedded server (started on first use). */
public final class EmbeddedMariaDb {
    private EmbeddedMariaDb() {
    }

    /** Creates an empty database and returns its JDBC URL (user {@code root}, no password). */
    public static String newDatabase(String hint) {
        return Database.newMariaDbDatabase((hint + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT));
    }
}
