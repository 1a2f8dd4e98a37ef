package org.rewardpoints.testing;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * Wraps an issuer with a scripted fault for the next calls: fail before issuing, time out after
 * issuing, or crash the process (an {@link Error} nothing catches) before or after issuing.
 */
public final class ScriptedCouponIssuer implements CouponIssuer {
    /** What the next {@link #issue} does. */
    public enum Fault { NONE, THROW_BEFORE_ISSUE, TIMEOUT_AFTER_ISSUE, CRASH_BEFORE_ISSUE, CRASH_AFTER_ISSUE }

    /** Stands for the JVM dying: not an Exception, so no library code handles it. */
    public static final class SimulatedCrash extends Error {
        public SimulatedCrash() {
            super("simulated crash");
        }
    }

    private final CouponIssuer delegate;
    private volatile Fault fault = Fault.NONE;
    private final AtomicInteger calls = new AtomicInteger();

    public ScriptedCouponIssuer(CouponIssuer delegate) {
        this.delegate = delegate;
    }

    public void nextCalls(Fault fault) {
        this.fault = fault;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public IssuedCoupon issue(CouponRequest request) {
        calls.incrementAndGet();
        Fault current = fault;
        if (current == Fault.THROW_BEFORE_ISSUE) {
            throw new IllegalStateException("coupon service unavailable");
        }
        if (current == Fault.CRASH_BEFORE_ISSUE) {
            throw new SimulatedCrash();
        }
        IssuedCoupon coupon = delegate.issue(request);
        if (current == Fault.TIMEOUT_AFTER_ISSUE) {
            throw new IllegalStateException("coupon service timed out after 2000 ms");
        }
        if (current == Fault.CRASH_AFTER_ISSUE) {
            throw new SimulatedCrash();
        }
        return coupon;
    }

    @Override
    public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
        return delegate.find(tenant, idempotencyKey);
    }

    @Override
    public void eraseCustomer(String tenant, String customerId) {
        delegate.eraseCustomer(tenant, customerId);
    }
}
