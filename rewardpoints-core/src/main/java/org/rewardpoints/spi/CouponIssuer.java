package org.rewardpoints.spi;

import java.util.Optional;

/**
 * Issues coupons for redeemed points: the shop's coupon service, or the JDBC or in-memory
 * adapter for shops without one.
 *
 * <p><b>Idempotency by key</b> is the whole contract: {@link #issue} with a key that was issued
 * before returns that first coupon and creates nothing, whatever code is proposed; concurrent
 * calls with one key create at most one coupon. {@link #find} tells whether a key was issued,
 * which is how the library resolves reservations left open by a crash. Implementations must be
 * thread-safe and should bound the time of remote calls (a call that times out must throw).
 */
public interface CouponIssuer {
    /** The customer id of a coupon whose customer was erased ({@link #eraseCustomer}). */
    String ERASED_CUSTOMER = "";

    /**
     * Issues the coupon, or returns the one issued before under the same key.
     *
     * @throws CouponCodeTakenException when the proposed code belongs to another key (retry with a new code)
     * @throws RuntimeException         any other failure: the coupon may or may not exist; repeating
     *                                  with the same key is safe
     */
    IssuedCoupon issue(CouponRequest request);

    /** The coupon issued under the key, or empty when none was. */
    Optional<IssuedCoupon> find(String tenant, String idempotencyKey);

    /**
     * Right to erasure: replaces the customer id of the coupons issued to the customer by
     * {@link #ERASED_CUSTOMER}. The coupons stay valid (they were paid for with points). Called by the library after the customer's
     * account was deleted; must be idempotent. The default does nothing: a shop's own coupon
     * service erases its data itself.
     */
    default void eraseCustomer(String tenant, String customerId) {
    }
}
