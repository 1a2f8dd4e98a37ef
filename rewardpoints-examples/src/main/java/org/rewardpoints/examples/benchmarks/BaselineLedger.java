package org.rewardpoints.examples.benchmarks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rewardpoints.CouponCodes;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.IdGenerator;

/**
 * The baseline of the JDBC benchmarks: the least SQL, written by hand, that a correct ledger needs
 * for each operation, on the same pool and the same schema as the library, with the same effect
 * (the same rows, balances after each entry included; a test compares them).
 *
 * <p>Rules it follows: a read whose answer decides what comes next is its own statement; writes
 * that nothing waits for are sent together (one round trip on PostgreSQL, whose driver pipelines
 * {@code ;}-joined statements, as the library does); one transaction per change, ending in a
 * commit; reads outside transactions in autocommit. Concurrency safety comes from the account's
 * row lock, idempotency from the UNIQUE constraints. It supports what the benchmarks exercise
 * (orders, coupon and plain redemptions, reading, the expiry sweep), not debts, reversals or
 * external coupon services.
 */
public final class BaselineLedger {
    static final String LOT_COLUMNS = "id, tenant, customer_id, idempotency_key, order_id, order_value, currency,"
            + " reference_id, description, points, remaining, created_at, valid_until, balance_after";
    static final String DEBIT_COLUMNS = "id, tenant, customer_id, kind, status, idempotency_key, order_id,"
            + " refunded_value, description, points, requested_points, created_at, balance_after,"
            + " redeem_option_id, coupon_code";
    private static final String EXPIRED_SUM = "(SELECT COALESCE(SUM(x.remaining), 0) FROM rp_lots x"
            + " WHERE x.tenant = ? AND x.customer_id = ? AND x.remaining > 0 AND x.valid_until <= ?)";
    private static final String LOCK = "SELECT a.open_points - a.debt - " + EXPIRED_SUM
            + " FROM rp_accounts a WHERE a.tenant = ? AND a.customer_id = ? FOR UPDATE";
    private static final String BALANCE = "SELECT a.open_points - a.debt - " + EXPIRED_SUM
            + " FROM rp_accounts a WHERE a.tenant = ? AND a.customer_id = ?";
    /** The points credited with a pending period that has not ended: the library's balance leaves them out. */
    private static final String PENDING_SUM = "(SELECT COALESCE(SUM(y.remaining), 0) FROM rp_lots y"
            + " WHERE y.tenant = ? AND y.customer_id = ? AND y.activates_at > ? AND y.remaining > 0 AND y.valid_until > ?)";
    private static final String BALANCE_WITH_PENDING = BALANCE.replace(" FROM rp_accounts a", " - " + PENDING_SUM
            + " FROM rp_accounts a");
    private static final String CREDIT_ACCOUNT = "UPDATE rp_accounts SET open_points = open_points + ?,"
            + " version = version + 1 WHERE tenant = ? AND customer_id = ?";
    // a statement of its own after the update: its snapshot sees the locked, updated account
    private static final String CREDIT_LOT = "INSERT INTO rp_lots (" + LOT_COLUMNS + ")"
            + " SELECT ?, a.tenant, a.customer_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, a.open_points - a.debt - "
            + EXPIRED_SUM + " FROM rp_accounts a WHERE a.tenant = ? AND a.customer_id = ?";
    private static final String EVENT_COLUMNS = "id, aggregate_id, tenant, customer_id, type, entry_id, points,"
            + " balance_after, occurred_at, payload";
    /** The credit's event, with the balance after read from the lot just inserted (as the library does). */
    private static final String CREDIT_EVENT = "INSERT INTO rp_events (" + EVENT_COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, 'CREDITED', ?, ?, l.balance_after, ?, %s FROM rp_lots l"
            + " WHERE l.tenant = ? AND l.customer_id = ? AND l.id = ?";
    private static final String CREDIT_EVENT_POSTGRES = String.format(CREDIT_EVENT, "CAST(? AS jsonb)");
    /** H2 and MariaDB: the payload as text (MariaDB's json is text checked by JSON_VALID). */
    private static final String CREDIT_EVENT_TEXT = String.format(CREDIT_EVENT, "?");
    /** A redemption's event, its balance after known (the redemption computed it). */
    private static final String DEBIT_EVENT = "INSERT INTO rp_events (" + EVENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, %s)";
    private static final String DEBIT_EVENT_POSTGRES = String.format(DEBIT_EVENT, "CAST(? AS jsonb)");
    private static final String DEBIT_EVENT_TEXT = String.format(DEBIT_EVENT, "?");
    private static final String NEW_ACCOUNT = "INSERT INTO rp_accounts (tenant, customer_id, open_points, debt,"
            + " created_at, version) VALUES (?, ?, 0, 0, ?, 0)";
    private static final String LOT_BY_KEY = "SELECT points FROM rp_lots WHERE tenant = ? AND idempotency_key = ?";
    private static final String OPTION = "SELECT points, name, description, coupon_name, coupon_description,"
            + " discount_type, discount_percentage, discount_amount, discount_currency, allow_anonymous,"
            + " max_redemptions FROM rp_redemption_options WHERE tenant = ? AND id = ?";
    private static final String SPENDABLE = "SELECT id, remaining, valid_until, created_at FROM rp_lots"
            + " WHERE tenant = ? AND customer_id = ? AND remaining > 0 AND valid_until > ?";
    /**
     * The leading columns in ORDER BY let H2 read the index in order (PostgreSQL needs no hint);
     * MariaDB reads it in order only without them (given them, it sorts the account's rows).
     */
    private static final String ACCOUNT_ORDER = "tenant, customer_id, ";
    private static final String FIRST_SPENDABLE = SPENDABLE + " ORDER BY " + ACCOUNT_ORDER
            + "valid_until, created_at, id LIMIT ?";
    private static final String NEXT_SPENDABLE = SPENDABLE + " AND (valid_until, created_at, id) > (?, ?, ?)"
            + " ORDER BY " + ACCOUNT_ORDER + "valid_until, created_at, id LIMIT ?";
    private static final String UPDATE_LOT = "UPDATE rp_lots SET remaining = ? WHERE tenant = ? AND customer_id = ? AND id = ?";
    private static final String INSERT_DEBIT = "INSERT INTO rp_debits (" + DEBIT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, 'CONFIRMED', ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ALLOCATION = "INSERT INTO rp_allocations (tenant, customer_id, debit_id,"
            + " lot_id, points) VALUES (?, ?, ?, ?, ?)";
    private static final String DEBIT_ACCOUNT = "UPDATE rp_accounts SET open_points = open_points - ?,"
            + " version = version + 1 WHERE tenant = ? AND customer_id = ?";
    private static final String INSERT_COUPON = "INSERT INTO rp_issued_coupons (tenant, idempotency_key, code,"
            + " customer_id, coupon_name, coupon_description, discount_type, discount_percentage, discount_amount,"
            + " discount_currency, allow_anonymous, max_redemptions, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PAGE_LOTS = "(SELECT tenant, customer_id, id, reference_id, description, points,"
            + " created_at, valid_until, balance_after FROM rp_lots WHERE tenant = ? AND customer_id = ?"
            + " ORDER BY " + ACCOUNT_ORDER + "created_at, id LIMIT ?) l";
    private static final String PAGE_COLUMNS = "SELECT l.id, l.reference_id, l.description, l.points, l.created_at,"
            + " l.valid_until, l.balance_after, a.debit_id, COALESCE(a.used, 0) AS used FROM ";
    private static final String CONFIRMED_ALLOCATIONS = "SELECT x.debit_id, x.points AS used FROM rp_allocations x"
            + " JOIN rp_debits d ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
            + " WHERE x.tenant = l.tenant AND x.customer_id = l.customer_id AND x.lot_id = l.id AND d.status = 'CONFIRMED'";
    /**
     * The page's lots, each with the allocations of confirmed debits. On PostgreSQL a lateral join
     * looks each lot's allocations up by the whole index key: a plain join may be planned (in the
     * generic plan of a prepared statement) as a hash join over all the customer's allocations.
     */
    private static final String POSTGRES_CREDITS_PAGE = PAGE_COLUMNS + PAGE_LOTS + " LEFT JOIN LATERAL ("
            + CONFIRMED_ALLOCATIONS + ") a ON TRUE ORDER BY l.created_at, l.id, a.debit_id";
    private static final String H2_CREDITS_PAGE = PAGE_COLUMNS + PAGE_LOTS
            + " LEFT JOIN (SELECT x.tenant, x.customer_id, x.lot_id, x.debit_id, x.points AS used FROM rp_allocations x"
            + " JOIN rp_debits d ON d.tenant = x.tenant AND d.customer_id = x.customer_id AND d.id = x.debit_id"
            + " AND d.status = 'CONFIRMED') a ON a.tenant = l.tenant AND a.customer_id = l.customer_id AND a.lot_id = l.id"
            + " ORDER BY l.created_at, l.id, a.debit_id";
    /** MariaDB: the allocations of confirmed debits as a nested join, looked up per lot of the page. */
    private static final String MARIADB_CREDITS_PAGE = PAGE_COLUMNS.replace("a.debit_id, COALESCE(a.used, 0)",
            "x.debit_id, COALESCE(x.points, 0)") + PAGE_LOTS.replace("ORDER BY " + ACCOUNT_ORDER, "ORDER BY ")
            + " LEFT JOIN (rp_allocations x JOIN rp_debits d ON d.tenant = x.tenant AND d.customer_id = x.customer_id"
            + " AND d.id = x.debit_id AND d.status = 'CONFIRMED')"
            + " ON x.tenant = l.tenant AND x.customer_id = l.customer_id AND x.lot_id = l.id"
            + " ORDER BY l.created_at, l.id, x.debit_id";
    private static final String DEBITS_PAGE = "SELECT id, kind, description, points, created_at, balance_after,"
            + " coupon_code FROM rp_debits WHERE tenant = ? AND customer_id = ? AND status = 'CONFIRMED'"
            + " ORDER BY " + ACCOUNT_ORDER + "created_at, id LIMIT ?";
    /**
     * The whole expiry sweep as one statement (PostgreSQL): close every expired lot, one EXPIRY
     * debit per account with an allocation per lot, and the accounts' open points. Sub-statements
     * of one statement cannot see each other's rows, so the balance after comes from the account
     * update's RETURNING: active points do not change (open and expired points fall alike).
     */
    /** A tenant's customers with points expiring in a window: the query a developer would write by hand. */
    static final String EXPIRING_CUSTOMERS = "SELECT customer_id, SUM(remaining) AS points, MIN(valid_until) AS earliest"
            + " FROM rp_lots WHERE tenant = ? AND remaining > 0 AND valid_until > ? AND valid_until <= ? AND customer_id > ?"
            + " GROUP BY customer_id ORDER BY customer_id LIMIT ?";
    static final String SWEEP = "WITH expired AS ("
            + " SELECT tenant, customer_id, id, remaining FROM rp_lots WHERE remaining > 0 AND valid_until <= ? FOR UPDATE),"
            + " closed AS (UPDATE rp_lots l SET remaining = 0 FROM expired e"
            + " WHERE l.tenant = e.tenant AND l.customer_id = e.customer_id AND l.id = e.id),"
            + " per_account AS (SELECT tenant, customer_id, SUM(remaining) AS points,"
            + " CAST(gen_random_uuid() AS varchar) AS debit_id FROM expired GROUP BY tenant, customer_id),"
            + " accounts AS (UPDATE rp_accounts a SET open_points = a.open_points - p.points, version = a.version + 1"
            + " FROM per_account p WHERE a.tenant = p.tenant AND a.customer_id = p.customer_id"
            + " RETURNING a.tenant, a.customer_id, a.open_points - a.debt AS balance_after),"
            + " debits AS (INSERT INTO rp_debits (" + DEBIT_COLUMNS + ")"
            + " SELECT p.debit_id, p.tenant, p.customer_id, 'EXPIRY', 'CONFIRMED', NULL, NULL, NULL, 'Expired points',"
            + " p.points, p.points, ?, a.balance_after, NULL, NULL"
            + " FROM per_account p JOIN accounts a ON a.tenant = p.tenant AND a.customer_id = p.customer_id)"
            + " INSERT INTO rp_allocations (tenant, customer_id, debit_id, lot_id, points)"
            + " SELECT e.tenant, e.customer_id, p.debit_id, e.id, e.remaining"
            + " FROM expired e JOIN per_account p ON p.tenant = e.tenant AND p.customer_id = e.customer_id";

    /**
     * The relay's claim (PostgreSQL): the oldest undelivered, due event of each account, locked
     * skipping what another relay holds.
     */
    static final String CLAIM_EVENTS = "SELECT e.position, e.id, e.tenant, e.customer_id, e.type, e.entry_id, e.points,"
            + " e.balance_after, e.occurred_at, e.payload FROM rp_events e WHERE e.delivered_at IS NULL"
            + " AND e.parked_at IS NULL AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= ?)"
            + " AND NOT EXISTS (SELECT 1 FROM rp_events p WHERE p.tenant = e.tenant AND p.customer_id = e.customer_id"
            + " AND p.delivered_at IS NULL AND p.position < e.position)"
            + " ORDER BY e.position LIMIT ? FOR UPDATE SKIP LOCKED";
    /** Marks a round's events delivered, all in one statement (PostgreSQL). */
    static final String EVENTS_DELIVERED = "UPDATE rp_events SET delivered_at = ? WHERE position = ANY (?)";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** MariaDB's ER_DUP_ENTRY. */
    private static final int MARIADB_DUPLICATE_ENTRY = 1062;
    private static final int FIRST_LOT_BATCH = 8;
    private static final int MAX_LOT_BATCH = 128;

    /** The baseline's answer to a summary page: the same fields the library's summary shows. */
    public record Credit(String id, String referenceId, String description, long points, Instant createdAt,
                         Instant validUntil, long used, List<String> usedWith, long balanceAfter) {
    }

    public record Debit(String id, String kind, String description, long points, Instant createdAt, long balanceAfter,
                        String couponCode) {
    }

    public record SummaryPage(long activePoints, List<Credit> credits, List<Debit> debits) {
    }

    /** Not enough active points for a redemption. */
    public static final class InsufficientPoints extends RuntimeException {
        InsufficientPoints(String customerId, long wanted, long active) {
            super("Customer " + customerId + " has " + active + " points, not " + wanted);
        }
    }

    private record Write(String sql, Object... params) {
    }

    /** An event as the baseline relay hands it on: the row's columns, the payload as stored. */
    public record Event(long position, String id, String tenant, String customerId, String type, String entryId,
                        long points, long balanceAfter, Instant occurredAt, String payload) {
    }

    private record SpendableLot(String id, long remaining, Instant validUntil, Instant createdAt) {
    }

    private final DataSource dataSource;
    /** PostgreSQL: {@code ;}-joined writes go in one round trip. */
    private final boolean pipelines;
    /** MariaDB: instants as UTC date-times, no leading account columns in ORDER BY, batches of one kind. */
    private final boolean mariadb;
    private final String firstSpendable;
    private final String nextSpendable;
    private final String lock;
    private final String balance;
    private final String balanceWithPending;
    private final String creditLot;
    private final String creditsPage;
    private final String debitsPage;
    private final Clock clock;
    private final SiteSettings site;
    private final String tenant;
    private final IdGenerator ids;

    public BaselineLedger(DataSource dataSource, Database.Kind kind, Clock clock, String tenant, SiteSettings site) {
        this.dataSource = dataSource;
        this.pipelines = kind == Database.Kind.POSTGRESQL;
        this.mariadb = kind == Database.Kind.MARIADB;
        String accountOrder = mariadb ? "" : ACCOUNT_ORDER;
        this.firstSpendable = openLots(FIRST_SPENDABLE.replace("ORDER BY " + ACCOUNT_ORDER, "ORDER BY " + accountOrder));
        this.nextSpendable = openLots(NEXT_SPENDABLE.replace("ORDER BY " + ACCOUNT_ORDER, "ORDER BY " + accountOrder));
        this.lock = openLots(LOCK);
        this.balance = openLots(BALANCE);
        this.balanceWithPending = openLots(BALANCE_WITH_PENDING);
        this.creditLot = openLots(CREDIT_LOT);
        this.creditsPage = switch (kind) {
            case POSTGRESQL -> POSTGRES_CREDITS_PAGE;
            case H2 -> H2_CREDITS_PAGE;
            case MARIADB -> MARIADB_CREDITS_PAGE;
        };
        this.debitsPage = DEBITS_PAGE.replace("ORDER BY " + ACCOUNT_ORDER, "ORDER BY " + accountOrder);
        this.clock = clock;
        this.tenant = tenant;
        this.site = site;
        this.ids = new IdGenerator(clock);
    }

    /**
     * MariaDB's schema indexes open lots by {@code open_until} ({@code valid_until} while the lot
     * has points left, NULL once spent: it has no partial indexes), so its statements read that
     * column and name that index (as the library does: the optimizer otherwise weighs every index
     * of the account's lots on every execution).
     */
    private String openLots(String sql) {
        return !mariadb ? sql : sql.replace("FROM rp_lots x WHERE", "FROM rp_lots x USE INDEX (rp_lots_open_idx) WHERE")
                .replace("FROM rp_lots y WHERE", "FROM rp_lots y USE INDEX (rp_lots_pending_idx) WHERE")
                .replace("FROM rp_lots WHERE tenant = ? AND customer_id = ? AND remaining > 0",
                        "FROM rp_lots USE INDEX (rp_lots_open_idx) WHERE tenant = ? AND customer_id = ? AND remaining > 0")
                .replace("x.remaining > 0 AND x.valid_until", "x.open_until")
                .replace("remaining > 0 AND valid_until", "open_until")
                .replace("(valid_until, created_at, id)", "(open_until, created_at, id)")
                .replace("ORDER BY valid_until, created_at, id", "ORDER BY open_until, created_at, id");
    }

    /** Credits an order once per order id; false when it was credited before. */
    public boolean credit(String customerId, String orderId, BigDecimal value) {
        return credit(customerId, orderId, value, false);
    }

    /**
     * {@link #credit} that also writes the credit's event row, as the library does: a third
     * statement in the same pipelined round trip, its balance after read from the lot.
     */
    public boolean creditWithEvent(String customerId, String orderId, BigDecimal value) {
        return credit(customerId, orderId, value, true);
    }

    private boolean credit(String customerId, String orderId, BigDecimal value, boolean withEvent) {
        long points = value.multiply(site.orderValueToRewardPointsFactor()).setScale(0, RoundingMode.DOWN)
                .longValueExact();
        Instant now = clock.instant();
        Instant validUntil = now.atZone(site.timeZone()).plusMonths(site.validityInMonths()).toInstant();
        String key = "order:" + orderId;
        Write account = new Write(CREDIT_ACCOUNT, points, tenant, customerId);
        // the description the library writes by default
        String description = RewardPoints.DEFAULT_ORDER_LOT_DESCRIPTION.replace(RewardPoints.ORDER_ID_PLACEHOLDER, orderId);
        String lotId = ids.next();
        Write lot = new Write(creditLot, lotId, key, orderId, value, site.currency().getCurrencyCode(), orderId,
                description, points, points, utc(now), utc(validUntil), tenant, customerId, utc(now), tenant, customerId);
        List<Write> writes = withEvent
                ? List.of(account, lot, creditEvent(customerId, orderId, lotId, points, description, now, validUntil))
                : List.of(account, lot);
        try {
            return transaction(connection -> {
                int[] counts = send(connection, writes);
                if (counts[0] == 0) {
                    // the customer's first points: open the account, then credit it
                    List<Write> first = new ArrayList<>();
                    first.add(new Write(NEW_ACCOUNT, tenant, customerId, utc(now)));
                    first.addAll(writes);
                    send(connection, first);
                }
                return true;
            });
        } catch (UncheckedSql e) {
            if (!e.isUniqueViolation() || !creditedBefore(key)) {
                throw e;
            }
            return false; // the order's key is taken: a repeated delivery
        }
    }

    /** The CREDITED event with the payload fields the library writes, serialized with Jackson as the library does. */
    private Write creditEvent(String customerId, String orderId, String lotId, long points, String description,
                              Instant now, Instant validUntil) {
        String eventId = ids.next();
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        ObjectNode payload = JSON.createObjectNode().put("id", eventId).put("type", "CREDITED").put("tenant", tenant)
                .put("customerId", customerId).put("entryId", lotId).put("points", points)
                .put("occurredAt", at.toString()).put("orderId", orderId).put("referenceId", orderId)
                .put("description", description).put("validUntil", validUntil.truncatedTo(ChronoUnit.MICROS).toString());
        return new Write(pipelines ? CREDIT_EVENT_POSTGRES : CREDIT_EVENT_TEXT, eventId,
                aggregateId(customerId), tenant, customerId, lotId, points, utc(now),
                payload.toString(), tenant, customerId, lotId);
    }

    /** The event's aggregate id as the library writes it: the account, tenant length first. */
    private String aggregateId(String customerId) {
        return tenant.length() + ":" + tenant + ":" + customerId;
    }

    /** A redemption's event with the payload fields the library writes (null fields left out). */
    private Write debitEvent(String type, String customerId, String debitId, long points, long balanceAfter,
                             Instant now, String kind, String description, String optionId, String code) {
        String eventId = ids.next();
        ObjectNode payload = JSON.createObjectNode().put("id", eventId).put("type", type).put("tenant", tenant)
                .put("customerId", customerId).put("entryId", debitId).put("points", points)
                .put("occurredAt", now.truncatedTo(ChronoUnit.MICROS).toString()).put("kind", kind)
                .put("description", description);
        if (optionId != null) {
            payload.put("redemptionOptionId", optionId).put("couponCode", code);
        }
        return new Write(pipelines ? DEBIT_EVENT_POSTGRES : DEBIT_EVENT_TEXT, eventId,
                aggregateId(customerId), tenant, customerId, type, debitId, points,
                balanceAfter, utc(now), payload.toString());
    }

    private boolean creditedBefore(String key) {
        return autocommit(connection -> {
            try (PreparedStatement statement = prepare(connection, LOT_BY_KEY, tenant, key);
                 ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        });
    }

    /** Redeems an option for a coupon in one transaction; returns the coupon code. */
    public String redeemForCoupon(String customerId, String optionId) {
        return redeemForCoupon(customerId, optionId, false);
    }

    /** {@link #redeemForCoupon} that also writes the redemption's event row, as the library does. */
    public String redeemForCouponWithEvent(String customerId, String optionId) {
        return redeemForCoupon(customerId, optionId, true);
    }

    private String redeemForCoupon(String customerId, String optionId, boolean withEvent) {
        Instant now = clock.instant();
        return transaction(connection -> {
            long points;
            Object[] coupon = new Object[8];
            String description;
            try (PreparedStatement statement = prepare(connection, OPTION, tenant, optionId);
                 ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalArgumentException("No option " + optionId);
                }
                points = row.getLong("points");
                description = row.getString("description") != null ? row.getString("description") : row.getString("name");
                coupon[0] = row.getString("coupon_name");
                coupon[1] = text(row.getString("coupon_description"));
                coupon[2] = row.getString("discount_type");
                coupon[3] = decimal(row.getBigDecimal("discount_percentage"));
                coupon[4] = decimal(row.getBigDecimal("discount_amount"));
                coupon[5] = text(row.getString("discount_currency"));
                coupon[6] = row.getBoolean("allow_anonymous");
                coupon[7] = row.getInt("max_redemptions");
            }
            long active = lock(connection, customerId, now);
            if (points > active) {
                throw new InsufficientPoints(customerId, points, active);
            }
            String debitId = ids.next();
            String code = CouponCodes.generate(site.codePrefix());
            List<Write> writes = new ArrayList<>();
            List<Write> allocations = consume(connection, customerId, debitId, points, now, writes);
            writes.add(new Write(INSERT_DEBIT, debitId, tenant, customerId, "COUPON_REDEMPTION",
                    "coupon/v2:" + customerId.length() + ":" + customerId + ":" + debitId,
                    description, points, points, utc(now), active - points, optionId, code));
            writes.addAll(allocations);
            writes.add(new Write(DEBIT_ACCOUNT, points, tenant, customerId));
            writes.add(new Write(INSERT_COUPON, tenant, debitId, code, customerId, coupon[0], coupon[1], coupon[2],
                    coupon[3], coupon[4], coupon[5], coupon[6], coupon[7], utc(now)));
            if (withEvent) {
                writes.add(debitEvent("COUPON_ISSUED", customerId, debitId, points, active - points, now,
                        "COUPON_REDEMPTION", description, optionId, code));
            }
            send(connection, writes);
            return code;
        });
    }

    /** Deducts points without a coupon, soonest-expiring lots first; returns the balance after. */
    public long redeemPoints(String customerId, long points, String description) {
        return redeemPoints(customerId, points, description, false);
    }

    /** {@link #redeemPoints} that also writes the redemption's event row, as the library does. */
    public long redeemPointsWithEvent(String customerId, long points, String description) {
        return redeemPoints(customerId, points, description, true);
    }

    private long redeemPoints(String customerId, long points, String description, boolean withEvent) {
        Instant now = clock.instant();
        return transaction(connection -> {
            long active = lock(connection, customerId, now);
            if (points > active) {
                throw new InsufficientPoints(customerId, points, active);
            }
            String debitId = ids.next();
            List<Write> writes = new ArrayList<>();
            List<Write> allocations = consume(connection, customerId, debitId, points, now, writes);
            writes.add(new Write(INSERT_DEBIT, debitId, tenant, customerId, "REDEMPTION", text(null), text(description),
                    points, points, utc(now), active - points, text(null), text(null)));
            writes.addAll(allocations);
            writes.add(new Write(DEBIT_ACCOUNT, points, tenant, customerId));
            if (withEvent) {
                writes.add(debitEvent("DEBITED", customerId, debitId, points, active - points, now, "REDEMPTION",
                        description, null, null));
            }
            send(connection, writes);
            return active - points;
        });
    }

    private long lock(Connection connection, String customerId, Instant now) throws SQLException {
        try (PreparedStatement statement = prepare(connection, lock, tenant, customerId, utc(now), tenant, customerId);
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalArgumentException("No account " + customerId);
            }
            return row.getLong(1);
        }
    }

    /** Reads spendable lots in growing batches and adds their updates to {@code writes}; returns the allocations. */
    private List<Write> consume(Connection connection, String customerId, String debitId, long points, Instant now,
                                List<Write> writes) throws SQLException {
        List<Write> allocations = new ArrayList<>();
        long left = points;
        int batch = FIRST_LOT_BATCH;
        SpendableLot last = null;
        while (left > 0) {
            List<SpendableLot> lots = new ArrayList<>();
            try (PreparedStatement statement = last == null
                    ? prepare(connection, firstSpendable, tenant, customerId, utc(now), batch)
                    : prepare(connection, nextSpendable, tenant, customerId, utc(now), utc(last.validUntil()),
                            utc(last.createdAt()), last.id(), batch);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lots.add(new SpendableLot(rows.getString(1), rows.getLong(2), instant(rows, 3), instant(rows, 4)));
                }
            }
            for (SpendableLot lot : lots) {
                long take = Math.min(left, lot.remaining());
                writes.add(new Write(UPDATE_LOT, lot.remaining() - take, tenant, customerId, lot.id()));
                allocations.add(new Write(INSERT_ALLOCATION, tenant, customerId, debitId, lot.id(), take));
                left -= take;
                if (left == 0) {
                    break;
                }
            }
            if (left > 0 && lots.size() < batch) {
                throw new IllegalStateException("Lots of " + customerId + " do not hold the active points");
            }
            last = lots.isEmpty() ? last : lots.get(lots.size() - 1);
            batch = Math.min(batch * 4, MAX_LOT_BATCH);
        }
        return allocations;
    }

    /** Active points: one statement. */
    public long balance(String customerId) {
        Instant now = clock.instant();
        return autocommit(connection -> balance(connection, customerId, now));
    }

    /**
     * The balance as the library computes it, without the points of lots whose pending period has
     * not ended: the cost of the pending period, which the other operations here do not support.
     */
    public long balanceWithPending(String customerId) {
        Object now = utc(clock.instant());
        return autocommit(connection -> accountLong(connection, customerId, balanceWithPending, tenant, customerId, now,
                tenant, customerId, now, now, tenant, customerId));
    }

    private long balance(Connection connection, String customerId, Instant now) throws SQLException {
        return accountLong(connection, customerId, balance, tenant, customerId, utc(now), tenant, customerId);
    }

    /** The one number a statement reads from the customer's account. */
    private static long accountLong(Connection connection, String customerId, String sql, Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalArgumentException("No account " + customerId);
            }
            return row.getLong(1);
        }
    }

    /** A customer of {@link #customersWithExpiringPoints}. */
    public record ExpiringCustomer(String customerId, long points, Instant earliestExpiry) {
    }

    /**
     * One page of the tenant's customers, by id after {@code afterCustomerId} (empty string: from the
     * start), with the remaining points of their lots expiring after {@code from} and at or before
     * {@code to}: one statement.
     */
    public List<ExpiringCustomer> customersWithExpiringPoints(Instant from, Instant to, String afterCustomerId, int limit) {
        Instant now = clock.instant();
        Instant lower = from.isAfter(now) ? from : now;
        return autocommit(connection -> {
            List<ExpiringCustomer> page = new ArrayList<>(limit);
            try (PreparedStatement statement = prepare(connection, EXPIRING_CUSTOMERS, tenant, utc(lower), utc(to),
                    afterCustomerId, limit); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(new ExpiringCustomer(rows.getString(1), rows.getLong(2), instant(rows, 3)));
                }
            }
            return page;
        });
    }

    /** Active points, the first {@code limit} credits with what used them, the first {@code limit} debits. */
    public SummaryPage summaryPage(String customerId, int limit) {
        Instant now = clock.instant();
        return autocommit(connection -> {
            long active = balance(connection, customerId, now);
            List<Credit> credits = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, creditsPage, tenant, customerId, limit);
                 ResultSet rows = statement.executeQuery()) {
                String currentId = null;
                Object[] current = null;
                List<String> usedWith = new ArrayList<>();
                long used = 0;
                while (rows.next()) {
                    String id = rows.getString("id");
                    if (!id.equals(currentId)) {
                        if (current != null) {
                            credits.add(credit(current, used, usedWith));
                        }
                        currentId = id;
                        current = new Object[] {id, rows.getString("reference_id"), rows.getString("description"),
                                rows.getLong("points"), instant(rows, rows.findColumn("created_at")),
                                instant(rows, rows.findColumn("valid_until")),
                                rows.getLong("balance_after")};
                        usedWith = new ArrayList<>();
                        used = 0;
                    }
                    long usedHere = rows.getLong("used");
                    if (usedHere > 0) {
                        usedWith.add(rows.getString("debit_id"));
                        used += usedHere;
                    }
                }
                if (current != null) {
                    credits.add(credit(current, used, usedWith));
                }
            }
            List<Debit> debits = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, debitsPage, tenant, customerId, limit);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    debits.add(new Debit(rows.getString("id"), rows.getString("kind"), rows.getString("description"),
                            rows.getLong("points"), instant(rows, rows.findColumn("created_at")),
                            rows.getLong("balance_after"), rows.getString("coupon_code")));
                }
            }
            return new SummaryPage(active, credits, debits);
        });
    }

    private static Credit credit(Object[] row, long used, List<String> usedWith) {
        return new Credit((String) row[0], (String) row[1], (String) row[2], (Long) row[3], (Instant) row[4],
                (Instant) row[5], used, List.copyOf(usedWith), (Long) row[6]);
    }

    /** Expires every lot whose validUntil has passed, in one statement (PostgreSQL only); returns the lots closed. */
    public long sweepExpired() {
        if (!pipelines) {
            throw new UnsupportedOperationException("The set-based sweep baseline is written for PostgreSQL");
        }
        Instant now = clock.instant();
        return transaction(connection -> {
            try (PreparedStatement statement = prepare(connection, SWEEP, utc(now), utc(now))) {
                return (long) statement.executeUpdate();
            }
        });
    }

    /**
     * The outbox relay written by hand (PostgreSQL), until a round finds nothing: per round one
     * transaction locks the oldest due event of each account ({@link #CLAIM_EVENTS}), hands each
     * to the listener in position order while holding them, marks the whole round delivered with
     * one statement and commits. What it leaves out: a listener that throws (the benchmark's never
     * does) would need its event marked failed, as the library does. Returns the events delivered.
     */
    public long relayEvents(int batchSize, Consumer<Event> listener) {
        if (!pipelines) {
            throw new UnsupportedOperationException("The relay baseline is written for PostgreSQL");
        }
        long delivered = 0;
        while (true) {
            int round = transaction(connection -> {
                List<Long> positions = new ArrayList<>();
                try (PreparedStatement statement = prepare(connection, CLAIM_EVENTS, utc(clock.instant()), batchSize);
                     ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        listener.accept(new Event(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getString(6), rows.getLong(7),
                                rows.getLong(8), rows.getObject(9, OffsetDateTime.class).toInstant(),
                                rows.getString(10)));
                        positions.add(rows.getLong(1));
                    }
                }
                if (!positions.isEmpty()) {
                    try (PreparedStatement statement = connection.prepareStatement(EVENTS_DELIVERED)) {
                        statement.setObject(1, utc(clock.instant()));
                        statement.setArray(2, connection.createArrayOf("bigint", positions.toArray()));
                        statement.executeUpdate();
                    }
                }
                return positions.size();
            });
            if (round == 0) {
                return delivered;
            }
            delivered += round;
        }
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A SQLException, unchecked, keeping its SQLState. */
    public static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        /** A duplicate key: SQLState 23505 (PostgreSQL, H2), MariaDB's error 1062 (SQLState 23000). */
        boolean isUniqueViolation() {
            SQLException cause = (SQLException) getCause();
            return "23505".equals(cause.getSQLState()) || cause.getErrorCode() == MARIADB_DUPLICATE_ENTRY;
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    private <T> T autocommit(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    /**
     * Sends writes: joined into one round trip on PostgreSQL; on MariaDB (whose driver joins
     * statements only with {@code allowMultiQueries}) consecutive writes of one statement as one
     * JDBC batch, the others one by one, as the library does; one by one on H2 (in the same JVM).
     */
    private int[] send(Connection connection, List<Write> writes) throws SQLException {
        int[] counts = new int[writes.size()];
        if (pipelines) {
            StringBuilder sql = new StringBuilder();
            for (Write write : writes) {
                sql.append(sql.length() == 0 ? "" : ";\n").append(write.sql());
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (Write write : writes) {
                    for (Object param : write.params()) {
                        bind(statement, index++, param);
                    }
                }
                statement.execute();
                for (int i = 0; i < writes.size(); i++) {
                    if (i > 0) {
                        statement.getMoreResults();
                    }
                    counts[i] = statement.getUpdateCount();
                }
            }
        } else if (mariadb) {
            int first = 0;
            while (first < writes.size()) {
                int end = first + 1;
                while (end < writes.size() && writes.get(end).sql().equals(writes.get(first).sql())) {
                    end++;
                }
                if (end - first == 1) {
                    try (PreparedStatement statement = prepare(connection, writes.get(first).sql(), writes.get(first).params())) {
                        counts[first] = statement.executeUpdate();
                    }
                } else {
                    try (PreparedStatement statement = connection.prepareStatement(writes.get(first).sql())) {
                        for (int i = first; i < end; i++) {
                            Object[] params = writes.get(i).params();
                            for (int p = 0; p < params.length; p++) {
                                bind(statement, p + 1, params[p]);
                            }
                            statement.addBatch();
                        }
                        int[] batch = statement.executeBatch();
                        System.arraycopy(batch, 0, counts, first, batch.length);
                    }
                }
                first = end;
            }
        } else {
            for (int i = 0; i < writes.size(); i++) {
                try (PreparedStatement statement = prepare(connection, writes.get(i).sql(), writes.get(i).params())) {
                    counts[i] = statement.executeUpdate();
                }
            }
        }
        return counts;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                bind(statement, i + 1, params[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private record Null(int sqlType) {
    }

    private static Object text(String value) {
        return value == null ? new Null(Types.VARCHAR) : value;
    }

    private static Object decimal(BigDecimal value) {
        return value == null ? new Null(Types.NUMERIC) : value;
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Null typed) {
            statement.setNull(index, typed.sqlType());
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else {
            statement.setObject(index, value);
        }
    }

    /**
     * An instant as bound: a UTC {@code OffsetDateTime} for PostgreSQL's and H2's time-zoned
     * columns, a UTC {@code LocalDateTime} for MariaDB's {@code DATETIME(6)} (as the library binds it).
     */
    private Object utc(Instant instant) {
        OffsetDateTime utc = OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        return mariadb ? utc.toLocalDateTime() : utc;
    }

    /** An instant column as {@link #utc} wrote it. */
    private Instant instant(ResultSet row, int column) throws SQLException {
        return mariadb ? row.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC)
                : row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
