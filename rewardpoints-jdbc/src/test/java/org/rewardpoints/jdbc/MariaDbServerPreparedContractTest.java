package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.AddPoints;
import org.rewardpoints.contract.SeamsContractTest;
import org.rewardpoints.spi.LedgerStore;

/**
 * MariaDB with Connector/J's server-side prepared statements ({@code useServerPrepStmts=true}):
 * parameters go in the binary protocol, the credit procedure is called as a prepared statement.
 */
class MariaDbServerPreparedContractTest extends SeamsContractTest {
    private static final HikariDataSource POOL = TestDatabases.mariaDbPool(
            TestDatabases.newMariaDbDatabase("server_prepared"), 8, config -> {
                config.setJdbcUrl(config.getJdbcUrl() + "?useServerPrepStmts=true");
                config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
            });
    private static final JdbcLedgerStore STORE = TestDatabases.createStore(POOL);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected LedgerStore newStore() {
        return STORE;
    }

    @Test
    void statements_runAsServerPreparedStatements() throws SQLException {
        long before = serverExecutions();
        ledger().addPoints(AddPoints.of(tenant, CUSTOMER, 10));
        ledger().balance(tenant, CUSTOMER);
        assertThat(serverExecutions()).as("executions of server-prepared statements").isGreaterThan(before);
    }

    private static long serverExecutions() throws SQLException {
        try (Connection connection = POOL.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'")) {
            row.next();
            return row.getLong(2);
        }
    }
}
