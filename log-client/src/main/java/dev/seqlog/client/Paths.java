package dev.seqlog.client;

import java.nio.charset.StandardCharsets;

/**
 * Paths and query strings of the /v0 routes. Names are percent-encoded byte by byte outside the unreserved set,
 * so a router name's {@code >} travels as {@code %3E} (API §1.7). Stateless.
 */
final class Paths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Paths() {
    }

    /** @return {@code /v0/topics/<topic>} */
    static String topic(String topic) {
        return "/v0/topics/" + encode(topic);
    }

    /** @return {@code /v0/topics/<topic>/<action>} */
    static String topic(String topic, String action) {
        return topic(topic) + "/" + action;
    }

    /** @return {@code /v0/routers/<router>} */
    static String router(String router) {
        return "/v0/routers/" + encode(router);
    }

    /** @return {@code /v0/watch/<wid>} */
    static String watch(String wid) {
        return "/v0/watch/" + encode(wid);
    }

    /**
     * Percent-encodes every byte outside {@code A-Z a-z 0-9 - . _ ~} (valid in a path segment and in a query
     * value alike).
     *
     * @param s the text
     * @return the encoded text
     */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return b.toString();
    }

    /** A query string under construction; parameters with a null value are left out. Confined to one thread. */
    static final class Query {
        private final StringBuilder b = new StringBuilder();

        /**
         * @param name the parameter
         * @param value its value, or null to leave it out
         * @return this query
         */
        Query add(String name, Object value) {
            if (value != null) {
                b.append(b.length() == 0 ? '?' : '&').append(name).append('=').append(encode(String.valueOf(value)));
            }
            return this;
        }

        /**
         * @param path the path
         * @return the path with this query
         */
        String on(String path) {
            return path + b;
        }
    }
}
