package org.rewardpoints.examples.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Renders the results of one run as Markdown: every figure, its ratio, round trips, the machine. */
final class Summary {
    /** Operations of the JDBC benchmarks in the order shown, with their targets (library/baseline). */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();
    private static final Map<String, Double> TARGETS = Map.of("credit", 0.8, "couponHot", 0.6, "couponSpread", 0.6,
            "redeemHot", 0.6, "balance", 0.9);

    static {
        OPERATIONS.put("credit", "order credit, spread customers");
        OPERATIONS.put("couponHot", "redeem for a coupon, hot account");
        OPERATIONS.put("couponSpread", "redeem for a coupon, spread customers");
        OPERATIONS.put("redeemHot", "redeem points (no coupon), hot account");
        OPERATIONS.put("balance", "balance");
        OPERATIONS.put("summaryPage", "first summary page");
    }

    /** The databases of the JDBC benchmarks, in the order shown. */
    private static final List<String> DATABASES = List.of("postgresql", "h2", "mariadb");

    private final List<RunResult> results;
    private final Map<String, Map<String, Double>> roundTrips;
    private final boolean longRun;

    Summary(List<RunResult> results, Map<String, Map<String, Double>> roundTrips, boolean longRun) {
        this.results = results;
        this.roundTrips = roundTrips;
        this.longRun = longRun;
    }

    String render(String settings, List<String> groupTimes, Duration total) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("- date: ").append(LocalDate.now(ZoneOffset.UTC)).append('\n');
        md.append("- machine: ").append(machine()).append('\n');
        md.append("- settings: ").append(settings).append('\n');
        md.append("- run time: ").append(total.toMinutes()).append(" min ").append(total.toSecondsPart())
                .append(" s (").append(String.join("; ", groupTimes)).append(")\n\n");

        md.append("## In memory (ops/s)\n\n| operation | 1 thread | 2 threads |\n|---|---:|---:|\n");
        for (String method : List.of("credit", "redeemOneLot", "redeemFiftyLots", "balance")) {
            md.append("| ").append(method).append(" | ").append(score(find("InMemoryBenchmarks." + method, null, 1)))
                    .append(" | ").append(score(find("InMemoryBenchmarks." + method, null, 2))).append(" |\n");
        }

        md.append("\n## JDBC: library and hand-written baseline in the same run (1 thread, ops/s)\n\n")
                .append("| operation | database | library | baseline | library/baseline | target | round trips library / baseline |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String database : DATABASES) {
            for (Map.Entry<String, String> operation : OPERATIONS.entrySet()) {
                String op = operation.getKey();
                Optional<RunResult> library = find("JdbcBenchmarks." + op + "Library", database, 1);
                Optional<RunResult> baseline = find("JdbcBenchmarks." + op + "Baseline", database, 1);
                if (library.isEmpty() && baseline.isEmpty()) {
                    continue;
                }
                Double target = TARGETS.get(op);
                md.append("| ").append(operation.getValue()).append(" | ").append(database).append(" | ")
                        .append(score(library)).append(" | ").append(score(baseline)).append(" | ")
                        .append(ratio(library, baseline)).append(" | ")
                        .append(target == null ? "–" : "≥ " + target).append(" | ")
                        .append(trips(database, op + "Library")).append(" / ").append(trips(database, op + "Baseline"))
                        .append(" |\n");
            }
        }
        md.append("\nRound trips on H2 are calls into the database in the same JVM; on MariaDB one per statement,"
                + " JDBC batch, commit or rollback (its driver does not join statements).\n");

        StringBuilder eight = new StringBuilder();
        for (String database : DATABASES) {
            for (String op : List.of("credit", "balance", "redeemHot", "couponSpread")) {
                Optional<RunResult> library = find("JdbcBenchmarks." + op + "Library", database, 8);
                Optional<RunResult> baseline = find("JdbcBenchmarks." + op + "Baseline", database, 8);
                if (library.isPresent() || baseline.isPresent()) {
                    eight.append("| ").append(OPERATIONS.get(op)).append(" | ").append(database).append(" | ")
                            .append(score(library)).append(" | ").append(score(baseline)).append(" | ")
                            .append(ratio(library, baseline)).append(" |\n");
                }
            }
        }
        if (eight.length() > 0) {
            md.append("\n## JDBC with 8 threads (ops/s, all threads together)\n\n")
                    .append("| operation | database | library | baseline | library/baseline |\n|---|---|---:|---:|---:|\n")
                    .append(eight);
        }

        for (String database : longRun ? List.of("postgresql", "h2") : List.of("postgresql")) {
            md.append("\n## History scaling, ").append(database).append(" (ops/s)\n\n")
                    .append("| operation | 10 entries | 10,000 | 100,000 | time 100k / 10 | time 100k / 10k |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            for (String method : List.of("balance", "summaryPage")) {
                Optional<RunResult> small = findParam("HistoryBenchmarks." + method, database, "entries", "10");
                Optional<RunResult> medium = findParam("HistoryBenchmarks." + method, database, "entries", "10000");
                Optional<RunResult> large = findParam("HistoryBenchmarks." + method, database, "entries", "100000");
                md.append("| ").append(method).append(" | ").append(score(small)).append(" | ").append(score(medium))
                        .append(" | ").append(score(large)).append(" | ").append(ratio(small, large)).append(" | ")
                        .append(ratio(medium, large)).append(" |\n");
            }
        }

        md.append("\n## Expiry sweep, postgresql\n\n")
                .append("| lots | library s/sweep | library lots/s | baseline s/sweep | baseline lots/s | library/baseline | round trips per lot library / baseline |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult library : all("SweepBenchmarks.sweepLibrary")) {
            String lots = library.getParams().getParam("lots");
            Optional<RunResult> baseline = findParam("SweepBenchmarks.sweepBaseline", "postgresql", "lots", lots);
            double libraryTime = library.getPrimaryResult().getScore();
            double baselineTime = baseline.map(r -> r.getPrimaryResult().getScore()).orElse(Double.NaN);
            long count = Long.parseLong(lots);
            md.append("| ").append(String.format(Locale.ROOT, "%,d", count)).append(" | ")
                    .append(number(libraryTime, 2)).append(" | ").append(number(count / libraryTime, 0)).append(" | ")
                    .append(number(baselineTime, 2)).append(" | ").append(number(count / baselineTime, 0)).append(" | ")
                    .append(number(baselineTime / libraryTime, 2)).append(" | ")
                    .append(trips("postgresql", "sweepLibrary")).append(" / ").append(trips("postgresql", "sweepBaseline"))
                    .append(" |\n");
        }

        md.append("\n## Expiring soon: one page of 100 customers over 1,000,000 lots, postgresql (1 thread, ops/s)\n\n")
                .append("| window | library | baseline | library/baseline |\n|---:|---:|---:|---:|\n");
        for (RunResult library : all("ExpiringSoonBenchmarks.expiringPageLibrary")) {
            String days = library.getParams().getParam("windowDays");
            Optional<RunResult> baseline = findParam("ExpiringSoonBenchmarks.expiringPageBaseline", "postgresql",
                    "windowDays", days);
            md.append("| ").append(days).append(" days | ").append(score(Optional.of(library))).append(" | ")
                    .append(score(baseline)).append(" | ").append(ratio(Optional.of(library), baseline)).append(" |\n");
        }

        md.append("\n## Events: order credit with and without the event row (1 thread, ops/s)\n\n")
                .append("| database | library (writes its event) | baseline without event | baseline with event |")
                .append(" library / baseline without | baseline with / without | library / baseline with |")
                .append(" round trips library / without / with |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String database : List.of("postgresql", "h2")) {
            Optional<RunResult> library = find("JdbcBenchmarks.creditLibrary", database, 1);
            Optional<RunResult> without = find("JdbcBenchmarks.creditBaseline", database, 1);
            Optional<RunResult> with = find("JdbcBenchmarks.creditWithEventBaseline", database, 1);
            if (with.isEmpty()) {
                continue;
            }
            md.append("| ").append(database).append(" | ").append(score(library)).append(" | ").append(score(without))
                    .append(" | ").append(score(with)).append(" | ").append(ratio(library, without)).append(" | ")
                    .append(ratio(with, without)).append(" | ").append(ratio(library, with)).append(" | ")
                    .append(trips(database, "creditLibrary")).append(" / ").append(trips(database, "creditBaseline"))
                    .append(" / ").append(trips(database, "creditWithEventBaseline")).append(" |\n");
        }

        md.append("\n## Events: relay draining the outbox, postgresql (one instance)\n\n")
                .append("| events | accounts | library s/drain | library events/s | baseline s/drain | baseline events/s |")
                .append(" library/baseline | round trips per event library / baseline |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult library : all("EventBenchmarks.deliverLibrary")) {
            String events = library.getParams().getParam("events");
            String accounts = library.getParams().getParam("accounts");
            Optional<RunResult> baseline = all("EventBenchmarks.deliverBaseline").stream()
                    .filter(r -> events.equals(r.getParams().getParam("events"))
                            && accounts.equals(r.getParams().getParam("accounts"))).findFirst();
            double libraryTime = library.getPrimaryResult().getScore();
            double baselineTime = baseline.map(r -> r.getPrimaryResult().getScore()).orElse(Double.NaN);
            long count = Long.parseLong(events);
            md.append("| ").append(String.format(Locale.ROOT, "%,d", count)).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", Long.parseLong(accounts))).append(" | ")
                    .append(number(libraryTime, 2)).append(" | ").append(number(count / libraryTime, 0)).append(" | ")
                    .append(number(baselineTime, 2)).append(" | ").append(number(count / baselineTime, 0)).append(" | ")
                    .append(number(baselineTime / libraryTime, 2)).append(" | ")
                    .append(trips("postgresql", "deliverLibrary")).append(" / ").append(trips("postgresql", "deliverBaseline"))
                    .append(" |\n");
        }

        md.append("\n## Concurrency, order credits on postgresql (ops/s, all threads)\n\n")
                .append("| threads | library | baseline | library/baseline |\n|---:|---:|---:|---:|\n");
        for (int threads : new int[] {1, 2, 4, 8}) {
            Optional<RunResult> library = find("JdbcBenchmarks.creditLibrary", "postgresql", threads);
            Optional<RunResult> baseline = find("JdbcBenchmarks.creditBaseline", "postgresql", threads);
            md.append("| ").append(threads).append(" | ").append(score(library)).append(" | ").append(score(baseline))
                    .append(" | ").append(ratio(library, baseline)).append(" |\n");
        }
        Optional<RunResult> summaries = find("JdbcBenchmarks.summaryPageLibrary", "postgresql", 8);
        Optional<RunResult> summariesBaseline = find("JdbcBenchmarks.summaryPageBaseline", "postgresql", 8);
        md.append("\nFirst summary page, 8 threads: library ").append(score(summaries)).append(", baseline ")
                .append(score(summariesBaseline)).append(", library/baseline ").append(ratio(summaries, summariesBaseline))
                .append(".\n");
        md.append("\nScores are JMH means with their 99.9% confidence half-width (±).\n");
        return md.toString();
    }

    private List<RunResult> all(String benchmark) {
        List<RunResult> found = new ArrayList<>();
        for (RunResult result : results) {
            if (result.getParams().getBenchmark().endsWith("." + benchmark)) {
                found.add(result);
            }
        }
        return found;
    }

    private Optional<RunResult> find(String benchmark, String database, int threads) {
        return all(benchmark).stream()
                .filter(r -> database == null || database.equals(r.getParams().getParam("database")))
                .filter(r -> r.getParams().getThreads() == threads).findFirst();
    }

    private Optional<RunResult> findParam(String benchmark, String database, String param, String value) {
        return all(benchmark).stream()
                .filter(r -> database.equals(r.getParams().getParam("database")))
                .filter(r -> value.equals(r.getParams().getParam(param))).findFirst();
    }

    private static String score(Optional<RunResult> result) {
        if (result.isEmpty()) {
            return "–";
        }
        Result<?> primary = result.get().getPrimaryResult();
        double error = primary.getScoreError();
        return number(primary.getScore(), 0) + (Double.isNaN(error) ? "" : " ± " + number(error, 0));
    }

    private static String ratio(Optional<RunResult> numerator, Optional<RunResult> denominator) {
        if (numerator.isEmpty() || denominator.isEmpty()) {
            return "–";
        }
        return number(numerator.get().getPrimaryResult().getScore()
                / denominator.get().getPrimaryResult().getScore(), 2);
    }

    private String trips(String database, String method) {
        Double value = roundTrips.getOrDefault(database, Map.of()).get(method);
        return value == null ? "–" : number(value, value == Math.rint(value) ? 0 : value < 0.1 ? 4 : 2);
    }

    private static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String machine() {
        String cpu = "unknown CPU";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .findFirst().map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .findFirst().map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB")
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave what is known
        }
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
        try {
            os = Files.readAllLines(Path.of("/etc/os-release")).stream().filter(line -> line.startsWith("PRETTY_NAME="))
                    .findFirst().map(line -> line.substring(13).replace("\"", "")).orElse(os) + " (" + os + ")";
        } catch (IOException e) {
            // keep the JVM's name for it
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + memory + " memory, " + cpu + ", " + os
                + ", JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

}
