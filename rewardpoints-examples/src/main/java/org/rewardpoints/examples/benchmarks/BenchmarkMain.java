package org.rewardpoints.examples.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark with one command and writes the results:
 *
 * <pre>
 * mvn -B -q -pl rewardpoints-examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=org.rewardpoints.examples.benchmarks.BenchmarkMain
 * </pre>
 *
 * <p>Starts one embedded PostgreSQL server for all forks (and one MariaDB server unless
 * {@code bench.database} names another database), counts round trips per operation (untimed),
 * runs the JMH groups one after the other, and writes JMH's JSON per group plus {@code summary.md}
 * (every figure with its library/baseline ratio and round trips) to {@code target/benchmarks}.
 *
 * <p>System properties: {@code bench.long=true} for longer runs (more and longer iterations, two
 * forks, the sweep over 1,000,000 lots, history also on H2); {@code bench.quick=true} to check the wiring
 * in a few minutes (one iteration of 1 s, small data: the figures mean nothing); {@code bench.out} for the output
 * folder; {@code bench.include} to run only the groups whose name contains it (or one of its comma-separated parts); {@code bench.only} (a
 * regular expression) to run only the benchmark methods whose name contains a match; {@code bench.database}
 * to run on that database only; {@code bench.forks} for that many forks of every throughput group;
 * {@code bench.citus.url} to run the PostgreSQL benchmarks on that Citus cluster instead, with
 * {@code bench.citus.model=by-customer} in the model by customer.
 */
public final class BenchmarkMain {
    /** The default settings: about 30 minutes for everything on 2 cores. */
    static final int FORKS = 1;
    static final int WARMUP_ITERATIONS = 2;
    static final Duration WARMUP_TIME = Duration.ofSeconds(2);
    static final int MEASUREMENT_ITERATIONS = 3;
    static final Duration MEASUREMENT_TIME = Duration.ofSeconds(3);

    private record Group(String name, String include, int threads, Mode mode, Map<String, String[]> params) {
    }

    private final boolean longRun;
    private final boolean quick;
    private final Path out;
    /** A regular expression the benchmark method names must also contain, or empty. */
    private final String benchmarks;
    /** The only database to run, or empty for each group's own. */
    private final String database;
    /** The Citus cluster the forks' PostgreSQL benchmarks run on, or empty. */
    private final String citusUrl;
    private final List<RunResult> results = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    private BenchmarkMain(boolean longRun, boolean quick, Path out, String benchmarks, String database,
                          String citusUrl) {
        this.longRun = longRun;
        this.quick = quick;
        this.out = out;
        this.benchmarks = benchmarks;
        this.database = database;
        this.citusUrl = citusUrl;
    }

    public static void main(String[] args) throws Exception {
        boolean longRun = Boolean.getBoolean("bench.long");
        boolean quick = Boolean.getBoolean("bench.quick");
        Path out = Path.of(System.getProperty("bench.out", "target/benchmarks"));
        String only = System.getProperty("bench.include", "");
        String benchmarks = System.getProperty("bench.only", "");
        String database = System.getProperty("bench.database", "");
        // for the forks only: the round trips are probed on the embedded server (the baseline's SQL is PostgreSQL's)
        String citusUrl = System.getProperty(Database.CITUS_URL_PROPERTY, "");
        System.clearProperty(Database.CITUS_URL_PROPERTY);
        Files.createDirectories(out);
        forkWithOurClassPath();
        EmbeddedPostgres postgres = Database.PostgresServer.startEmbedded();
        try {
            System.setProperty(Database.POSTGRES_PORT_PROPERTY, Integer.toString(postgres.getPort()));
            Database.MariaDbServer.Running mariaDb = database.isEmpty() || database.equals(name(Database.Kind.MARIADB))
                    ? Database.MariaDbServer.startEmbedded() : null;
            try {
                int mariaDbPort = mariaDb == null ? 0 : mariaDb.port();
                if (mariaDb != null) {
                    System.setProperty(Database.MARIADB_PORT_PROPERTY, Integer.toString(mariaDbPort));
                }
                new BenchmarkMain(longRun, quick, out, benchmarks, database, citusUrl)
                        .run(only, postgres.getPort(), mariaDbPort);
            } finally {
                if (mariaDb != null) {
                    mariaDb.close();
                }
            }
        } finally {
            Database.PostgresServer.stop(postgres);
        }
    }

    private static String name(Database.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private void run(String only, int port, int mariaDbPort) throws RunnerException, IOException {
        Instant start = Instant.now();
        Map<String, Map<String, Double>> roundTrips = new LinkedHashMap<>();
        for (Database.Kind kind : Database.Kind.values()) {
            if (database.isEmpty() || database.equals(name(kind))) {
                roundTrips.put(name(kind), RoundTripProbe.measure(kind));
            }
        }
        System.out.println("Round trips per operation: " + roundTrips);

        List<Group> groups = new ArrayList<>();
        groups.add(new Group("in-memory-1-thread", "\\.InMemoryBenchmarks\\.", 1, Mode.Throughput, Map.of()));
        groups.add(new Group("in-memory-2-threads", "\\.InMemoryBenchmarks\\.", 2, Mode.Throughput, Map.of()));
        groups.add(new Group("jdbc", "\\.JdbcBenchmarks\\.", 1, Mode.Throughput, Map.of()));
        // credits, balances and redemptions with 8 threads, on MariaDB unless bench.database names another
        // (PostgreSQL's 8-thread credits and summaries are the concurrency groups below)
        groups.add(new Group("jdbc-8-threads", "\\.JdbcBenchmarks\\.(credit|balance|redeemHot|couponSpread)(WithEvent|WithPending)?(Library|Baseline)$",
                8, Mode.Throughput, Map.of("database", new String[] {name(Database.Kind.MARIADB)})));
        groups.add(new Group("history", "\\.HistoryBenchmarks\\.", 1, Mode.Throughput,
                longRun ? Map.of("database", new String[] {"postgresql", "h2"})
                        : quick ? Map.of("entries", new String[] {"10", "10000"}) : Map.of()));
        groups.add(new Group("as-of", "\\.AsOfBenchmarks\\.", 1, Mode.Throughput, Map.of()));
        groups.add(new Group("sweep", "\\.SweepBenchmarks\\.", 1, Mode.SingleShotTime,
                Map.of("lots", new String[] {quick ? "10000" : longRun ? "1000000" : "100000"})));
        groups.add(new Group("expiring", "\\.ExpiringSoonBenchmarks\\.", 1, Mode.Throughput,
                quick ? Map.of("windowDays", new String[] {"30"}) : Map.of()));
        groups.add(new Group("events", "\\.EventBenchmarks\\.", 1, Mode.SingleShotTime,
                quick ? Map.of("events", new String[] {"10000"}, "accounts", new String[] {"1000"}) : Map.of()));
        for (int threads : new int[] {2, 4, 8}) {
            groups.add(new Group("concurrency-" + threads + "-threads", "\\.JdbcBenchmarks\\.credit(Library|Baseline)$",
                    threads, Mode.Throughput, Map.of("database", new String[] {"postgresql"})));
        }
        groups.add(new Group("concurrency-8-threads-summaries", "\\.JdbcBenchmarks\\.summaryPage(Library|Baseline)$",
                8, Mode.Throughput, Map.of("database", new String[] {"postgresql"})));
        for (int threads : new int[] {1, 8}) {
            groups.add(new Group("floor-" + threads + (threads == 1 ? "-thread" : "-threads"), "\\.FloorBenchmarks\\.",
                    threads, Mode.Throughput, Map.of()));
        }
        for (Group group : groups) {
            if (Arrays.stream(only.split(",")).noneMatch(part -> group.name().contains(part.trim()))) {
                continue;
            }
            Instant groupStart = Instant.now();
            Collection<RunResult> groupResults = new Runner(options(group, port, mariaDbPort).build()).run();
            results.addAll(groupResults);
            log.add(group.name() + ": " + minutes(Duration.between(groupStart, Instant.now())));
        }
        Duration total = Duration.between(start, Instant.now());
        String summary = new Summary(results, roundTrips, longRun).render(settings(), log, total);
        Files.writeString(out.resolve("summary.md"), summary, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(summary);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    private ChainedOptionsBuilder options(Group group, int port, int mariaDbPort) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(benchmarks.isEmpty() ? group.include() : "(?=.*\\.\\w*(" + benchmarks + "))" + group.include())
                .threads(group.threads())
                // a single-shot sweep reloads its lots before every iteration: one fork even in long runs
                .forks(group.mode() == Mode.SingleShotTime ? FORKS
                        : Integer.getInteger("bench.forks", longRun ? 2 : FORKS))
                .jvmArgsAppend("-Xms1g", "-Xmx4g", "-D" + Database.POSTGRES_PORT_PROPERTY + "=" + port,
                        "-D" + Database.MARIADB_PORT_PROPERTY + "=" + (mariaDbPort == 0 ? "" : mariaDbPort),
                        "-D" + Database.CITUS_URL_PROPERTY + "=" + citusUrl,
                        forwarded(Database.MARIADB_OPTIONS_PROPERTY), forwarded(Database.CITUS_MODEL_PROPERTY))
                .result(out.resolve(group.name() + ".json").toString())
                .resultFormat(ResultFormatType.JSON)
                .shouldFailOnError(true);
        withParams(options, group.params(), database);
        String profiler = System.getProperty("bench.profiler", "");
        if (!profiler.isEmpty()) {
            options.addProfiler(profiler);
        }
        if (quick) {
            // checks the wiring only: the figures mean nothing
            return options.mode(group.mode()).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.seconds(1));
        }
        if (group.mode() == Mode.SingleShotTime) {
            return options.mode(Mode.SingleShotTime).warmupIterations(1).measurementIterations(3);
        }
        return options
                .warmupIterations(longRun ? 3 : WARMUP_ITERATIONS)
                .warmupTime(TimeValue.seconds(longRun ? 5 : WARMUP_TIME.toSeconds()))
                .measurementIterations(longRun ? 5 : MEASUREMENT_ITERATIONS)
                .measurementTime(TimeValue.seconds(longRun ? 5 : MEASUREMENT_TIME.toSeconds()));
    }

    /**
     * Adds a group's parameters and {@code database} (when not empty) in its stead: JMH adds up the
     * values of a parameter given twice, which would run each benchmark twice.
     */
    static ChainedOptionsBuilder withParams(ChainedOptionsBuilder options, Map<String, String[]> params, String database) {
        params.forEach((name, values) -> {
            if (database.isEmpty() || !name.equals("database")) {
                options.param(name, values);
            }
        });
        if (!database.isEmpty()) {
            options.param("database", database);
        }
        return options;
    }

    private String settings() {
        String forks = System.getProperty("bench.forks") == null ? ""
                : "throughput groups with " + Integer.getInteger("bench.forks") + " forks; ";
        return forks + (longRun
                ? "long run: 2 forks, 3 warm-up iterations of 5 s, 5 measurement iterations of 5 s;"
                        + " sweep single-shot, 1 fork, 1 warm-up + 3 measured sweeps of 1,000,000 lots;"
                        + " relay single-shot, 1 fork, 1 warm-up + 3 measured drains of 100,000 events"
                : "1 fork, " + WARMUP_ITERATIONS + " warm-up iterations of " + WARMUP_TIME.toSeconds() + " s, "
                        + MEASUREMENT_ITERATIONS + " measurement iterations of " + MEASUREMENT_TIME.toSeconds() + " s;"
                        + " sweep single-shot, 1 warm-up + 3 measured sweeps of 100,000 lots;"
                        + " relay single-shot, 1 warm-up + 3 measured drains of 100,000 events");
    }

    /** A system property of this JVM, passed on to the forks (empty when unset). */
    private static String forwarded(String property) {
        return "-D" + property + "=" + System.getProperty(property, "");
    }

    private static String minutes(Duration duration) {
        return String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
    }

    /**
     * Under {@code mvn exec:java} this JVM's {@code java.class.path} is Maven's, and JMH hands that
     * one to its forks: give them the class path we were loaded from instead.
     */
    private static void forkWithOurClassPath() {
        ClassLoader loader = BenchmarkMain.class.getClassLoader();
        String ours = System.getProperty("java.class.path", "");
        if (!(loader instanceof URLClassLoader urls)
                || Pattern.compile("rewardpoints-examples").matcher(ours).find()) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (URL url : urls.getURLs()) {
            try {
                entries.add(new File(url.toURI()).getPath());
            } catch (Exception e) {
                throw new IllegalStateException("Unusable class path entry " + url, e);
            }
        }
        System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
    }


}
