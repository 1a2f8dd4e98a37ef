package org.rewardpoints.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rewardpoints.CouponCodes;
import org.rewardpoints.CouponTemplate;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/** What every {@link CouponIssuer} must do: idempotency by key. Extend and supply an issuer. */
public abstract class CouponIssuerContractTest {
    private static final CouponTemplate TEN_EURO = CouponTemplate.absolute("Voucher", "10", "EUR");
    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");

    protected CouponIssuer issuer;
    protected String tenant;

    protected abstract CouponIssuer newIssuer();

    @BeforeEach
    void setUpIssuer() {
        issuer = newIssuer();
        tenant = "t-" + UUID.randomUUID();
    }

    private CouponRequest request(String key, String code) {
        return new CouponRequest(tenant, key, code, "customer-1", TEN_EURO, NOW);
    }

    @Test
    void issue_usesTheProposedCodeAndCanBeFoundByKey() {
        String code = CouponCodes.generate("RP");
        IssuedCoupon coupon = issuer.issue(request("k-1", code));

        assertThat(coupon.code()).isEqualTo(code);
        assertThat(coupon.customerId()).isEqualTo("customer-1");
        assertThat(coupon.template()).isEqualTo(TEN_EURO);
        assertThat(issuer.find(tenant, "k-1")).contains(coupon);
        assertThat(issuer.find(tenant, "k-2")).isEmpty();
    }

    @Test
    void issue_withAKeyIssuedBeforeReturnsTheFirstCouponWhateverCodeIsProposed() {
        IssuedCoupon first = issuer.issue(request("k-1", CouponCodes.generate("RP")));
        IssuedCoupon again = issuer.issue(request("k-1", CouponCodes.generate("RP")));

        assertThat(again.code()).isEqualTo(first.code());
    }

    @Test
    void issue_refusesACodeTakenByAnotherKey() {
        String code = CouponCodes.generate("RP");
        issuer.issue(request("k-1", code));

        assertThatThrownBy(() -> issuer.issue(request("k-2", code))).isInstanceOf(CouponCodeTakenException.class)
                .hasMessageContaining(code);
        assertThat(issuer.find(tenant, "k-2")).isEmpty();
    }

    @Test
    void eraseCustomer_keepsTheCouponsValidWithoutTheCustomersId() {
        IssuedCoupon erased = issuer.issue(request("k-1", CouponCodes.generate("RP")));
        IssuedCoupon other = issuer.issue(new CouponRequest(tenant, "k-2", CouponCodes.generate("RP"), "customer-2",
                TEN_EURO, NOW));

        issuer.eraseCustomer(tenant, "customer-1");
        issuer.eraseCustomer(tenant, "customer-1"); // idempotent

        assertThat(issuer.find(tenant, "k-1")).hasValueSatisfying(coupon -> {
            assertThat(coupon.code()).isEqualTo(erased.code());
            assertThat(coupon.customerId()).isEqualTo(CouponIssuer.ERASED_CUSTOMER);
        });
        assertThat(issuer.find(tenant, "k-2")).contains(other);
    }

    @Test
    void keys_areScopedToTheTenant() {
        issuer.issue(request("k-1", CouponCodes.generate("RP")));
        assertThat(issuer.find("other-" + tenant, "k-1")).isEmpty();
    }

    @Test
    void concurrentIssuesOfOneKey_createOneCoupon() throws Exception {
        AtomicInteger index = new AtomicInteger();
        List<IssuedCoupon> coupons = LedgerStoreContractTest.runConcurrently(8,
                () -> issuer.issue(request("k-1", CouponCodes.generate("RP") + index.incrementAndGet())));

        assertThat(coupons).extracting(IssuedCoupon::code).containsOnly(coupons.get(0).code());
    }
}
