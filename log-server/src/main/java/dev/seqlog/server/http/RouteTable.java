package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one route table: exact path patterns of literal segments and {@code :name} parameters, each
 * with its endpoints by method. Unknown paths are 404 not_found; known paths with another method
 * are 405 with the allowed methods. Immutable after construction; thread-safe.
 */
final class RouteTable {
    /**
     * A matched route: the endpoint, the raw (still percent-encoded) parameter segments, and the route's
     * template (as added, e.g. {@code /v0/topics/:topic}).
     */
    record Match(Endpoint endpoint, List<String> params, String route) {
    }

    private record Pattern(String[] segments, Map<String, Endpoint> byMethod) {
    }

    private final List<Pattern> patterns = new ArrayList<>();

    /** Adds an endpoint; call only while building. */
    RouteTable add(String method, String path, Endpoint e) {
        String[] segs = path.substring(1).split("/", -1);
        for (Pattern p : patterns) {
            if (String.join("/", p.segments).equals(String.join("/", segs))) {
                p.byMethod.put(method, e);
                return this;
            }
        }
        Map<String, Endpoint> m = new LinkedHashMap<>();
        m.put(method, e);
        patterns.add(new Pattern(segs, m));
        return this;
    }

    /**
     * Finds the endpoint for a request.
     *
     * @param method the HTTP method
     * @param path the raw request path
     * @return the match
     * @throws SeqlogException not_found or method_not_allowed (with detail.allow)
     */
    Match match(String method, String path) {
        if (path.startsWith("/")) {
            String[] segs = path.substring(1).split("/", -1);
            for (Pattern p : patterns) {
                List<String> params = bind(p.segments, segs);
                if (params == null) {
                    continue;
                }
                Endpoint e = p.byMethod.get(method);
                if (e == null) {
                    throw new SeqlogException(ErrorCode.METHOD_NOT_ALLOWED,
                            "method " + method + " is not allowed on this path")
                            .with("allow", List.copyOf(p.byMethod.keySet()));
                }
                return new Match(e, params, "/" + String.join("/", p.segments));
            }
        }
        throw new SeqlogException(ErrorCode.NOT_FOUND, "no route matches this path");
    }

    private static List<String> bind(String[] pattern, String[] segs) {
        if (pattern.length != segs.length) {
            return null;
        }
        List<String> params = new ArrayList<>(1);
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].startsWith(":")) {
                if (segs[i].isEmpty()) {
                    return null;
                }
                params.add(segs[i]);
            } else if (!pattern[i].equals(segs[i])) {
                return null;
            }
        }
        return params;
    }
}
