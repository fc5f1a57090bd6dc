package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.server.http.stream.StreamSlots;
import dev.seqlog.server.http.stream.WatchSessions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.time.InstantSource;

/**
 * What the long-lived streams of one server share: the watch sessions, the connection caps, and stream
 * authentication, which also takes the key from the {@code token} query parameter (API §8.1) because a
 * browser's {@code EventSource} and {@code WebSocket} cannot send headers. Thread-safe.
 */
final class Streams {
    private static final HttpString ACCEL_BUFFERING = new HttpString("X-Accel-Buffering");

    private final ServerConfig config;
    private final WatchSessions sessions;
    private final StreamSlots slots;

    Streams(ServerConfig config, InstantSource clock) {
        this.config = config;
        this.sessions = new WatchSessions(clock, config.maxWatchSessions(), WatchSessions.SESSION_TTL_MS);
        this.slots = new StreamSlots(config.maxSseConnections(),
                config.keys().enabled() ? config.maxSseConnectionsPerKey() : 0);
    }

    WatchSessions sessions() {
        return sessions;
    }

    StreamSlots slots() {
        return slots;
    }

    /**
     * The key of a stream request: the {@code Authorization} header, else the first {@code token} query value.
     *
     * @return the key, or {@link ApiKey#DEV_MODE} when auth is off
     * @throws SeqlogException unauthorized when auth is on and no valid key was presented
     */
    ApiKey authenticate(Exchange x) {
        if (!config.keys().enabled()) {
            return ApiKey.DEV_MODE;
        }
        String header = x.ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        ApiKey k = header != null ? config.keys().authenticate(header) : tokenKey(x.query().string("token"));
        if (k == null) {
            throw new SeqlogException(ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
        }
        x.key = k; // the access log names the key a stream identified
        return k;
    }

    /** Sets the status and headers of an SSE response (API §8.3); they are sent with the first frame. */
    static void sseHeaders(HttpServerExchange ex) {
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(Headers.CONNECTION, "keep-alive");
        ex.getResponseHeaders().put(ACCEL_BUFFERING, "no");
    }

    private ApiKey tokenKey(String token) {
        return token == null ? null : config.keys().authenticate("Bearer " + token);
    }
}
