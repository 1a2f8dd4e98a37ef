package org.rewardpoints;

import org.rewardpoints.Units.Unit;
import org.rewardpoints.spi.AccountRecord;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.LedgerStore;

/** Opening and erasing accounts. */
final class Accounts {
    private final Units units;
    private final CouponIssuer couponIssuer;

    Accounts(Units units, CouponIssuer couponIssuer) {
        this.units = units;
        this.couponIssuer = couponIssuer;
    }

    /** Opens an empty account in the unit. */
    static AccountRecord insert(Unit unit, String tenant, String customerId) {
        AccountRecord account = new AccountRecord(tenant, customerId, 0, 0, unit.now, 0, 0);
        unit.session.insertAccount(account);
        return account;
    }

    void create(String tenant, String customerId) {
        units.run(tenant, customerId, unit -> {
            if (unit.session.lockAccount(unit.now).isPresent()) {
                throw new AccountAlreadyExistsException(tenant, customerId);
            }
            return insert(unit, tenant, customerId);
        });
    }

    /**
     * Erases the account, then the customer's identity in the coupons issued to them. Waits for no
     * coupon redemption: one in flight makes the erasure refuse (the redemption completes first),
     * so that no coupon is issued after the account is gone. The coupons' erasure is repeated by
     * every call, so a call that failed there is completed by the next.
     */
    boolean delete(String tenant, String customerId) {
        LedgerStore.Erasure erasure = units.store().deleteAccount(tenant, customerId,
                units.events().accountDeleted(tenant, customerId, units.now()));
        if (erasure == LedgerStore.Erasure.RESERVATION_PENDING) {
            throw new RedemptionInFlightException(tenant, customerId, "delete the account");
        }
        if (couponIssuer != null) {
            couponIssuer.eraseCustomer(tenant, customerId);
        }
        return erasure == LedgerStore.Erasure.DELETED;
    }
}
