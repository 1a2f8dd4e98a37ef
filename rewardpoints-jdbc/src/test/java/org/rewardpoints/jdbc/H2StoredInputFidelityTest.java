package org.rewardpoints.jdbc;

import javax.sql.DataSource;

class H2StoredInputFidelityTest extends StoredInputFidelityTest {
    private static final DataSource DATABASE = TestDatabases.h2("fidelity");

    @Override
    DataSource dataSource() {
        return DATABASE;
    }
}
