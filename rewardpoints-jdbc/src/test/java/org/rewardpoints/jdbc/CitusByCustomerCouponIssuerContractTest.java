package org.rewardpoints.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.rewardpoints.contract.CouponIssuerContractTest;
import org.rewardpoints.spi.CouponIssuer;

/** Issued coupons on Citus by customer: distributed by key, codes unique across tenants in the code table. */
class CitusByCustomerCouponIssuerContractTest extends CouponIssuerContractTest {
    private static final CitusCluster CLUSTER = CitusCluster.newSchema("coupon_contract_by_customer");
    private static final JdbcCouponIssuer ISSUER =
            JdbcCouponIssuer.builder(CLUSTER.pool(8)).dialect(CitusDialect.BY_CUSTOMER)
                    .schemaMode(SchemaMode.CREATE).build();

    @AfterAll
    static void dropSchema() {
        CLUSTER.close();
    }

    @Override
    protected CouponIssuer newIssuer() {
        return ISSUER;
    }
}
