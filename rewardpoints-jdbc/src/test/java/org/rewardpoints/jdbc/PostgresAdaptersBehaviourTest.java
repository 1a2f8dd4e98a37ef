package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** PostgreSQL with a session time zone (UTC+14) other than the JVM's: instants must stay UTC. */
class PostgresAdaptersBehaviourTest extends JdbcAdaptersBehaviourTest {
    private static final HikariDataSource DATABASE = TestDatabases.postgresPool(
            TestDatabases.newPostgresDatabase("adapters"), 4,
            config -> config.setConnectionInitSql("SET TIME ZONE '" + PostgresSessionTimeZoneContractTest.SESSION_ZONE + "'"));
    private static final List<HikariDataSource> FRESH = new ArrayList<>();

    static {
        JdbcLedgerStore.builder(DATABASE).schemaMode(SchemaMode.CREATE).build();
    }

    @AfterAll
    static void closePools() {
        DATABASE.close();
        FRESH.forEach(HikariDataSource::close);
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    DataSource freshDataSource() {
        HikariDataSource fresh = TestDatabases.postgresPool(TestDatabases.newPostgresDatabase("adapters_schema"), 2);
        FRESH.add(fresh);
        return fresh;
    }

    @Override
    SqlDialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    String blockedSessionsQuery() {
        return "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'";
    }
}
