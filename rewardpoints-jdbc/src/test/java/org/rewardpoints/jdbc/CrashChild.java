package org.rewardpoints.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.rewardpoints.AccountNotFoundException;
import org.rewardpoints.CouponIssuingException;
import org.rewardpoints.CouponRedemption;
import org.rewardpoints.InsufficientPointsException;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.spi.CouponIssuer;
import org.rewardpoints.spi.CouponRequest;
import org.rewardpoints.spi.IssuedCoupon;

/**
 * The application {@link PostgresCrashRecoveryTest} kills: {@value #THREADS} threads deliver orders
 * (new ones and repeats, also of orders of earlier runs) and redeem points for coupons (new
 * request ids and repeats) on the JDBC ledger store, coupon issuer, option store and settings
 * store, until the process is killed, while one more thread relays the events to a listener that
 * appends each event's id to a file (what reached the listener survives the kill). Prints
 * {@value #RUNNING} once the first operation is done; exits with status 2 on any failure that is not
 * an expected domain outcome.
 *
 * <p>Arguments: JDBC URL, user, tenant, redemption option id, run number, file of delivered event ids.
 */
public final class CrashChild {
    static final String RUNNING = "RUNNING";
    /** The child's sessions carry this name, so the parent can wait until the server ended them. */
    static final String APPLICATION_NAME = "rp-crash-child";
    static final int THREADS = 4;
    static final int CUSTOMERS = 8;
    /** Repeats pick ids of this run and the runs just before it, numbered below this. */
    private static final int REPEATED_IDS = 30;

    private CrashChild() {
    }

    /** The customer an order or request id belongs to: repeats, also in other runs, carry the same content. */
    static String customerOf(String id) {
        return "c-" + Math.floorMod(id.hashCode(), CUSTOMERS);
    }

    /** The value (and, at factor 1, the points) of an order. */
    static int valueOf(String orderId) {
        return 10 + Math.floorMod(orderId.hashCode() / CUSTOMERS, 90);
    }

    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        String tenant = args[2];
        String optionId = args[3];
        int run = Integer.parseInt(args[4]);
        Path delivered = Path.of(args[5]);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(THREADS);
        config.setPoolName("crash-child");
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcLibrary.Adapters adapters = JdbcLibrary.Adapters.on(pool, PostgresDialect.INSTANCE);
        RewardPoints ledger = RewardPoints.builder().store(adapters.store()).settings(adapters.settings())
                .redemptionOptions(adapters.options()).couponIssuer(new RemoteLikeIssuer(adapters.coupons()))
                .clock(Clock.systemUTC()).listener(event -> {
                    try {
                        Files.writeString(delivered, event.id() + "\n", StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).build();
        Thread relay = new Thread(() -> {
            try {
                while (true) {
                    ledger.events().deliver();
                }
            } catch (Throwable e) {
                e.printStackTrace();
                System.exit(2);
            }
        }, "crash-child-relay");
        relay.start();

        AtomicBoolean announced = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        operate(ledger, tenant, optionId, run, counter);
                        if (announced.compareAndSet(false, true)) {
                            System.out.println(RUNNING);
                            System.out.flush();
                        }
                    }
                } catch (Throwable e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            }, "crash-child-" + t);
            thread.start();
        }
    }

    private static void operate(RewardPoints ledger, String tenant, String optionId, int run, AtomicInteger counter) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean repeat = random.nextInt(100) < 30;
        String suffix = repeat ? Math.max(0, run - random.nextInt(4)) + "-" + random.nextInt(REPEATED_IDS)
                : run + "-" + counter.incrementAndGet();
        if (random.nextBoolean()) {
            String orderId = "o-" + suffix;
            ledger.orderCompleted(OrderCompletion.of(tenant, "main", customerOf(orderId), orderId,
                    String.valueOf(valueOf(orderId)), "EUR"));
        } else {
            String requestId = "q-" + suffix;
            try {
                ledger.redeemForCoupon(CouponRedemption.of(tenant, customerOf(requestId), optionId)
                        .withRequestId(requestId));
            } catch (InsufficientPointsException | AccountNotFoundException expected) {
                // the customer has too few points, or no order credited yet
            } catch (CouponIssuingException expected) {
                // a request whose reservation the parent's recovery released after an earlier kill
                if (expected.isPointsStillReserved()) {
                    throw expected;
                }
            }
        }
    }

    /** A coupon service a network hop away: a few milliseconds before and after it issues. */
    private static final class RemoteLikeIssuer implements CouponIssuer {
        private final CouponIssuer delegate;

        RemoteLikeIssuer(CouponIssuer delegate) {
            this.delegate = delegate;
        }

        @Override
        public IssuedCoupon issue(CouponRequest request) {
            pause();
            IssuedCoupon coupon = delegate.issue(request);
            pause();
            return coupon;
        }

        @Override
        public Optional<IssuedCoupon> find(String tenant, String idempotencyKey) {
            return delegate.find(tenant, idempotencyKey);
        }

        private static void pause() {
            try {
                Thread.sleep(1 + ThreadLocalRandom.current().nextInt(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
