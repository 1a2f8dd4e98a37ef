package org.rewardpoints.examples;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Quick start: the whole reward points flow on an embedded H2 database (in memory, schema created
 * from the DDL shipped in rewardpoints-jdbc), printed step by step.
 * Run it from the repository root with
 * {@code mvn -q -pl rewardpoints-examples -am -DskipTests package exec:java}.
 */
public final class QuickStartExample {

    private QuickStartExample() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC());
    }

    /** Runs the tour on a fresh backend with the given clock and prints it to {@code out}. */
    public static void run(PrintStream out, Clock clock) {
        try (ExampleBackend backend = ExampleBackend.embeddedH2(clock)) {
            LoyaltyTour.run(backend, out);
        }
    }
}
