package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

class H2SchemaModeTest extends SchemaModeTest {
    @Override
    Database freshDatabase() {
        String url = "jdbc:h2:mem:schema_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1";
        return () -> {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername("sa");
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            return new HikariDataSource(config);
        };
    }

    @Override
    SqlDialect expectedDialect() {
        return H2Dialect.INSTANCE;
    }
}
