package org.rewardpoints.examples.benchmarks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.internal.IdGenerator;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.PostgresDialect;

/**
 * The one-round-trip floor of the JDBC benchmarks, PostgreSQL only: a change as one call of a
 * stored function in autocommit, the form pgledger uses, over the same pool and schema as the
 * library. {@link #credit} calls the DDL's {@code rp_credit} directly, with the values a credit
 * needs computed here: the same rows as the library's credit (account, lot, event), without the
 * library. {@link #creditWithoutEvent} calls a copy of that function without the event's insert,
 * which the benchmark creates from the DDL, to price the event row when both are one round trip.
 */
public final class FloorLedger {
    /** The copy of {@code rp_credit} without its event. */
    static final String WITHOUT_EVENT = "bench_credit_without_event";
    private static final String CALL = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))";

    private final DataSource dataSource;
    private final Clock clock;
    private final String tenant;
    private final SiteSettings site;
    private final IdGenerator ids;

    public FloorLedger(DataSource dataSource, Clock clock, String tenant, SiteSettings site) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tenant = tenant;
        this.site = site;
        this.ids = new IdGenerator(clock);
    }

    /** Creates {@value #WITHOUT_EVENT} from the shipped DDL's {@code rp_credit}, its event insert left out. */
    public static void createFunctions(DataSource dataSource) throws SQLException {
        String ddl = JdbcLedgerStore.schemaDdl(PostgresDialect.INSTANCE, JdbcLedgerStore.DEFAULT_TABLE_PREFIX);
        int start = ddl.indexOf("CREATE OR REPLACE FUNCTION rp_credit(");
        int end = ddl.indexOf("$$;", start);
        int event = ddl.indexOf("    INSERT INTO rp_events", start);
        int afterEvent = ddl.indexOf(";\n", event) + 2;
        if (start < 0 || end < 0 || event < 0 || event > end) {
            throw new IllegalStateException("The DDL's rp_credit is not where the floor expects it");
        }
        String function = ddl.substring(start, event) + ddl.substring(afterEvent, end + 2);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(function.replace("FUNCTION rp_credit(", "FUNCTION " + WITHOUT_EVENT + "("));
        }
    }

    /** Credits an order with its event in one call; false when it was credited before. */
    public boolean credit(String customerId, String orderId, BigDecimal value) {
        return call("rp_credit", customerId, orderId, value);
    }

    /** {@link #credit} without the event row. */
    public boolean creditWithoutEvent(String customerId, String orderId, BigDecimal value) {
        return call(WITHOUT_EVENT, customerId, orderId, value);
    }

    private boolean call(String function, String customerId, String orderId, BigDecimal value) {
        long points = value.multiply(site.orderValueToRewardPointsFactor()).setScale(0, RoundingMode.DOWN)
                .longValueExact();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime validUntil = now.atZone(site.timeZone()).plusMonths(site.validityInMonths())
                .toOffsetDateTime();
        String lotId = ids.next();
        String eventId = ids.next();
        String description = RewardPoints.DEFAULT_ORDER_LOT_DESCRIPTION.replace(RewardPoints.ORDER_ID_PLACEHOLDER, orderId);
        String payload = "{\"id\":\"" + eventId + "\",\"type\":\"CREDITED\",\"tenant\":\"" + tenant
                + "\",\"customerId\":\"" + customerId + "\",\"entryId\":\"" + lotId + "\",\"points\":" + points
                + ",\"occurredAt\":\"" + now + "\",\"orderId\":\"" + orderId + "\",\"referenceId\":\"" + orderId
                + "\",\"description\":\"" + description + "\",\"validUntil\":\"" + validUntil.toInstant() + "\"}";
        // activates_at null: never pending
        Object[] params = {tenant, customerId, lotId, "order:" + orderId, orderId, value,
            site.currency().getCurrencyCode(), orderId, description, points, at, validUntil, null,
            RewardPoints.MAX_ACCOUNT_POINTS, at, eventId, tenant.length() + ":" + tenant + ":" + customerId,
            "CREDITED", points, at, payload};
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + function + CALL)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    statement.setNull(i + 1, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    statement.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                row.getLong(1);
                if (row.wasNull()) {
                    throw new IllegalStateException("Customer " + customerId + " has no account without debt");
                }
                return true;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("The floor's credit failed: " + e.getMessage(), e);
        }
    }
}
