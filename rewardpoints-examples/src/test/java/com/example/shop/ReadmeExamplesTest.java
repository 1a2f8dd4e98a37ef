package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rewardpoints.LedgerEvent;
import org.rewardpoints.OrderCompletion;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.SettingsPatch;
import org.rewardpoints.SiteNotFoundException;
import org.rewardpoints.SiteSettings;
import org.rewardpoints.jdbc.JdbcCouponIssuer;
import org.rewardpoints.jdbc.JdbcLedgerStore;
import org.rewardpoints.jdbc.JdbcRedemptionOptionStore;
import org.rewardpoints.jdbc.JdbcSettingsStore;
import org.rewardpoints.jdbc.SchemaMode;
import org.rewardpoints.memory.InMemoryLedgerStore;
import org.rewardpoints.memory.InMemorySettingsStore;
import org.rewardpoints.testing.ReadmeSnippets;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The README's Java is whole classes a newcomer can paste: each is a file of this package (or an
 * example), held verbatim by the README, and run here. Every Java block of the READMEs is one of
 * them or a marked snippet of a test; the dependency versions are the build's.
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path HERE = Path.of("src/test/java/com/example/shop");
    private static final List<Path> WHOLE_FILES = List.of(
            HERE.resolve("QuickStart.java"),
            HERE.resolve("DatabaseQuickStart.java"),
            Path.of("src/main/java/org/rewardpoints/examples/PeriodicWork.java"),
            HERE.resolve("RewardPointsConfiguration.java"),
            HERE.resolve("RewardPointsProducer.java"),
            HERE.resolve("OrderEvents.java"),
            HERE.resolve("CheckoutInOneTransaction.java"),
            HERE.resolve("RewardPointsMetrics.java"));
    private static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readme_holdsEveryWholeClassVerbatim() {
        List<String> blocks = ReadmeSnippets.blocks(README, "java");
        for (Path file : WHOLE_FILES) {
            assertThat(blocks).as("a Java block of the README is %s, verbatim", file).contains(ReadmeSnippets.read(file));
        }
    }

    @Test
    void everyJavaBlockOfTheReadmes_isAWholeClassOrAMarkedSnippetOfATest() throws IOException {
        List<String> known = new ArrayList<>();
        WHOLE_FILES.forEach(file -> known.add(ReadmeSnippets.read(file)));
        try (Stream<Path> sources = Files.walk(ROOT)) {
            sources.filter(ReadmeExamplesTest::isModuleTestSource)
                    .forEach(source -> known.addAll(ReadmeSnippets.snippets(source).values()));
        }
        for (Path readme : List.of(README, ROOT.resolve("rewardpoints-jdbc/README.md"))) {
            for (String block : ReadmeSnippets.blocks(readme, "java")) {
                assertThat(known).as("the Java block of %s is compiled and run by a test:%n%s", readme, block)
                        .contains(block);
            }
        }
    }

    @Test
    void readmeDependencies_haveTheBuildsVersions() {
        String pom = ReadmeSnippets.read(ROOT.resolve("pom.xml"));
        String projectVersion = first(pom, "<artifactId>rewardpoints-parent</artifactId>\\s*<version>([^<]+)</version>");
        List<String> xml = ReadmeSnippets.blocks(README, "xml");
        assertThat(xml).isNotEmpty();
        Matcher dependency = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(String.join("", xml));
        int checked = 0;
        while (dependency.find()) {
            String artifact = dependency.group(1);
            String expected = artifact.startsWith("rewardpoints-") ? projectVersion
                    : first(pom, "<" + Pattern.quote(artifact.toLowerCase(Locale.ROOT)) + "\\.version>([^<]+)<");
            assertThat(dependency.group(2)).as("version of %s in the README", artifact).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).as("dependencies checked").isGreaterThanOrEqualTo(4);
    }

    @Test
    void quickStart_printsTheCouponAndTheBalance() {
        String out = printed(() -> QuickStart.main(new String[0]));

        assertThat(out).matches("coupon ACME-\\S+, balance 60\\R");
    }

    @Test
    void databaseQuickStart_onH2_creditsTheOrderOnceAndCanRunAgain() {
        assertThat(printed(() -> DatabaseQuickStart.main(new String[0]))).isEqualTo("CREDITED, balance 120" + System.lineSeparator());
        assertThat(printed(() -> DatabaseQuickStart.main(new String[0])))
                .isEqualTo("ALREADY_CREDITED, balance 120" + System.lineSeparator());
    }

    @Test
    void databaseQuickStart_onPostgres_createsTheSchemaAndCreditsTheOrder() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE shop");
        }
        String[] args = {postgres.getJdbcUrl("postgres", "shop"), "postgres", ""};

        assertThat(printed(() -> DatabaseQuickStart.main(args))).isEqualTo("CREDITED, balance 120" + System.lineSeparator());
        assertThat(printed(() -> DatabaseQuickStart.main(args)))
                .isEqualTo("ALREADY_CREDITED, balance 120" + System.lineSeparator());
    }

    @Test
    void orderEvents_creditOnCompletionTakeBackOnReturnAndIgnoreRedeliveries() {
        RewardPoints points = inMemory();
        OrderEvents events = new OrderEvents(points);
        OrderEvents.OrderEvent completed = new OrderEvents.OrderEvent("order.completed", "acme", "main", "c-1", "o-1",
                "200.00", "EUR", null, null);
        OrderEvents.OrderEvent returned = new OrderEvents.OrderEvent("order.returned", "acme", "main", "c-1", "o-1",
                null, "EUR", "return-1", "50.00");

        events.on(completed);
        events.on(completed);
        assertThat(points.balance("acme", "c-1")).isEqualTo(200);
        events.on(returned);
        events.on(returned);
        assertThat(points.balance("acme", "c-1")).isEqualTo(150);
        events.on(new OrderEvents.OrderEvent("order.shipped", "acme", "main", "c-1", "o-1", null, null, null, null));
        events.on(new OrderEvents.OrderEvent("order.cancelled", "acme", "main", "c-1", "o-1", null, null, null, null));
        assertThat(points.balance("acme", "c-1")).isZero();
    }

    @Test
    void checkoutInOneTransaction_commitsTheOrderAndItsPointsTogether_orNeither() throws SQLException {
        try (HikariDataSource dataSource = h2()) {
            execute(dataSource, "CREATE TABLE shop_orders (id VARCHAR(64) PRIMARY KEY, status VARCHAR(16))");
            execute(dataSource, "INSERT INTO shop_orders VALUES ('o-1', 'OPEN'), ('o-2', 'OPEN')");
            JdbcLedgerStore store = JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
            InMemorySettingsStore settings = new InMemorySettingsStore()
                    .put("acme", "main", SiteSettings.of(BigDecimal.ONE, 24, "ACME", "EUR"));
            RewardPoints outside = RewardPoints.builder().store(store).settings(settings).build();

            new CheckoutInOneTransaction(dataSource, store, settings).complete("acme", "c-1", "o-1", "40");
            assertThat(status(dataSource, "o-1")).isEqualTo("COMPLETED");
            assertThat(outside.balance("acme", "c-1")).isEqualTo(40);

            settings.remove("acme", "main");
            assertThatThrownBy(() -> new CheckoutInOneTransaction(dataSource, store, settings)
                    .complete("acme", "c-1", "o-2", "60")).isInstanceOf(SiteNotFoundException.class);
            assertThat(status(dataSource, "o-2")).as("the shop's update rolled back with the credit").isEqualTo("OPEN");
            assertThat(outside.balance("acme", "c-1")).isEqualTo(40);
        }
    }

    @Test
    void springConfiguration_providesTheLibraryAndRunsItsPeriodicWork() {
        try (HikariDataSource dataSource = h2WithSchema();
             AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext()) {
            spring.registerBean(javax.sql.DataSource.class, () -> dataSource);
            // as Boot's scheduler with spring.task.scheduling.shutdown.await-termination=true: Spring's own
            // default interrupts a running task at shutdown, and the pool refuses an interrupted thread a connection
            spring.registerBean(ThreadPoolTaskScheduler.class, () -> {
                ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
                scheduler.setWaitForTasksToCompleteOnShutdown(true);
                scheduler.setAwaitTerminationSeconds(30);
                return scheduler;
            });
            spring.register(RewardPointsConfiguration.class);
            spring.refresh();
            RewardPoints points = spring.getBean(RewardPoints.class);

            creditOneOrder(points);

            eventually("the scheduled relay delivered the order's event", () -> points.health(Duration.ofMinutes(5))
                    .undeliveredEvents() == 0);
        }
    }

    @Test
    void cdiProducer_providesTheLibraryAndRunsItsPeriodicWorkUntilShutdown() {
        try (HikariDataSource dataSource = h2WithSchema()) {
            RewardPointsProducer producer = new RewardPointsProducer();
            producer.dataSource = dataSource; // what the container injects
            RewardPoints points = producer.rewardPoints();
            producer.start(null, points);

            creditOneOrder(points);

            eventually("the relay delivered the order's event", () -> points.health(Duration.ofMinutes(5))
                    .undeliveredEvents() == 0);
            producer.stop(null);
        }
    }

    @Test
    void metrics_countDeliveredEvents_andAlertsNameParkedEvents() {
        RewardPointsMetrics metrics = new RewardPointsMetrics();
        RewardPoints points = RewardPoints.builder().store(new InMemoryLedgerStore()).settings(settings())
                .listener(metrics).build();
        points.orderCompleted(OrderCompletion.of("acme", "main", "c-1", "o-1", "70", "EUR"));
        points.orderCompleted(OrderCompletion.of("acme", "main", "c-2", "o-2", "30", "EUR"));
        points.events().deliver();

        assertThat(metrics.events(LedgerEvent.Type.CREDITED)).isEqualTo(2);
        assertThat(metrics.points(LedgerEvent.Type.CREDITED)).isEqualTo(100);
        assertThat(RewardPointsMetrics.alerts(points)).isEmpty();

        RewardPoints failing = RewardPoints.builder().store(new InMemoryLedgerStore()).settings(settings())
                .listener(event -> {
                    throw new IllegalStateException("listener down");
                }).eventMaxAttempts(1).build();
        failing.orderCompleted(OrderCompletion.of("acme", "main", "c-1", "o-1", "70", "EUR"));
        failing.events().deliver();
        assertThat(RewardPointsMetrics.alerts(failing)).startsWith("1 events parked after failed deliveries");
    }

    private static void creditOneOrder(RewardPoints points) {
        points.updateSettings("acme", "main", SettingsPatch.of(SiteSettings.of(BigDecimal.ONE, 24, "ACME", "EUR")));
        points.orderCompleted(OrderCompletion.of("acme", "main", "c-1", "o-1", "25", "EUR"));
        assertThat(points.balance("acme", "c-1")).isEqualTo(25);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static RewardPoints inMemory() {
        return RewardPoints.builder().store(new InMemoryLedgerStore()).settings(settings()).build();
    }

    private static InMemorySettingsStore settings() {
        return new InMemorySettingsStore().put("acme", "main", SiteSettings.of(BigDecimal.ONE, 24, "ACME", "EUR"));
    }

    private static HikariDataSource h2() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:readme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new HikariDataSource(config);
    }

    /** The schema as migrations would apply it: the wiring snippets validate it. */
    private static HikariDataSource h2WithSchema() {
        HikariDataSource dataSource = h2();
        JdbcLedgerStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        JdbcSettingsStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        JdbcCouponIssuer.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        JdbcRedemptionOptionStore.builder(dataSource).schemaMode(SchemaMode.CREATE).build();
        return dataSource;
    }

    private static void execute(HikariDataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String status(HikariDataSource dataSource, String orderId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT status FROM shop_orders WHERE id = '" + orderId + "'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    private static String printed(Runnable main) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isModuleTestSource(Path path) {
        // ../<module>/src/test/java/...: never generated sources under target
        return path.toString().endsWith(".java") && path.getNameCount() > 4
                && path.getName(2).toString().equals("src") && path.getName(3).toString().equals("test");
    }

    private static String first(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in the parent pom", regex).isTrue();
        return matcher.group(1);
    }
}
