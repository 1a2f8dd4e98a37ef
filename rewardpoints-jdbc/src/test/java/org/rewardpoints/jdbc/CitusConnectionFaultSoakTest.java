package org.rewardpoints.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The faults on a Hikari pool on the coordinator: a broken connection is closed underneath the pool. */
class CitusConnectionFaultSoakTest extends ConnectionFaultSoakTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("connection_faults");
    private static final DataSource DATABASE = CLUSTER.pool(THREADS + 2);

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
