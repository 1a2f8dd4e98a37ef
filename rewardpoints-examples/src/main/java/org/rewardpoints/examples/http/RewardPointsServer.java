package org.rewardpoints.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.rewardpoints.Caller;
import org.rewardpoints.RewardPoints;
import org.rewardpoints.examples.ExampleBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference API (Emporix Reward Points Service) over HTTP, on the JDK's
 * {@code com.sun.net.httpserver} and Jackson, no framework: the same paths, methods, status codes
 * and JSON shapes, plus a site's reward points settings at
 * {@code GET /site/{tenant}/sites/{siteCode}/mixins} and
 * {@code PATCH /site/{tenant}/sites/{siteCode}/mixins/couponSettings}.
 *
 * <p>Bearer tokens resolve through an {@link Authenticator}; every access decision is the
 * library's ({@link org.rewardpoints.SecuredRewardPoints}). One routing table
 * ({@link ReferenceApi#routes()}) and one error mapper ({@link ErrorMapper}).
 *
 * <p>Run it with {@code mvn -q -pl rewardpoints-examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.rewardpoints.examples.http.RewardPointsServer -Dexec.args="--port 8080"}.
 */
public final class RewardPointsServer implements AutoCloseable {
    /** How long {@link #close()} lets requests in flight finish. */
    public static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(1);
    /** Threads serving requests. */
    public static final int DEFAULT_THREADS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(RewardPointsServer.class);
    private static final String JSON = "application/json";

    static {
        // the JDK server writes headers and body separately; with Nagle's algorithm on, each small
        // response waits for the client's delayed ACK (about 40 ms). Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ExampleBackend backend;
    private final Authenticator authenticator;
    private final Router router;
    private final Clock clock;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AtomicInteger stopped = new AtomicInteger();

    private RewardPointsServer(ExampleBackend backend, Authenticator authenticator, int port) throws IOException {
        this.backend = backend;
        this.authenticator = authenticator;
        this.router = new ReferenceApi(backend.secured()).routes();
        this.clock = backend.ledger().clock();
        this.http = HttpServer.create(new InetSocketAddress(port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(DEFAULT_THREADS,
                task -> new Thread(task, "rewardpoints-http-" + threadNumber.incrementAndGet()));
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Starts serving {@code backend} on {@code port} (0: a free port). The server owns the backend
     * from now on and closes it in {@link #close()}.
     */
    public static RewardPointsServer start(ExampleBackend backend, Authenticator authenticator, int port) {
        try {
            return new RewardPointsServer(backend, authenticator, port);
        } catch (IOException e) {
            backend.close();
            throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err,
                server -> Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rewardpoints-http-shutdown")));
        if (status != 0) {
            System.exit(status);
        }
        // otherwise the server's threads keep the JVM alive until it is stopped (Ctrl-C runs the shutdown hook)
    }

    /**
     * Starts the server from command line arguments and hands it to {@code started} (main registers
     * a shutdown hook that stops it); returns 0 when it runs or usage was asked for, 2 on bad arguments.
     */
    static int run(String[] args, PrintStream out, PrintStream err, Consumer<RewardPointsServer> started) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(ServerOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(ServerOptions.USAGE);
            return 0;
        }
        Authenticator tokens = options.tokens() == null ? TokenTable.exampleTokens() : TokenTable.fromFile(options.tokens());
        ExampleBackend backend = backend(options);
        DemoData.Seeded demo;
        try {
            demo = options.demo() ? DemoData.seed(backend.ledger()) : null;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        RewardPointsServer server = start(backend, tokens, options.port());
        started.accept(server);
        out.println("Reward points server on " + server.baseUri() + ", ledger on " + server.backend.description());
        if (options.tokens() == null) {
            out.println("Example tokens (example only, from " + TokenTable.DEFAULT_RESOURCE + "):");
            TokenTable.exampleTokenLines().forEach(line -> out.println("  " + line));
        } else {
            out.println("Tokens from " + options.tokens());
        }
        if (demo == null) {
            out.println("The ledger is empty: add --demo for a configured site, options and customers with history.");
            out.println("Try: curl -H 'Authorization: Bearer viewer-token' " + server.baseUri() + "reward-points/summaryBatch");
        } else {
            DemoData.describe(demo).forEach(out::println);
            out.println("Try: curl -H 'Authorization: Bearer customer-token' " + server.baseUri()
                    + "reward-points/public/customer/summary");
        }
        return 0;
    }

    private static ExampleBackend backend(ServerOptions options) {
        UnaryOperator<RewardPoints.Builder> ledger = options.ledger()::applyTo;
        return options.jdbcUrl() == null ? ExampleBackend.embeddedH2(Clock.systemUTC(), UnaryOperator.identity(), ledger)
                : ExampleBackend.database(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(), Clock.systemUTC(),
                ledger);
    }

    /**
     * What the server does where the reference product has a fixed way and the library a
     * configurable one (the default of {@code --expiry-alignment}, {@code --order-lot-description}
     * and {@code --default-currency}): lots valid until the start of the day in the site's zone,
     * order lots described {@code "Bonuspunkte für Bestellung {orderId}"}, sites configured from the
     * reference mixin alone in EUR. Pass it to {@link ExampleBackend} to serve as {@code main} does.
     */
    public static RewardPoints.Builder referenceBehaviour(RewardPoints.Builder builder) {
        return ServerOptions.ReferenceBehaviour.REFERENCE.applyTo(builder);
    }

    /** The port listened on, also when 0 was asked for. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://localhost:<port>/}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** {@link #stop(Duration)} with {@link #SHUTDOWN_DELAY}. */
    @Override
    public void close() {
        stop(SHUTDOWN_DELAY);
    }

    /**
     * Stops accepting requests, lets those in flight finish for up to {@code delay} (whole
     * seconds), then closes the backend (its database pool). Safe to call more than once.
     */
    public void stop(Duration delay) {
        if (stopped.getAndIncrement() > 0) {
            return;
        }
        http.stop((int) delay.toSeconds());
        executor.shutdown();
        try {
            if (!executor.awaitTermination(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        backend.close();
        LOG.info("Reward points server stopped");
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        try (exchange) {
            ApiResponse response;
            try {
                response = dispatch(exchange, method, path);
            } catch (Exception e) {
                boolean idempotencyKeySent = exchange.getRequestHeaders().getFirst("Idempotency-Key") != null;
                response = ErrorMapper.toResponse(e, method, path, idempotencyKeySent, clock);
            }
            send(exchange, response, method, path);
        } catch (IOException e) {
            LOG.debug("Could not answer {} {}; the client went away", method, path, e);
        }
    }

    private ApiResponse dispatch(HttpExchange exchange, String method, String path) throws Exception {
        Router.Match match = router.match(method, path);
        if (match instanceof Router.NotFound) {
            return ErrorMapper.notFound("No resource at " + path);
        }
        if (match instanceof Router.MethodNotAllowed notAllowed) {
            return ErrorMapper.methodNotAllowed(method, notAllowed.allowed());
        }
        Router.Found found = (Router.Found) match;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return ErrorMapper.unauthorized("Missing access token");
        }
        Optional<Caller> caller = bearerToken(authorization).flatMap(authenticator::authenticate);
        if (caller.isEmpty()) {
            return ErrorMapper.unauthorized("Invalid access token");
        }
        return found.handler().handle(new ApiRequest(exchange, caller.get(), found.pathParameters()));
    }

    private static Optional<String> bearerToken(String authorization) {
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals("bearer") && !parts[1].isBlank()) {
            return Optional.of(parts[1]);
        }
        return Optional.empty();
    }

    private static void send(HttpExchange exchange, ApiResponse response, String method, String path) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (response.stream() != null) {
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.sendResponseHeaders(response.status(), 0); // chunked: the length is not known yet
            try (Writer out = new OutputStreamWriter(exchange.getResponseBody(), StandardCharsets.UTF_8)) {
                response.stream().writeTo(out);
            } catch (RuntimeException e) {
                // the status is sent already: all that is left is to cut the body short
                LOG.error("Streaming the response of {} {} failed", method, path, e);
            }
            return;
        }
        if (response.json() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
