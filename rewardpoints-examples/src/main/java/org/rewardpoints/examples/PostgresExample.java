package org.rewardpoints.examples;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The quick start's flow on a database you run, typically PostgreSQL: creates the schema from the
 * shipped DDL when missing and runs the tour. Give the database as arguments
 * {@code <jdbc-url> [<user> [<password>]]} or in the environment variables {@value #URL_VARIABLE},
 * {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}; arguments win. Exits with 2 when no
 * database is given.
 */
public final class PostgresExample {
    public static final String URL_VARIABLE = "RP_JDBC_URL";
    public static final String USER_VARIABLE = "RP_JDBC_USER";
    public static final String PASSWORD_VARIABLE = "RP_JDBC_PASSWORD";
    /** Exit status when no database is given. */
    public static final int USAGE_ERROR = 2;

    static final String USAGE = """
            No database given. Pass it as arguments or in the environment:
              PostgresExample <jdbc-url> [<user> [<password>]]
              %s=jdbc:postgresql://localhost:5432/rewardpoints %s=rp %s=secret PostgresExample
            With Maven, from the repository root:
              mvn -q -pl rewardpoints-examples -am -DskipTests package exec:java \\
                -Dexec.mainClass=org.rewardpoints.examples.PostgresExample \\
                -Dexec.args="jdbc:postgresql://localhost:5432/rewardpoints rp secret"
            """.formatted(URL_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE);

    private PostgresExample() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err, Clock.systemUTC());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the tour on the database named by {@code args} or {@code environment}; returns the exit status. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err, Clock clock) {
        String url = args.length > 0 ? args[0] : blankToNull(environment.get(URL_VARIABLE));
        if (url == null) {
            err.print(USAGE);
            return USAGE_ERROR;
        }
        String user = args.length > 1 ? args[1] : blankToNull(environment.get(USER_VARIABLE));
        String password = args.length > 2 ? args[2] : environment.get(PASSWORD_VARIABLE);
        try (ExampleBackend backend = ExampleBackend.database(url, user, password, clock)) {
            LoyaltyTour.run(backend, out);
        }
        return 0;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
