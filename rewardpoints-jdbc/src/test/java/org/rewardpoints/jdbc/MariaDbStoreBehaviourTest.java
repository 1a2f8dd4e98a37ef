package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.InvalidInputException;

/** On a pool at READ COMMITTED, so that the joining tests' transactions are at a safe level. */
class MariaDbStoreBehaviourTest extends JdbcStoreBehaviourTest {
    private static final HikariDataSource DATABASE = TestDatabases.mariaDbPool(
            TestDatabases.newMariaDbDatabase("behaviour"), 4,
            config -> config.setTransactionIsolation("TRANSACTION_READ_COMMITTED"));

    @AfterAll
    static void closePool() {
        DATABASE.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Test
    void joining_aRepeatableReadTransaction_isRefusedBeforeAnyWork() throws SQLException {
        JdbcLedgerStore store = TestDatabases.createStore(DATABASE);
        try (Connection connection = DATABASE.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                assertThatThrownBy(() -> store.joining(connection).inAccount("t", "c1",
                        session -> session.lockAccount(Instant.parse("2024-01-01T00:00:00Z"))))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("READ COMMITTED");
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    @Test
    void repeatableRead_isRefusedByTheBuilderNamingIt() {
        assertThatThrownBy(() -> JdbcLedgerStore.builder(DATABASE).schemaMode(SchemaMode.NONE)
                .transactionIsolation(TransactionIsolation.REPEATABLE_READ).build())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("transactionIsolation");
        assertThat(JdbcLedgerStore.builder(DATABASE).schemaMode(SchemaMode.NONE)
                .transactionIsolation(TransactionIsolation.SERIALIZABLE).build().dialect())
                .isEqualTo(MariaDbDialect.INSTANCE);
    }
}
