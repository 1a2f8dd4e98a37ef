package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.StorageException;

class PostgresSchemaModeTest extends SchemaModeTest {
    @Override
    Database freshDatabase() {
        String database = TestDatabases.newPostgresDatabase("schema");
        return () -> TestDatabases.postgresPool(database, 2);
    }

    @Override
    SqlDialect expectedDialect() {
        return PostgresDialect.INSTANCE;
    }

    @Test
    void validate_aMissingCreditFunction_isNamed() {
        DataSource dataSource = track(freshDatabase().pool());
        JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        execute(dataSource, "DROP FUNCTION rp_credit");

        assertThatThrownBy(() -> JdbcLedgerStore.builder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("function rp_credit is missing");
    }

    @Test
    void statements_keepAFunctionBodyWhole() {
        List<String> statements = SchemaManager.statements(JdbcLedgerStore.schemaDdl(expectedDialect(), "rp_"));

        assertThat(statements).filteredOn(statement -> statement.startsWith("CREATE OR REPLACE FUNCTION rp_credit("))
                .singleElement().asString().contains("RETURN v_balance;").endsWith("$$");
    }
}
