package dev.seqlog.server.config;

import java.util.Locale;
import java.util.Map;

/**
 * Strict readers over a SEQLOG_* variable map: empty means unset, anything unparseable is a
 * {@link ConfigException} naming the variable. Confined to the thread building the configuration.
 */
final class Env {
    private final Map<String, String> vars;

    Env(Map<String, String> vars) {
        this.vars = vars;
    }

    /** The trimmed value, or null when unset or empty. */
    String get(String name) {
        String v = vars.get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    String string(String name, String def) {
        String v = get(name);
        return v == null ? def : v;
    }

    boolean bool(String name, boolean def) throws ConfigException {
        String v = get(name);
        if (v == null) {
            return def;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1":
            case "true":
                return true;
            case "0":
            case "false":
                return false;
            default:
                throw new ConfigException(name + " must be 1, true, 0 or false (got \"" + v + "\")");
        }
    }

    /**
     * A switch written {@code on} or {@code off}; the boolean spellings ({@code 1}, {@code true}, {@code 0},
     * {@code false}) are accepted too, so it reads like every other boolean variable.
     */
    boolean onOff(String name, boolean def) throws ConfigException {
        String v = get(name);
        if (v == null) {
            return def;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on":
            case "1":
            case "true":
                return true;
            case "off":
            case "0":
            case "false":
                return false;
            default:
                throw new ConfigException(name + " must be on or off; 1, true, 0 and false also work (got \"" + v + "\")");
        }
    }

    /** A plain decimal integer in {@code [min, max]}. */
    long integer(String name, long def, long min, long max) throws ConfigException {
        String v = get(name);
        if (v == null) {
            return def;
        }
        long n = parseDecimal(name, v);
        if (n < min || n > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + " (got " + v + ")");
        }
        return n;
    }

    static long parseDecimal(String name, String v) throws ConfigException {
        if (v.isEmpty() || v.length() > 19) {
            throw new ConfigException(name + " must be a plain decimal integer (got \"" + v + "\")");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new ConfigException(name + " must be a plain decimal integer (got \"" + v + "\")");
            }
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " is out of range (got \"" + v + "\")");
        }
    }

    String oneOf(String name, String def, String... allowed) throws ConfigException {
        String v = get(name);
        if (v == null) {
            return def;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw new ConfigException(name + " must be one of " + String.join(", ", allowed) + " (got \"" + v + "\")");
    }
}
