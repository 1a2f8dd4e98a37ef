package org.rewardpoints.examples.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routing table: method and path template ({@code /reward-points/customer/{customerId}}) to
 * handler. Templates are matched segment by segment on the raw path; captured segments are
 * percent-decoded. The first matching route wins, so literal routes come before templated ones
 * that could shadow them.
 */
final class Router {

    /** Handles one matched request. */
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** What a request path found. */
    sealed interface Match permits Found, MethodNotAllowed, NotFound {
    }

    record Found(Handler handler, Map<String, String> pathParameters) implements Match {
    }

    record MethodNotAllowed(Set<String> allowed) implements Match {
    }

    record NotFound() implements Match {
    }

    private record Route(String method, String template, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template, split(template), handler));
        return this;
    }

    /** Every route as {@code METHOD /template}, in the order added. */
    List<String> routes() {
        return routes.stream().map(route -> route.method() + " " + route.template()).toList();
    }

    Match match(String method, String rawPath) {
        String[] path = split(rawPath);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = bind(route.segments(), path);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Found(route.handler(), parameters);
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static Map<String, String> bind(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String value = ApiRequest.decode(path[i]);
                if (value.isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), value);
            } else if (!segment.equals(path[i])) {
                return null;
            }
        }
        return parameters;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }
}
