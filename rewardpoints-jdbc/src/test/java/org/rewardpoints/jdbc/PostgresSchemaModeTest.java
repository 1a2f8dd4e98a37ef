package org.rewardpoints.jdbc;

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
}
