package org.rewardpoints.jdbc;

import org.rewardpoints.contract.CouponIssuerContractTest;
import org.rewardpoints.spi.CouponIssuer;

class H2CouponIssuerContractTest extends CouponIssuerContractTest {
    private static final JdbcCouponIssuer ISSUER =
            JdbcCouponIssuer.builder(TestDatabases.h2("coupons")).schemaMode(SchemaMode.CREATE).build();

    @Override
    protected CouponIssuer newIssuer() {
        return ISSUER;
    }
}
