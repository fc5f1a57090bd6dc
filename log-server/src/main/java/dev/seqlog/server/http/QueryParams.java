package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.json.U64;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query string decoded as application/x-www-form-urlencoded (API §1.14), with strict typed
 * getters: booleans are true/false/1/0, integers unsigned decimal; a parameter given twice uses its
 * first value unless read as repeatable. Immutable.
 */
final class QueryParams {
    private static final QueryParams EMPTY = new QueryParams(Map.of());

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParams parse(String query) {
        if (query == null || query.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return new QueryParams(m);
    }

    private static String decode(String s) {
        String d = PercentCodec.decode(s, true);
        if (d == null) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "malformed percent-escape or UTF-8 in the query string");
        }
        return d;
    }

    String string(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean bool(String name, boolean def) {
        String v = string(name);
        if (v == null) {
            return def;
        }
        switch (v) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw SeqlogException.invalid(name, name + " must be true, false, 1 or 0");
        }
    }

    /**
     * An unsigned decimal. Without clamping it is a u64: 2^63 to 2^64−1 read as {@code Long.MAX_VALUE}
     * ({@link U64}) and larger values are invalid_request; with clamping (a parameter documented as
     * clamped) any larger value reads as {@code Long.MAX_VALUE}.
     */
    long u64(String name, long def, boolean clamp) {
        String v = string(name);
        if (v == null) {
            return def;
        }
        if (v.isEmpty()) {
            throw SeqlogException.invalid(name, name + " must be an unsigned decimal integer");
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw SeqlogException.invalid(name, name + " must be an unsigned decimal integer");
            }
        }
        try {
            return U64.parse(v);
        } catch (NumberFormatException e) {
            if (clamp) {
                return Long.MAX_VALUE;
            }
            throw SeqlogException.invalid(name, name + " is out of range (at most 18446744073709551615)");
        }
    }
}
