package org.rewardpoints.jdbc;

import javax.sql.DataSource;

class H2AdaptersBehaviourTest extends JdbcAdaptersBehaviourTest {
    private static final DataSource DATABASE = TestDatabases.h2("adapters");

    static {
        JdbcLedgerStore.builder(DATABASE).schemaMode(SchemaMode.CREATE).build();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }

    @Override
    DataSource freshDataSource() {
        return TestDatabases.h2("adapters_schema");
    }

    @Override
    SqlDialect dialect() {
        return H2Dialect.INSTANCE;
    }

    @Override
    String blockedSessionsQuery() {
        // H2 names no blocker for an insert waiting on a unique index: an insert still running waits
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL"
                + " OR (SESSION_ID <> SESSION_ID() AND UPPER(EXECUTING_STATEMENT) LIKE 'INSERT%')";
    }
}
