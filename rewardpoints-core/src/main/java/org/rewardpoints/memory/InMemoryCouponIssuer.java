package org.rewardpoints.memory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rewardpoints.spi.CouponCodeTakenException;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/** A thread-safe {@link CouponIssuer} keeping issued coupons in memory; codes unique across tenants. */
public final class InMemoryCouponIssuer implements CouponIssuer {
    private final ConcurrentHashMap<String, IssuedCoupon> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> keyByCode = new ConcurrentHashMap<>();

    @Override
    public IssuedCoupon issue(CouponRequest request) {
        String key = request.tenant() + '\u0000' + request.idempotencyKey();
        synchronized (this) { // one key: at most one coupon; claims of key and code happen together
            IssuedCoupon existing = byKey.get(key);
            if (existing != null) {
                return existing;
            }
            if (keyByCode.putIfAbsent(request.code(), key) != null) {
                throw new CouponCodeTakenException(request.code());
            }
            IssuedCoupon coupon = new IssuedCoupon(request.tenant(), request.idempotencyKey(), request.code(),
                    request.customerId(), request.template(), request.requestedAt());
            byKey.put(key, coupon);
            return coupon;
        }
    }

    @Override
    public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
        return Optional.ofNullable(byKey.get(tenant + '\u0000' + idempotencyKey));
    }

    @Override
    public synchronized void eraseCustomer(String tenant, String customerId) {
        byKey.replaceAll((key, coupon) -> coupon.tenant().equals(tenant) && coupon.customerId().equals(customerId)
                ? new IssuedCoupon(coupon.tenant(), coupon.idempotencyKey(), coupon.code(), ERASED_CUSTOMER,
                        coupon.template(), coupon.issuedAt())
                : coupon);
    }

    /** Every coupon issued so far. */
    public Collection<IssuedCoupon> issued() {
        return List.copyOf(byKey.values());
    }
}
