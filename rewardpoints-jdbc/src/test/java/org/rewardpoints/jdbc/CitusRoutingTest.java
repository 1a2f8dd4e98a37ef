package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How Citus routes the store's statements, from their plans (EXPLAIN, parameters given as
 * constants, as the plan of a bound statement has them): every statement about one account or one
 * tenant runs on one shard, and only the scans across all tenants, which take no locks, run on
 * every shard. Also: the dialect is detected, and the DDL distributes as documented.
 */
class CitusRoutingTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("routing");
    private static final HikariDataSource POOL = CLUSTER.pool(2);
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);
    private static final Pattern TASK_COUNT = Pattern.compile("Task Count: (\\d+)");
    /** Scans across all tenants, without locks: the sweep's, announcements' and relay's candidates, recovery, the outbox. */
    private static final Set<String> ACROSS_TENANTS = Set.of("expiredLotCandidates", "lotsToAnnounceCandidates",
            "activationCandidates", "claimableEventCandidates", "firstPendingReservations", "nextPendingReservations", "eventsDelivered",
            "eventFailed", "retryParkedEvents", "eventsAfter", "purgeDeliveredEvents", "outboxStatus");
    /** Locking statements across tenants, which Citus refuses: the dialect uses their per-tenant forms instead. */
    private static final Set<String> NOT_USED_ON_CITUS = Set.of("accountsWithExpiredLots", "accountsWithLotsToAnnounce",
            "accountsWithActivationsToRecord", "claimableEvents");

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Test
    void theDialectIsDetected() {
        assertThat(STORE.dialect()).isSameAs(CitusDialect.INSTANCE);
        assertThat(STORE.dialect().locksOneTenantAtATime()).isTrue();
        assertThat(PostgresDialect.INSTANCE.locksOneTenantAtATime()).isFalse();
    }

    @Test
    void perTenantTablesAreDistributedByTenantAndColocatedTheOthersAreReferenceTables() throws SQLException {
        Map<String, String> placement = new TreeMap<>();
        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT p.logicalrelid::regclass::text,"
                     + " p.partmethod, column_to_column_name(p.logicalrelid, p.partkey), p.colocationid"
                     + " FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid"
                     + " WHERE c.relnamespace = CAST(? AS regnamespace)")) {
            statement.setString(1, CLUSTER.schema());
            try (ResultSet rows = statement.executeQuery()) {
                long colocation = -1;
                while (rows.next()) {
                    String table = rows.getString(1).replaceFirst(".*\\.", "");
                    if (rows.getString(2).equals("h")) {
                        colocation = colocation == -1 ? rows.getLong(4) : colocation;
                        placement.put(table, "by " + rows.getString(3)
                                + (rows.getLong(4) == colocation ? ", colocated" : ", not colocated"));
                    } else {
                        placement.put(table, rows.getString(2).equals("n") ? "reference" : rows.getString(2));
                    }
                }
            }
        }
        assertThat(placement).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rp_accounts", "by tenant, colocated", "rp_lots", "by tenant, colocated",
                "rp_debits", "by tenant, colocated", "rp_allocations", "by tenant, colocated",
                "rp_events", "by tenant, colocated", "rp_site_settings", "by tenant, colocated",
                "rp_redemption_options", "by tenant, colocated",
                "rp_issued_coupons", "reference", "rp_schema_version", "reference"));
    }

    @Test
    void statementsAboutOneAccountOrTenantRunOnOneShardScansAcrossTenantsOnAll() throws Exception {
        Map<String, List<Integer>> tasks = new TreeMap<>();
        Statements sql = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, STORE.dialect());
        try (Connection connection = POOL.getConnection()) {
            for (Field field : Statements.class.getDeclaredFields()) {
                // a statement the dialect does not have (PostgreSQL's credit function) is null
                if (field.getType() == String.class && !Modifier.isStatic(field.getModifiers())
                        && field.get(sql) instanceof String text && text.contains(" ")
                        && !NOT_USED_ON_CITUS.contains(field.getName())) {
                    tasks.put(field.getName(), taskCounts(connection, text));
                }
            }
        }
        assertThat(tasks.keySet()).containsAll(ACROSS_TENANTS).hasSizeGreaterThan(ACROSS_TENANTS.size() + 40);
        tasks.forEach((statement, counts) -> {
            assertThat(counts).as("Citus tasks of the distributed steps of %s", statement).isNotEmpty();
            if (ACROSS_TENANTS.contains(statement)) {
                assertThat(counts).as("tasks of %s", statement).allMatch(count -> count > 1);
            } else {
                assertThat(counts).as("tasks of %s", statement).containsOnly(1);
            }
        });
    }

    /** The task counts of the distributed steps of the plan of {@code text}, its parameters given as constants. */
    static List<Integer> taskCounts(Connection connection, String text) throws SQLException {
        ParameterMetaData types;
        try (PreparedStatement described = connection.prepareStatement(text)) {
            types = described.getParameterMetaData();
        }
        StringBuilder explain = new StringBuilder("EXPLAIN ");
        int parameter = 0;
        for (char c : text.toCharArray()) {
            if (c == '?') {
                parameter++;
                explain.append(literal(types.getParameterType(parameter), types.getParameterTypeName(parameter)));
            } else {
                explain.append(c);
            }
        }
        List<Integer> counts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(explain.toString());
             ResultSet plan = statement.executeQuery()) {
            while (plan.next()) {
                Matcher m = TASK_COUNT.matcher(plan.getString(1));
                if (m.find()) {
                    counts.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return counts;
    }

    private static String literal(int type, String typeName) {
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.NUMERIC -> "1";
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> "'2025-01-01 00:00:00+00'";
            case Types.BOOLEAN, Types.BIT -> "false";
            case Types.ARRAY -> typeName.contains("int") ? "ARRAY[1]::bigint[]" : "ARRAY['\"x\"']::varchar[]";
            default -> "'\"x\"'";
        };
    }
}
