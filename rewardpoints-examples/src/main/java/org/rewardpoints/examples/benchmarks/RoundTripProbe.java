package org.rewardpoints.examples.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Counts the round trips of every JDBC benchmark operation (library and baseline) on a small copy
 * of the benchmark data, through a {@link RoundTripCounter}: the same operation bodies, untimed.
 */
public final class RoundTripProbe {
    static final int WARM_UP = 3;
    static final int MEASURED = 20;
    static final LedgerLoader.Group SPREAD = new LedgerLoader.Group("spread-", 50, 10, 1, 0, 100);
    static final LedgerLoader.Group HOT = new LedgerLoader.Group("hot-", 1, 2_000, 0, 0, 100);

    private RoundTripProbe() {
    }

    /** Round trips per operation, keyed by benchmark method name ({@code creditLibrary} ...). */
    public static Map<String, Double> measure(Database.Kind kind) {
        Map<String, Double> result = new LinkedHashMap<>();
        try (Database db = Database.create(kind, 2)) {
            Scenario plain = Scenario.create(kind, db.pool());
            plain.load(List.of(SPREAD, HOT));
            RoundTripCounter counter = new RoundTripCounter();
            Scenario counted = plain.through(counter.wrap(db.pool()));
            int[] order = {0};
            Function<Integer, String> customer = i -> SPREAD.customer(1 + i % SPREAD.customers());
            probe(result, counter, "creditLibrary", i -> {
                counted.creditLibrary(customer.apply(i), "probe-l-" + order[0]++);
                return 0;
            });
            probe(result, counter, "creditBaseline", i -> {
                counted.creditBaseline(customer.apply(i), "probe-b-" + order[0]++);
                return 0;
            });
            probe(result, counter, "creditWithEventBaseline", i -> {
                counted.creditWithEventBaseline(customer.apply(i), "probe-e-" + order[0]++);
                return 0;
            });
            probe(result, counter, "couponHotLibrary", i -> counted.couponLibrary(HOT.customer(1)).length());
            probe(result, counter, "couponHotBaseline", i -> counted.couponBaseline(HOT.customer(1)).length());
            probe(result, counter, "couponSpreadLibrary", i -> counted.couponLibrary(customer.apply(i)).length());
            probe(result, counter, "couponSpreadBaseline", i -> counted.couponBaseline(customer.apply(i)).length());
            probe(result, counter, "redeemHotLibrary", i -> counted.redeemLibrary(HOT.customer(1)).hashCode());
            probe(result, counter, "redeemHotBaseline", i -> counted.redeemBaseline(HOT.customer(1)));
            probe(result, counter, "balanceLibrary", i -> counted.balanceLibrary(customer.apply(i)));
            probe(result, counter, "balanceBaseline", i -> counted.balanceBaseline(customer.apply(i)));
            probe(result, counter, "summaryPageLibrary", i -> counted.summaryPageLibrary(customer.apply(i)).hashCode());
            probe(result, counter, "summaryPageBaseline", i -> counted.summaryPageBaseline(customer.apply(i)).hashCode());
            if (kind == Database.Kind.POSTGRESQL) {
                // per lot swept: 1,000 lots in 100 accounts
                for (String method : List.of("sweepLibrary", "sweepBaseline")) {
                    plain.loader().truncateLedger();
                    plain.loader().load(SweepBenchmarks.expiring(1_000));
                    long before = counter.count();
                    long lots = method.equals("sweepLibrary") ? counted.sweepLibrary() : counted.sweepBaseline();
                    result.put(method, (counter.count() - before) / (double) lots);
                }
                // per event delivered: 5,000 events over 500 accounts (10 rounds of 500)
                for (String method : List.of("deliverLibrary", "deliverBaseline")) {
                    plain.loader().truncateLedger();
                    plain.loader().loadEvents(EventBenchmarks.PREFIX, 5_000, 500);
                    long before = counter.count();
                    long events = method.equals("deliverLibrary") ? counted.deliverLibrary() : counted.deliverBaseline();
                    if (events != 5_000) {
                        throw new IllegalStateException(method + " delivered " + events + " events of 5,000");
                    }
                    result.put(method, (counter.count() - before) / (double) events);
                }
            }
        }
        return result;
    }

    private static void probe(Map<String, Double> result, RoundTripCounter counter, String method,
                              ToLongFunction<Integer> operation) {
        for (int i = 0; i < WARM_UP; i++) {
            operation.applyAsLong(i);
        }
        long before = counter.count();
        for (int i = 0; i < MEASURED; i++) {
            operation.applyAsLong(WARM_UP + i);
        }
        result.put(method, (counter.count() - before) / (double) MEASURED);
    }
}
