package dev.seqlog.server.http;

import dev.seqlog.server.auth.ApiKey;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One INFO line per completed request to the {@code seqlog.access} logger (SEQLOG_ACCESS_LOG), space-separated:
 * <pre>
 * time remote method path route status bytes duration_ms key
 * 2026-01-05T09:30:00.123Z 10.0.0.7 GET /v0/topics/orders /v0/topics/:topic 200 181 0.412 2
 * </pre>
 * {@code time} is when the request completed (ISO-8601 UTC, milliseconds); {@code path} is the raw path without
 * the query string, which may carry an SSE {@code token}; {@code bytes} is the response body bytes, {@code -}
 * for an upgraded WebSocket connection; {@code key} is the key's position in SEQLOG_API_KEYS, {@code -} when no
 * key was identified. Client-supplied fields have bytes outside printable ASCII percent-encoded, so a line
 * stays one line of fields. Thread-safe.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("seqlog.access");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final InstantSource clock;

    AccessLog(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Logs one completed request.
     *
     * @param ex the completed exchange
     * @param route the route template, or the unmatched marker
     * @param key the identity the request authenticated as
     * @param nanos how long it took
     */
    void completed(HttpServerExchange ex, String route, ApiKey key, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder b = new StringBuilder(160);
        b.append(TIME.format(clock.instant())).append(' ');
        b.append(remote(ex)).append(' ');
        field(b, ex.getRequestMethod().toString()).append(' ');
        field(b, RawPath.of(ex)).append(' ');
        b.append(route).append(' ');
        b.append(ex.getStatusCode()).append(' ');
        // an upgraded connection's frames bypass the exchange's byte count
        b.append(ex.isUpgrade() ? "-" : Long.toString(ex.getResponseBytesSent())).append(' ');
        b.append(String.format(Locale.ROOT, "%.3f", nanos / 1e6)).append(' ');
        b.append(key.index() < 0 ? "-" : Integer.toString(key.index()));
        LOG.info(b.toString());
    }

    private static String remote(HttpServerExchange ex) {
        InetSocketAddress a = ex.getSourceAddress();
        return a == null || a.getAddress() == null ? "-" : a.getAddress().getHostAddress();
    }

    /**
     * Appends client input with spaces, controls and non-ASCII bytes as %XX, so it cannot split or forge a line;
     * a {@code %} is kept, as the raw path is percent-encoded already.
     */
    static StringBuilder field(StringBuilder b, String s) {
        if (s.isEmpty()) {
            return b.append('-');
        }
        for (byte c : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (c > 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b;
    }
}
