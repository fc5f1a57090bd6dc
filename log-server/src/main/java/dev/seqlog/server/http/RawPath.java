package dev.seqlog.server.http;

import io.undertow.server.HttpServerExchange;

/**
 * The path of a request exactly as sent: the request target up to {@code ?}, still percent-encoded and
 * with every {@code ;} kept. Undertow moves {@code ;name=value} path parameters out of
 * {@link HttpServerExchange#getRequestPath()}, so matching routes on that path would let
 * {@code /v0/topics/name;x} address {@code name}; seqlog has no path parameters, and a {@code ;} is just
 * a byte of the segment (API §1.1, §1.7). Stateless.
 */
final class RawPath {
    private RawPath() {
    }

    /**
     * The raw path of a request. An absolute-form target ({@code http://host/path}) gives its path.
     *
     * @param ex the exchange
     * @return the path, starting with {@code /} unless the target was malformed
     */
    static String of(HttpServerExchange ex) {
        String uri = ex.getRequestURI(); // the target without its query, never decoded (DECODE_URL=false)
        if (ex.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("://");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }
}
