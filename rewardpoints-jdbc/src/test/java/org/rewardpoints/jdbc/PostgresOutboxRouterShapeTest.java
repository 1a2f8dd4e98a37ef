package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.RedeemPoints;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.memory.InMemorySettingsStore;

/**
 * The events table as Debezium's outbox event router reads it (the mapping the README documents):
 * {@code table.field.event.id=id}, {@code table.field.event.key=aggregate_id},
 * {@code table.field.event.type=type}, {@code table.field.event.payload=payload},
 * {@code route.by.field=aggregate_type}. The router needs those columns with a non-null value, a
 * payload that is a JSON document, one key for all events of an account and distinct keys for
 * distinct accounts (so Kafka keeps each account's events in one partition, in order).
 */
class PostgresOutboxRouterShapeTest {
    private static final HikariDataSource POOL =
            TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("outbox"), 2);
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    private record RouterRow(String id, String aggregateType, String aggregateId, String type, JsonNode payload) {
    }

    @Test
    void eventsTable_hasTheColumnsTheOutboxRouterReads_oneKeyPerAccount() throws Exception {
        String tenant = "t:" + UUID.randomUUID(); // separators in ids must not merge accounts' keys
        RewardPoints ledger = RewardPoints.builder().store(STORE).clock(Clock.systemUTC())
                .settings(new InMemorySettingsStore().put(tenant, "main", SiteSettings.of(BigDecimal.ONE, 12, "RP", "EUR")))
                .build();
        ledger.addPoints(AddPoints.of(tenant, "a:b", 10));
        ledger.redeemPoints(RedeemPoints.of(tenant, "a:b", 4));
        ledger.addPoints(AddPoints.of(tenant, "a", 7));

        List<RouterRow> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Connection connection = POOL.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT id, aggregate_type, aggregate_id, type,"
                     + " payload::text FROM rp_events WHERE tenant = ? ORDER BY position")) {
            statement.setString(1, tenant);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new RouterRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            json.readTree(row.getString(5))));
                }
            }
        }

        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(row.id()).isNotBlank();
            assertThat(row.aggregateType()).isEqualTo("reward_points_account");
            assertThat(row.payload().isObject()).isTrue();
            assertThat(row.payload().get("id").asText()).isEqualTo(row.id());
            assertThat(row.payload().get("type").asText()).isEqualTo(row.type());
        });
        assertThat(rows).extracting(RouterRow::type).containsExactly("CREDITED", "DEBITED", "CREDITED");
        assertThat(rows.get(0).aggregateId()).isEqualTo(rows.get(1).aggregateId())
                .isNotEqualTo(rows.get(2).aggregateId());
        assertThat(rows.get(1).payload().get("points").asLong()).isEqualTo(4);
    }
}
