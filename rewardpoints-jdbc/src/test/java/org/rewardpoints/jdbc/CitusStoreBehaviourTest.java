package org.rewardpoints.jdbc;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

class CitusStoreBehaviourTest extends JdbcStoreBehaviourTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("behaviour");
    private static final DataSource DATABASE = CLUSTER.pool(4);

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
