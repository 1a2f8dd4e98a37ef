package org.rewardpoints.memory;

import org.rewardpoints.contract.CouponIssuerContractTest;
import org.rewardpoints.spi.CouponIssuer;

class InMemoryCouponIssuerTest extends CouponIssuerContractTest {
    @Override
    protected CouponIssuer newIssuer() {
        return new InMemoryCouponIssuer();
    }
}
