package org.rewardpoints.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Schema modes on Citus, each test in fresh schemas: CREATE distributes the tables. */
class CitusSchemaModeTest extends SchemaModeTest {
    private static final List<CitusCluster> SCHEMAS = new ArrayList<>();

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.forEach(CitusCluster::close);
    }

    @Override
    Database freshDatabase() {
        CitusCluster schema = CitusCluster.newSchema("schema");
        SCHEMAS.add(schema);
        return () -> schema.pool(2);
    }

    @Override
    SqlDialect expectedDialect() {
        return CitusDialect.INSTANCE;
    }
}
