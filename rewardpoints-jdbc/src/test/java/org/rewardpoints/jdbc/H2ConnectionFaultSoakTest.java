package org.rewardpoints.jdbc;

import javax.sql.DataSource;

class H2ConnectionFaultSoakTest extends ConnectionFaultSoakTest {
    private static final DataSource DATABASE = TestDatabases.h2("connection_faults");

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
