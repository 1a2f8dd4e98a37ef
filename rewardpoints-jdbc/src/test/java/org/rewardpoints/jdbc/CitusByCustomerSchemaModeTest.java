package org.rewardpoints.jdbc;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** Schema modes on Citus by customer, each test in fresh schemas: CREATE distributes the tables by customer. */
class CitusByCustomerSchemaModeTest extends SchemaModeTest {
    private static final List<CitusCluster> SCHEMAS = new ArrayList<>();

    @AfterAll
    static void dropSchemas() {
        SCHEMAS.forEach(CitusCluster::close);
    }

    @Override
    Database freshDatabase() {
        CitusCluster schema = CitusCluster.newSchema("schema_by_customer");
        SCHEMAS.add(schema);
        return () -> schema.pool(2);
    }

    @Override
    SqlDialect expectedDialect() {
        return CitusDialect.BY_CUSTOMER;
    }

    @Override
    JdbcLedgerStore.Builder storeBuilder(DataSource dataSource) {
        return JdbcLedgerStore.builder(dataSource).dialect(CitusDialect.BY_CUSTOMER);
    }
}
