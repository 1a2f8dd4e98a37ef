package org.rewardpoints.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rewardpoints.StorageException;

class MariaDbSchemaModeTest extends SchemaModeTest {
    @Override
    Database freshDatabase() {
        String database = TestDatabases.newMariaDbDatabase("schema");
        return () -> TestDatabases.mariaDbPool(database, 2);
    }

    @Override
    SqlDialect expectedDialect() {
        return MariaDbDialect.INSTANCE;
    }

    @Test
    void validate_aMissingCreditProcedure_isNamed() {
        DataSource dataSource = track(freshDatabase().pool());
        JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        execute(dataSource, "DROP PROCEDURE rp_credit");

        assertThatThrownBy(() -> JdbcLedgerStore.builder(dataSource).build())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("procedure rp_credit is missing");
    }

    @Test
    void statements_keepAProcedureBodyWhole_betweenDelimiterLines() {
        List<String> statements = SchemaManager.statements(JdbcLedgerStore.schemaDdl(expectedDialect(), "rp_"));

        assertThat(statements).noneMatch(statement -> statement.startsWith("DELIMITER"));
        assertThat(statements).filteredOn(statement -> statement.startsWith("CREATE PROCEDURE IF NOT EXISTS rp_credit("))
                .singleElement().asString().contains("START TRANSACTION;").contains("COMMIT;").endsWith("END");
    }

    @Test
    void statements_splitAtTheDelimiterInForce() {
        String ddl = "CREATE TABLE a (x int);\nDELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n    SELECT 1;\nEND//\n"
                + "DELIMITER ;\nCREATE TABLE b (y int);\n";

        assertThat(SchemaManager.statements(ddl))
                .containsExactly("CREATE TABLE a (x int)", "CREATE PROCEDURE p()\nBEGIN\nSELECT 1;\nEND", "CREATE TABLE b (y int)");
    }
}
