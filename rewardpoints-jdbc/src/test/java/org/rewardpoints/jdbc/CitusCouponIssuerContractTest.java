package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.CouponIssuerContractTest;
import org.rewardpoints.spi.CouponIssuer;

/** Issued coupons in Citus's reference table, codes unique across tenants. */
class CitusCouponIssuerContractTest extends CouponIssuerContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("coupon_contract");
    private static final JdbcCouponIssuer ISSUER =
            JdbcCouponIssuer.builder(CLUSTER.pool(8)).schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected CouponIssuer newIssuer() {
        return ISSUER;
    }
}
