package org.rewardpoints.jdbc;

import javax.sql.DataSource;

class H2StoreBehaviourTest extends JdbcStoreBehaviourTest {
    private static final DataSource DATABASE = TestDatabases.h2("behaviour");

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
