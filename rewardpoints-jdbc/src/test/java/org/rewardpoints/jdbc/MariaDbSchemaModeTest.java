package org.rewardpoints.jdbc;

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
}
