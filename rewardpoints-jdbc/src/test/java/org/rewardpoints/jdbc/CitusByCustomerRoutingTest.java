package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.StorageException;

/**
 * How Citus routes the store's statements on Citus by customer, from their plans (as
 * {@link CitusRoutingTest}): every statement about one account runs on one shard (the key tables'
 * statements on the key's shard); only the scans across all tenants and the few reads of a
 * whole tenant (its customer list, its customers with expiring points) and the erasure of an
 * account's key rows run on every shard. Also: the model is set, not detected, and a store of
 * one model refuses a schema of the other.
 */
class CitusByCustomerRoutingTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("routing_by_customer");
    private static final HikariDataSource POOL = CLUSTER.pool(2);
    private static final JdbcLedgerStore STORE = CitusCluster.byCustomerStore(POOL);
    /** Scans across all tenants or of a whole tenant, without locks, and the erasure of an account's keys. */
    private static final Set<String> ACROSS_SHARDS = Set.of("expiredLotCandidates", "lotsToAnnounceCandidates",
            "activationCandidates", "claimableEventCandidates", "firstPendingReservations", "nextPendingReservations",
            "eventsDelivered", "eventFailed", "retryParkedEvents", "eventsAfter", "purgeDeliveredEvents", "outboxStatus",
            "firstCustomerIds", "nextCustomerIds", "firstCustomersWithExpiringLots", "nextCustomersWithExpiringLots",
            "deleteLotKeys", "deleteDebitKeys");
    /** Statements of the other models: by customer the store locks per account and reads keys through the key tables. */
    private static final Set<String> NOT_USED_BY_CUSTOMER = Set.of("accountsWithExpiredLots",
            "accountsWithLotsToAnnounce", "accountsWithActivationsToRecord", "claimableEvents",
            "unlockedAccountsOfTenant", "claimableEventsOfTenant", "lotByKey", "debitByKey");

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Test
    void theModelIsSetNotDetected_andAStoreOfOneModelRefusesASchemaOfTheOther() {
        assertThat(STORE.dialect()).isSameAs(CitusDialect.BY_CUSTOMER);
        assertThat(CitusDialect.BY_CUSTOMER.schemaFolder()).isEqualTo("citus-by-customer");
        assertThatThrownBy(() -> JdbcLedgerStore.builder(POOL).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("rp_accounts is distributed by customer_id, not by tenant")
                .hasMessageContaining("CitusDialect.BY_CUSTOMER");
        try (CitusCluster byTenant = CitusCluster.newSchema("routing_by_tenant")) {
            HikariDataSource pool = byTenant.pool(1);
            assertThat(TestDatabases.createStore(pool).dialect()).isSameAs(CitusDialect.INSTANCE);
            assertThatThrownBy(() -> JdbcLedgerStore.builder(pool).dialect(CitusDialect.BY_CUSTOMER).build())
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("rp_accounts is distributed by tenant, not by customer_id")
                    .hasMessageContaining("CitusDialect.INSTANCE");
        }
    }

    @Test
    void perAccountTablesAreDistributedByCustomerAndColocated_keyTablesByTheirKey() throws SQLException {
        Map<String, String> placement = new TreeMap<>();
        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT p.logicalrelid::regclass::text,"
                     + " p.partmethod, column_to_column_name(p.logicalrelid, p.partkey), p.colocationid,"
                     + " (SELECT a.colocationid FROM pg_dist_partition a WHERE a.logicalrelid = 'rp_accounts'::regclass)"
                     + " FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid"
                     + " WHERE c.relnamespace = CAST(? AS regnamespace)")) {
            statement.setString(1, CLUSTER.schema());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1).replaceFirst(".*\\.", "");
                    placement.put(table, rows.getString(2).equals("n") ? "reference" : "by " + rows.getString(3)
                            + (rows.getLong(4) == rows.getLong(5) ? ", with the accounts" : ""));
                }
            }
        }
        assertThat(placement).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("rp_accounts", "by customer_id, with the accounts"),
                Map.entry("rp_lots", "by customer_id, with the accounts"),
                Map.entry("rp_debits", "by customer_id, with the accounts"),
                Map.entry("rp_allocations", "by customer_id, with the accounts"),
                Map.entry("rp_events", "by customer_id, with the accounts"),
                Map.entry("rp_lot_keys", "by idempotency_key"), Map.entry("rp_debit_keys", "by idempotency_key"),
                Map.entry("rp_issued_coupons", "by idempotency_key"), Map.entry("rp_coupon_codes", "by code"),
                Map.entry("rp_site_settings", "by tenant"), Map.entry("rp_redemption_options", "by tenant"),
                Map.entry("rp_schema_version", "reference")));
    }

    @Test
    void statementsAboutOneAccountRunOnOneShard_scansOfATenantOrAllTenantsOnAll() throws Exception {
        Map<String, List<Integer>> tasks = new TreeMap<>();
        Statements sql = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, STORE.dialect());
        Set<String> byCustomerOnly = new HashSet<>();
        Statements byTenant = new Statements(JdbcLedgerStore.DEFAULT_TABLE_PREFIX, CitusDialect.INSTANCE);
        try (Connection connection = POOL.getConnection()) {
            for (Field field : Statements.class.getDeclaredFields()) {
                if (field.getType() == String.class && !Modifier.isStatic(field.getModifiers())
                        && field.get(sql) instanceof String text && text.contains(" ")
                        && !NOT_USED_BY_CUSTOMER.contains(field.getName())) {
                    tasks.put(field.getName(), CitusRoutingTest.taskCounts(connection, text));
                    if (field.get(byTenant) == null) {
                        byCustomerOnly.add(field.getName());
                    }
                }
            }
        }
        assertThat(byCustomerOnly).containsExactlyInAnyOrder("lotKey", "debitKey", "lotById", "insertLotKey",
                "insertDebitKey", "unlockedAccount", "deleteLotKeys", "deleteDebitKeys", "claimableEventsOfAccount");
        assertThat(tasks.keySet()).containsAll(ACROSS_SHARDS).hasSizeGreaterThan(ACROSS_SHARDS.size() + 40);
        tasks.forEach((statement, counts) -> {
            assertThat(counts).as("Citus tasks of the distributed steps of %s", statement).isNotEmpty();
            if (ACROSS_SHARDS.contains(statement)) {
                assertThat(counts).as("tasks of %s", statement).anyMatch(count -> count > 1);
            } else {
                assertThat(counts).as("tasks of %s", statement).containsOnly(1);
            }
        });
    }
}
