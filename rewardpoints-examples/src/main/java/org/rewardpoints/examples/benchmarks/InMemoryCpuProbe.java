package org.rewardpoints.examples.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What one operation of {@link InMemoryBenchmarks} costs the thread that runs it: CPU time and
 * bytes allocated (the JVM's per-thread counters), and the bytes the ledger keeps afterwards (heap
 * in use after a full collection). Unlike JMH's throughput these do not count the time that other
 * processes on a shared machine, or the garbage collector's threads, take from the benchmark.
 *
 * <p>Each round builds the benchmark's fresh ledger, runs a fifth of the operations unmeasured and
 * then the measured ones, on one thread; the medians of the second half of the rounds are printed
 * as a table. {@code -Dprobe.rounds=N} (default 6) sets the rounds.
 */
public final class InMemoryCpuProbe {
    private InMemoryCpuProbe() {
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("probe.rounds", 6);
        InMemoryBenchmarks.Caller caller = new InMemoryBenchmarks.Caller();
        Map<String, ToLongFunction<InMemoryBenchmarks>> bodies = new LinkedHashMap<>();
        bodies.put("credit", b -> b.credit(caller).points());
        bodies.put("redeemOneLot", b -> b.redeemOneLot().points());
        bodies.put("redeemFiftyLots", b -> b.redeemFiftyLots().points());
        bodies.put("balance", b -> b.balance(caller));
        Map<String, Integer> operations = Map.of("credit", 200_000, "redeemOneLot", 100_000, "redeemFiftyLots", 5_000,
                "balance", 1_000_000);
        System.out.println("| operation | CPU ns/op | operations/s of CPU | allocated B/op | kept B/op |");
        System.out.println("|---|---:|---:|---:|---:|");
        bodies.forEach((name, body) -> {
            double[][] rows = new double[rounds][];
            InMemoryBenchmarks benchmarks = new InMemoryBenchmarks(); // sizes each round's lots from the one before
            for (int round = 0; round < rounds; round++) {
                rows[round] = measure(benchmarks, name, body, operations.get(name));
            }
            double cpu = median(rows, 0);
            System.out.printf("| %s | %,.0f | %,.0f | %,.0f | %,.0f |%n", name, cpu, 1e9 / cpu, median(rows, 1),
                    median(rows, 2));
        });
    }

    /** {CPU ns, allocated bytes, kept bytes} per operation of one round. */
    private static double[] measure(InMemoryBenchmarks benchmarks, String name, ToLongFunction<InMemoryBenchmarks> body,
                                    int operations) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long thread = Thread.currentThread().getId();
        benchmarks.freshLedger(InMemoryBenchmarks.class.getName() + "." + name);
        long sink = 0;
        for (int i = 0; i < operations / 5; i++) {
            sink += body.applyAsLong(benchmarks);
        }
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < operations; i++) {
            sink += body.applyAsLong(benchmarks);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        System.gc();
        long kept = memory.getHeapMemoryUsage().getUsed() - heapBefore;
        benchmarks.rememberUse();
        if (sink <= 0) {
            throw new IllegalStateException("The operations of " + name + " returned nothing");
        }
        return new double[] {cpu / (double) operations, allocated / (double) operations, kept / (double) operations};
    }

    private static double median(double[][] rows, int column) {
        double[] values = Arrays.stream(rows, rows.length / 2, rows.length).mapToDouble(row -> row[column]).sorted()
                .toArray();
        return values[values.length / 2];
    }
}
