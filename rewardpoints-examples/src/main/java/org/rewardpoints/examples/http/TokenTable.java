package org.rewardpoints.examples.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.rewardpoints.Caller;

/**
 * <b>Example only:</b> fixed tokens from a properties file, one per line:
 * <pre>
 * manager-token  = employee acme rewardspoints.rewardpoints_view rewardspoints.rewardpoints_manage
 * customer-token = customer acme C-1001
 * </pre>
 * Real deployments verify tokens with their identity provider through their own
 * {@link Authenticator}; a static table has no expiry, no revocation and no secrecy.
 */
public final class TokenTable implements Authenticator {
    /** The table the server uses when none is given, on the class path. */
    public static final String DEFAULT_RESOURCE = "org/rewardpoints/examples/http/example-tokens.properties";

    private final Map<String, Caller> callers;

    private TokenTable(Map<String, Caller> callers) {
        this.callers = Map.copyOf(callers);
    }

    /** The example tokens shipped with the server ({@value #DEFAULT_RESOURCE}). */
    public static TokenTable exampleTokens() {
        return parse(exampleTokenFile(), DEFAULT_RESOURCE);
    }

    /** The example tokens' definitions, {@code <token> = <who>}, one a line, for printing. */
    static List<String> exampleTokenLines() {
        return exampleTokenFile().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.replaceAll("\\s+=\\s+", " = ")).toList();
    }

    private static String exampleTokenFile() {
        try (InputStream in = TokenTable.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing class path resource " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table read from a properties file in the format above. */
    public static TokenTable fromFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the token file " + file, e);
        }
    }

    static TokenTable parse(String properties, String source) {
        Properties table = new Properties();
        try (Reader reader = new java.io.StringReader(properties)) {
            table.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Caller> callers = new HashMap<>();
        for (String token : table.stringPropertyNames()) {
            callers.put(token, caller(table.getProperty(token), token, source));
        }
        return new TokenTable(callers);
    }

    private static Caller caller(String definition, String token, String source) {
        String[] words = definition.trim().split("\\s+");
        if (words.length >= 2 && words[0].equals("employee")) {
            return new Caller.Employee(words[1], Set.copyOf(Arrays.asList(words).subList(2, words.length)));
        }
        if (words.length == 3 && words[0].equals("customer")) {
            return Caller.customer(words[1], words[2]);
        }
        throw new IllegalArgumentException("Token '" + token + "' in " + source + ": expected 'employee <tenant> <scope>...'"
                + " or 'customer <tenant> <customerId>', got '" + definition + "'");
    }

    @Override
    public Optional<Caller> authenticate(String bearerToken) {
        return Optional.ofNullable(callers.get(bearerToken));
    }
}
