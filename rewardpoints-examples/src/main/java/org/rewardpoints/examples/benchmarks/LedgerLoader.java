package org.rewardpoints.examples.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * Loads histories with set-based SQL (one statement per table, not one per entry), consistent
 * with the invariants the library keeps: an account's open points are the sum of its lots'
 * remaining points, every debit is covered by allocations that took exactly those points from its
 * lots, and every entry records the balance after it.
 *
 * <p>A {@link Group} is many customers with the same history: {@code lots} lots of
 * {@code lotPoints} created one minute apart, the first {@code expiredLots} of them already
 * expired, the others valid for two years; the first {@code spentLots} lots were each spent
 * whole by one redemption recorded after all the lots.
 */
public final class LedgerLoader {
    /** The one tenant of every benchmark. */
    public static final String TENANT = "bench";

    /**
     * Customers {@code prefix000001} and up, all with the same history. The prefix must be a
     * lower-case word followed by {@code -} and no group's prefix may start another's.
     */
    public record Group(String prefix, int customers, int lots, int spentLots, int expiredLots, long lotPoints) {
        public Group {
            if (!prefix.matches("[a-z0-9]+-") || customers < 1 || customers > 999_999 || lots < 1
                    || spentLots < 0 || spentLots > lots || expiredLots < 0 || expiredLots > lots || lotPoints < 1) {
                throw new IllegalArgumentException("Bad group " + prefix + " " + customers + "/" + lots + "/"
                        + spentLots + "/" + expiredLots + "/" + lotPoints);
            }
        }

        /** The n-th customer, from 1. */
        public String customer(int n) {
            return prefix + String.format("%06d", n);
        }

        /** Points each customer can spend right after loading. */
        public long spendablePoints() {
            return (lots - Math.max(spentLots, expiredLots)) * lotPoints;
        }

        /** History entries (lots and debits) of each customer. */
        public int entries() {
            return lots + spentLots;
        }
    }

    private final Database.Kind kind;
    private final DataSource dataSource;
    private final String createdBase;
    private final String validBase;
    private final String expiredBase;
    /** The type numbers are cast to before padding: MariaDB has no VARCHAR cast outside its Oracle mode. */
    private final String text;

    public LedgerLoader(Database.Kind kind, DataSource dataSource, Instant now) {
        this.kind = kind;
        this.dataSource = dataSource;
        Instant start = now.truncatedTo(ChronoUnit.DAYS);
        this.createdBase = timestamp(start.minus(Duration.ofDays(400)));
        this.validBase = timestamp(start.plus(Duration.ofDays(730)));
        this.expiredBase = timestamp(start.minus(Duration.ofDays(30)));
        this.text = kind == Database.Kind.MARIADB ? "CHAR" : "VARCHAR";
    }

    /** Creates the group's accounts, lots, debits and allocations. */
    public void load(Group group) {
        String customers = "(SELECT '" + group.prefix() + "' || LPAD(CAST(n AS " + text + "), 6, '0') AS customer_id FROM "
                + series(1, group.customers()) + " s) c";
        String lotNumber = "LPAD(CAST(i.n AS " + text + "), 7, '0')";
        String debitNumber = "LPAD(CAST(j.n AS " + text + "), 7, '0')";
        long points = group.lotPoints();
        execute(
                "INSERT INTO rp_accounts (tenant, customer_id, open_points, debt, created_at, version)"
                        + " SELECT '" + TENANT + "', c.customer_id, " + (group.lots() - group.spentLots()) * points
                        + ", 0, " + createdBase + ", " + group.entries() + " FROM " + customers,
                "INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value, currency,"
                        + " reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                        + " SELECT 'lot-' || c.customer_id || '-' || " + lotNumber + ", '" + TENANT + "', c.customer_id,"
                        + " 'order:' || c.customer_id || '-' || " + lotNumber + ", c.customer_id || '-' || " + lotNumber
                        + ", " + points + ", 'EUR', c.customer_id || '-' || " + lotNumber + ", NULL, " + points + ","
                        + " CASE WHEN i.n <= " + group.spentLots() + " THEN 0 ELSE " + points + " END, "
                        + plusMinutes(createdBase, "i.n") + ","
                        + " CASE WHEN i.n <= " + group.expiredLots() + " THEN " + plusMinutes(expiredBase, "i.n")
                        + " ELSE " + plusMinutes(validBase, "i.n") + " END, i.n * " + points
                        + " FROM " + customers + " CROSS JOIN " + series(1, group.lots()) + " i");
        if (group.spentLots() > 0) {
            execute(
                    "INSERT INTO rp_debits (id, tenant, customer_id, kind, status, idempotency_key, order_id,"
                            + " refunded_value, description, points, requested_points, created_at, balance_after,"
                            + " redeem_option_id, coupon_code)"
                            + " SELECT 'debit-' || c.customer_id || '-' || " + debitNumber + ", '" + TENANT + "',"
                            + " c.customer_id, 'REDEMPTION', 'CONFIRMED', 'redeem:' || c.customer_id || '-' || "
                            + debitNumber + ", NULL, NULL, 'Loaded redemption', " + points + ", " + points + ", "
                            + plusMinutes(createdBase, group.lots() + " + j.n") + ", (" + group.lots() + " - j.n) * "
                            + points + ", NULL, NULL FROM " + customers + " CROSS JOIN " + series(1, group.spentLots()) + " j");
            if (kind == Database.Kind.POSTGRESQL) {
                // Statistics first: the foreign-key checks of the allocations below are planned from
                // them, and a plan made while the tables looked small scans them whole for every row.
                execute("ANALYZE rp_lots", "ANALYZE rp_debits");
            }
            execute(
                    "INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
                            + " SELECT '" + TENANT + "', c.customer_id, 'debit-' || c.customer_id || '-' || " + debitNumber
                            + ", 'lot-' || c.customer_id || '-' || " + debitNumber + ", " + points
                            + " FROM " + customers + " CROSS JOIN " + series(1, group.spentLots()) + " j");
        }
    }

    /**
     * Adds lots {@code fromLot} to {@code toLot} (numbers after the group's existing lots) of
     * {@code lotPoints} each, valid for two years, to every customer of the group.
     */
    public void topUp(Group group, int fromLot, int toLot) {
        String lotNumber = "LPAD(CAST(i.n AS " + text + "), 7, '0')";
        long points = group.lotPoints();
        String accounts = " WHERE a.tenant = '" + TENANT + "' AND a.customer_id LIKE '" + group.prefix() + "%'";
        execute(
                "INSERT INTO rp_lots (id, tenant, customer_id, idempotency_key, order_id, order_value, currency,"
                        + " reference_id, description, points, remaining, created_at, valid_until, balance_after)"
                        + " SELECT 'lot-' || a.customer_id || '-' || " + lotNumber + ", a.tenant, a.customer_id,"
                        + " 'order:' || a.customer_id || '-' || " + lotNumber + ", a.customer_id || '-' || " + lotNumber
                        + ", " + points + ", 'EUR', a.customer_id || '-' || " + lotNumber + ", NULL, " + points + ", "
                        + points + ", " + plusMinutes(createdBase, "i.n") + ", " + plusMinutes(validBase, "i.n") + ","
                        + " a.open_points - a.debt + (i.n - " + (fromLot - 1) + ") * " + points
                        + " FROM rp_accounts a CROSS JOIN " + series(fromLot, toLot) + " i" + accounts,
                "UPDATE rp_accounts a SET open_points = open_points + " + (long) (toLot - fromLot + 1) * points
                        + ", version = version + " + (toLot - fromLot + 1) + accounts);
    }

    /**
     * Writes {@code events} undelivered CREDITED events (PostgreSQL), in position order round-robin
     * over {@code accounts} customers {@code prefix000001} and up: event n belongs to customer
     * ((n - 1) mod accounts) + 1, as if the accounts' changes had interleaved in time. Columns and
     * payload as the library writes a credit's event; the rows' entries and accounts are not
     * loaded (the relay reads only {@code rp_events}).
     */
    public void loadEvents(String prefix, int events, int accounts) {
        // ids as the library makes them: time-ordered (version 7 layout), here the row's millisecond then its number
        String millis = "LPAD(TO_HEX(CAST(FLOOR(EXTRACT(EPOCH FROM " + createdBase + " + g.n * INTERVAL '1 millisecond')"
                + " * 1000) AS BIGINT)), 12, '0')";
        String timeOrderedId = "SUBSTR(" + millis + ", 1, 8) || '-' || SUBSTR(" + millis + ", 9, 4) || '-7000-8000-'"
                + " || LPAD(TO_HEX(g.n), 12, '0')";
        if (kind != Database.Kind.POSTGRESQL) {
            throw new UnsupportedOperationException("Events are loaded on PostgreSQL only");
        }
        String customer = "'" + prefix + "' || LPAD(CAST((g.n - 1) % " + accounts + " + 1 AS VARCHAR), 6, '0')";
        execute("INSERT INTO rp_events (id, aggregate_id, tenant, customer_id, type, entry_id, points, balance_after,"
                + " occurred_at, payload)"
                + " SELECT e.id, '" + TENANT.length() + ":" + TENANT + ":' || e.customer_id, '" + TENANT + "', e.customer_id,"
                + " 'CREDITED', e.entry_id, 25, e.balance_after, e.at, jsonb_build_object('id', e.id, 'type', 'CREDITED',"
                + " 'tenant', '" + TENANT + "', 'customerId', e.customer_id, 'entryId', e.entry_id, 'points', 25,"
                + " 'occurredAt', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
                + " 'orderId', e.order_id, 'referenceId', e.order_id, 'description', 'Points for order ' || e.order_id,"
                + " 'validUntil', to_char((e.at + INTERVAL '12 months') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))"
                + " FROM (SELECT g.n, " + timeOrderedId + " AS id, " + customer + " AS customer_id,"
                + " 'lot-event-' || g.n AS entry_id, 'order-event-' || g.n AS order_id,"
                + " 25 * ((g.n - 1) / " + accounts + " + 1) AS balance_after,"
                + " " + createdBase + " + g.n * INTERVAL '1 millisecond' AS at"
                + " FROM generate_series(1, " + events + ") AS g(n)) e ORDER BY e.n");
    }

    /** Empties the ledger tables, events included (between runs of a benchmark that needs the same data again). */
    public void truncateLedger() {
        execute(kind == Database.Kind.POSTGRESQL
                ? new String[] {"TRUNCATE rp_allocations, rp_debits, rp_lots, rp_accounts, rp_events"}
                : new String[] {"DELETE FROM rp_allocations", "DELETE FROM rp_debits", "DELETE FROM rp_lots",
                        "DELETE FROM rp_accounts", "DELETE FROM rp_events"});
    }

    private void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (kind == Database.Kind.MARIADB) {
                // || concatenates, as on the other databases, for this connection's loading only
                statement.execute("SET @loader_sql_mode = @@SESSION.sql_mode,"
                        + " SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',PIPES_AS_CONCAT')");
            }
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } finally {
                if (kind == Database.Kind.MARIADB) {
                    statement.execute("SET SESSION sql_mode = @loader_sql_mode");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Loading failed: " + e.getMessage(), e);
        }
    }

    private String series(int from, int to) {
        return switch (kind) {
            case POSTGRESQL -> "(SELECT n FROM generate_series(" + from + ", " + to + ") AS g(n))";
            // MariaDB's SEQUENCE engine
            case MARIADB -> "(SELECT seq AS n FROM seq_" + from + "_to_" + to + ")";
            case H2 -> "(SELECT X AS n FROM SYSTEM_RANGE(" + from + ", " + to + "))";
        };
    }

    private String plusMinutes(String timestamp, String minutes) {
        return switch (kind) {
            case POSTGRESQL -> "(" + timestamp + " + (" + minutes + ") * INTERVAL '1 minute')";
            case MARIADB -> "TIMESTAMPADD(MINUTE, " + minutes + ", " + timestamp + ")";
            case H2 -> "DATEADD(MINUTE, " + minutes + ", " + timestamp + ")";
        };
    }

    /** A literal of the instant: MariaDB's DATETIME(6) columns hold UTC without a zone. */
    private String timestamp(Instant instant) {
        String utc = instant.toString().replace('T', ' ').replace("Z", "");
        return kind == Database.Kind.MARIADB ? "TIMESTAMP '" + utc + "'" : "TIMESTAMP WITH TIME ZONE '" + utc + "+00:00'";
    }
}
