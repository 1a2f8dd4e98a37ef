package org.rewardpoints.examples.http;

import java.nio.file.Path;

/**
 * Command line of {@link RewardPointsServer}.
 *
 * @param port        port to listen on; 0 picks a free one
 * @param jdbcUrl     database of the ledger; null for an embedded in-memory H2 database
 * @param jdbcUser    database user, or null
 * @param jdbcPassword database password, or null
 * @param tokens      token table file, or null for the example tokens on the class path
 * @param help        print usage and exit
 */
record ServerOptions(int port, String jdbcUrl, String jdbcUser, String jdbcPassword, Path tokens, boolean help) {
    static final int DEFAULT_PORT = 8080;

    static final String USAGE = """
            Usage: RewardPointsServer [--port N] [--jdbc-url URL [--jdbc-user USER] [--jdbc-password PASSWORD]]
                                      [--tokens FILE]
              --port N            port to listen on (default %d; 0 picks a free port)
              --jdbc-url URL      database of the ledger (default: embedded H2 in memory)
              --jdbc-user USER    database user
              --jdbc-password PW  database password
              --tokens FILE       bearer token table (default: the example tokens, %s)
            """.formatted(DEFAULT_PORT, TokenTable.DEFAULT_RESOURCE);

    /** @throws IllegalArgumentException naming the bad argument */
    static ServerOptions parse(String... args) {
        int port = DEFAULT_PORT;
        String jdbcUrl = null;
        String jdbcUser = null;
        String jdbcPassword = null;
        Path tokens = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = port(value(args, ++i, arg));
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
                case "--jdbc-user" -> jdbcUser = value(args, ++i, arg);
                case "--jdbc-password" -> jdbcPassword = value(args, ++i, arg);
                case "--tokens" -> tokens = Path.of(value(args, ++i, arg));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return new ServerOptions(port, jdbcUrl, jdbcUser, jdbcPassword, tokens, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port '" + value + "' must be a number from 0 to 65535");
    }
}
