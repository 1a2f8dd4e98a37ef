package org.rewardpoints.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rewardpoints.examples.ExampleBackend;
import org.rewardpoints.testing.ReadmeSnippets;

/**
 * The README's endpoint list: every route of the server has a curl there, and the curls, run in
 * their order against a {@code --demo} server, all succeed.
 */
class ReadmeCurlsTest {
    private static final Path README = Path.of("../README.md");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyRoute_hasACurlInTheReadme() {
        List<Curl> curls = curls();
        List<String> routes;
        try (ExampleBackend backend = ExampleBackend.embeddedH2(Clock.systemUTC())) {
            routes = new ReferenceApi(backend.secured()).routes().routes();
        }
        assertThat(routes).hasSize(16);
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            Pattern path = Pattern.compile(route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "[^/?]+")
                    + "(\\?.*)?");
            assertThat(curls).as("a curl for %s", route)
                    .anyMatch(curl -> curl.method().equals(method) && path.matcher(curl.path()).matches());
        }
    }

    @Test
    void readmeCurls_succeedInTheirOrderAgainstADemoServer() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<RewardPointsServer> started = new AtomicReference<>();
        int status = RewardPointsServer.run(new String[] {"--port", "0", "--demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                started::set);
        assertThat(status).isZero();
        try {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("customer-token = customer acme C-1001", "admin-token = employee acme");
            Matcher option = Pattern.compile("option \"5 % off\" \\(50 points\\): id (\\S+)").matcher(printed);
            assertThat(option.find()).as("the demo prints the option's id:%n%s", printed).isTrue();
            URI base = started.get().baseUri();

            for (Curl curl : curls()) {
                HttpResponse<String> response = send(curl, base, option.group(1));
                assertThat(response.statusCode()).as("%s answered %s", curl, response.body()).isBetween(200, 299);
            }
        } finally {
            started.get().stop(Duration.ZERO);
        }
    }

    @Test
    void demo_seedsTheCustomersHistoryOnce() {
        try (ExampleBackend backend = ExampleBackend.embeddedH2(Clock.systemUTC(), java.util.function.UnaryOperator.identity(),
                RewardPointsServer::referenceBehaviour)) {
            DemoData.Seeded first = DemoData.seed(backend.ledger());
            DemoData.Seeded again = DemoData.seed(backend.ledger());

            assertThat(again).isEqualTo(first);
            assertThat(backend.ledger().listOptions(DemoData.TENANT)).hasSize(2);
            assertThat(backend.ledger().balance(DemoData.TENANT, DemoData.CUSTOMER)).isEqualTo(DemoData.CUSTOMER_BALANCE);
            assertThat(backend.ledger().summary(DemoData.TENANT, DemoData.CUSTOMER).redeemedPointsList()).hasSize(2);
            assertThat(backend.ledger().balance(DemoData.TENANT, DemoData.OTHER_CUSTOMER)).isEqualTo(80);
        }
    }

    private HttpResponse<String> send(Curl curl, URI base, String optionId) throws IOException, InterruptedException {
        String path = curl.path().replace("OPTION_ID", optionId);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.substring(1))).timeout(Duration.ofSeconds(30));
        curl.headers().forEach(request::header);
        HttpRequest.BodyPublisher body = curl.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(curl.body().replace("OPTION_ID", optionId));
        request.method(curl.method(), body);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One curl of the README: method, path after {@code localhost:8080}, headers, body. */
    record Curl(String method, String path, Map<String, String> headers, String body) {
    }

    private static List<Curl> curls() {
        List<Curl> curls = new ArrayList<>();
        for (String block : ReadmeSnippets.blocks(README, "sh")) {
            for (String line : block.lines().filter(line -> line.startsWith("curl ")).toList()) {
                curls.add(parse(line));
            }
        }
        assertThat(curls).as("curls in the README").isNotEmpty();
        return curls;
    }

    private static Curl parse(String line) {
        List<String> words = words(line);
        String method = null;
        String body = null;
        String url = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            switch (words.get(i)) {
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    headers.put(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1).strip());
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    assertThat(url).as("one URL in %s", line).isNull();
                    url = words.get(i);
                }
            }
        }
        assertThat(url).as("URL of %s", line).startsWith("localhost:8080/");
        return new Curl(method != null ? method : body != null ? "POST" : "GET", url.substring("localhost:8080".length()),
                headers, body);
    }

    /** Splits a shell line into words; single quotes group. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        assertThat(quoted).as("quotes closed in %s", line).isFalse();
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
