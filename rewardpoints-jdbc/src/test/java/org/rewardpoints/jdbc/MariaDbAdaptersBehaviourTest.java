package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** MariaDB with a session time zone (UTC+14) other than the JVM's: instants must stay UTC. */
class MariaDbAdaptersBehaviourTest extends JdbcAdaptersBehaviourTest {
    private static final HikariDataSource DATABASE = TestDatabases.mariaDbPool(
            TestDatabases.newMariaDbDatabase("adapters"), 4,
            config -> config.setConnectionInitSql("SET time_zone = '" + TestDatabases.MARIADB_FAR_ZONE + "'"));
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
        HikariDataSource fresh = TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("adapters_schema"), 2);
        FRESH.add(fresh);
        return fresh;
    }

    @Override
    SqlDialect dialect() {
        return MariaDbDialect.INSTANCE;
    }

    @Override
    String blockedSessionsQuery() {
        return "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'";
    }
}
