package org.rewardpoints.examples.http;

import java.nio.file.Path;
import java.util.Currency;
import java.util.Locale;
import org.rewardpoints.ExpiryAlignment;
import org.rewardpoints.InvalidInputException;
import org.rewardpoints.RewardPoints;

/**
 * Command line of {@link RewardPointsServer}.
 *
 * @param port                port to listen on; 0 picks a free one
 * @param jdbcUrl             database of the ledger; null for an embedded in-memory H2 database
 * @param jdbcUser            database user, or null
 * @param jdbcPassword        database password, or null
 * @param tokens              token table file, or null for the example tokens on the class path
 * @param help                print usage and exit
 * @param demo                seed a configured site, redemption options and customers with history
 * @param ledger              how the ledger behaves where the reference product has a fixed way
 */
record ServerOptions(int port, String jdbcUrl, String jdbcUser, String jdbcPassword, Path tokens, boolean help,
                     boolean demo, ReferenceBehaviour ledger) {
    static final int DEFAULT_PORT = 8080;

    /**
     * What the reference product does, and the server by default: lots valid until the start of
     * the day in the site's zone, order lots described in German, sites configured from the
     * reference mixin (which has no currency) in euros.
     *
     * @param expiryAlignment     alignment of validUntil
     * @param orderLotDescription description of an order's lot, {@code {orderId}} replaced
     * @param defaultCurrency     currency of a site whose first PATCH gives none
     */
    record ReferenceBehaviour(ExpiryAlignment expiryAlignment, String orderLotDescription, Currency defaultCurrency) {
        static final ReferenceBehaviour REFERENCE = new ReferenceBehaviour(ExpiryAlignment.START_OF_DAY,
                "Bonuspunkte für Bestellung " + RewardPoints.ORDER_ID_PLACEHOLDER, Currency.getInstance("EUR"));

        /** Applies these choices to a ledger's builder. */
        RewardPoints.Builder applyTo(RewardPoints.Builder builder) {
            return builder.expiryAlignment(expiryAlignment)
                    .orderLotDescription(orderLotDescription)
                    .defaultCurrency(defaultCurrency);
        }
    }

    static final String USAGE = """
            Usage: RewardPointsServer [--port N] [--jdbc-url URL [--jdbc-user USER] [--jdbc-password PASSWORD]]
                                      [--tokens FILE] [--demo] [--expiry-alignment A] [--order-lot-description TEXT]
                                      [--default-currency CODE]
              --port N                      port to listen on (default %d; 0 picks a free port)
              --demo                        seed site acme/main, two redemption options and customers C-1001
                                            and C-2002 with history (again on a database: nothing doubles)
              --jdbc-url URL                database of the ledger (default: embedded H2 in memory)
              --jdbc-user USER              database user
              --jdbc-password PW            database password
              --tokens FILE                 bearer token table (default: the example tokens, %s)
              --expiry-alignment A          EXACT, START_OF_DAY or END_OF_MONTH (default %s, as the reference)
              --order-lot-description TEXT  description of an order's points, {orderId} replaced
                                            (default "%s", as the reference)
              --default-currency CODE       currency of a site configured without one (default %s)
            """.formatted(DEFAULT_PORT, TokenTable.DEFAULT_RESOURCE, ReferenceBehaviour.REFERENCE.expiryAlignment(),
            ReferenceBehaviour.REFERENCE.orderLotDescription(), ReferenceBehaviour.REFERENCE.defaultCurrency());

    /** @throws IllegalArgumentException naming the bad argument */
    static ServerOptions parse(String... args) {
        int port = DEFAULT_PORT;
        String jdbcUrl = null;
        String jdbcUser = null;
        String jdbcPassword = null;
        Path tokens = null;
        boolean help = false;
        boolean demo = false;
        ReferenceBehaviour reference = ReferenceBehaviour.REFERENCE;
        ExpiryAlignment alignment = reference.expiryAlignment();
        String orderLotDescription = reference.orderLotDescription();
        Currency defaultCurrency = reference.defaultCurrency();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = port(value(args, ++i, arg));
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
                case "--jdbc-user" -> jdbcUser = value(args, ++i, arg);
                case "--jdbc-password" -> jdbcPassword = value(args, ++i, arg);
                case "--tokens" -> tokens = Path.of(value(args, ++i, arg));
                case "--expiry-alignment" -> alignment = alignment(value(args, ++i, arg));
                case "--order-lot-description" -> orderLotDescription = orderLotDescription(value(args, ++i, arg));
                case "--default-currency" -> defaultCurrency = currency(value(args, ++i, arg));
                case "--demo" -> demo = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        return new ServerOptions(port, jdbcUrl, jdbcUser, jdbcPassword, tokens, help, demo,
                new ReferenceBehaviour(alignment, orderLotDescription, defaultCurrency));
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

    private static ExpiryAlignment alignment(String value) {
        try {
            return ExpiryAlignment.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--expiry-alignment '" + value + "' must be EXACT, START_OF_DAY or END_OF_MONTH");
        }
    }

    private static String orderLotDescription(String value) {
        try {
            RewardPoints.builder().orderLotDescription(value); // the builder's own rules
            return value;
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("--order-lot-description: " + e.getMessage());
        }
    }

    private static Currency currency(String value) {
        try {
            return Currency.getInstance(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--default-currency '" + value + "' must be an ISO 4217 code like EUR");
        }
    }
}
