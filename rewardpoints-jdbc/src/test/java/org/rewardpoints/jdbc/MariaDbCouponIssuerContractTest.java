package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.CouponIssuerContractTest;
import org.rewardpoints.spi.CouponIssuer;

class MariaDbCouponIssuerContractTest extends CouponIssuerContractTest {
    private static final HikariDataSource POOL =
            TestDatabases.mariaDbPool(TestDatabases.newMariaDbDatabase("coupon_contract"), 8);
    private static final JdbcCouponIssuer ISSUER =
            JdbcCouponIssuer.builder(POOL).schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @Override
    protected CouponIssuer newIssuer() {
        return ISSUER;
    }
}
