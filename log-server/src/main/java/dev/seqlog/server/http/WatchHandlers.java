package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchStart;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.http.stream.CompositeCursor;
import dev.seqlog.server.http.stream.SseStream;
import dev.seqlog.server.http.stream.StreamOptions;
import dev.seqlog.server.http.stream.StreamSlots;
import dev.seqlog.server.http.stream.WatchSession;
import dev.seqlog.server.http.stream.WatchSessions;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.WatchReader;
import io.undertow.util.SameThreadExecutor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The watch endpoints (API §8): {@code POST /v0/watch} binds a watch and stores it as a session;
 * {@code GET /v0/watch/:wid} streams it as Server-Sent Events. Stateless.
 */
final class WatchHandlers {
    private WatchHandlers() {
    }

    /** {@code POST /v0/watch}. */
    static void create(Exchange x) throws Exception {
        Body b = x.body(false);
        BodyReader.WatchBody w = x.api.bodies.watch(b.bytes(), b.length(), x.api.config.maxWatchTopics());
        WatchReader f = w.fields();
        Map<String, WatchStart> topics = new LinkedHashMap<>(f.topics);
        if (w.cursor() != null) {
            Map<String, Long> cursor = CompositeCursor.decode(w.cursor());
            if (cursor == null) {
                throw SeqlogException.invalid("cursor", "cursor is not a composite cursor from a watch stream");
            }
            for (Map.Entry<String, Long> e : cursor.entrySet()) {
                Guard.name(x.key, e.getKey());
                if (topics.containsKey(e.getKey())) {
                    topics.put(e.getKey(), WatchStart.after(e.getValue()));
                }
            }
        }
        for (String t : topics.keySet()) {
            Guard.name(x.key, t);
        }
        WatchRequest req = new WatchRequest(topics, f.nodes, (int) f.limit, f.maxBatchBytes, f.includeData,
                f.includeMeta, f.includeTags, x.query().bool("lenient", false), w.strong());
        WatchPublisher watch = x.api.engine.watch(req);
        WatchSession s = x.api.streams.sessions().create(x.key, watch,
                new StreamOptions(w.heartbeatMs(), f.includeTags, f.includeMeta));
        x.json(200, g -> {
            g.writeStringField("wid", s.wid());
            g.writeStringField("stream_url", "/v0/watch/" + s.wid());
            g.writeNumberField("session_ttl_ms", x.api.streams.sessions().ttlMs());
            g.writeObjectFieldStart("topics");
            for (Map.Entry<String, WatchPosition> e : watch.positions().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("from_seq", e.getValue().fromSeq());
                g.writeNumberField("head_seq", e.getValue().headSeq());
                g.writeNumberField("earliest_seq", e.getValue().earliestSeq());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    /** {@code GET /v0/watch/:wid}, with the checks of API §8.3 in their order. */
    static void stream(Exchange x) {
        String wid = x.param(0);
        if (!WatchSessions.wellFormed(wid)) {
            throw SeqlogException.invalid("wid", "not a watch session id");
        }
        ApiKey key = x.api.streams.authenticate(x);
        WatchSession s = x.api.streams.sessions().get(wid);
        if (s == null) {
            throw new SeqlogException(ErrorCode.NOT_FOUND, "unknown or expired watch session; create a new one");
        }
        if (x.api.config.keys().enabled() && key != s.creator()) {
            throw new SeqlogException(ErrorCode.UNAUTHORIZED, "this stream needs the key that created its session");
        }
        StreamAccept.require(x.header("Accept"));
        StreamSlots.Slot slot = x.api.streams.slots().open(s.creator());
        Map<String, Long> start = s.startFor(CompositeCursor.decode(x.header("Last-Event-ID")));
        Streams.sseHeaders(x.ex);
        Runnable[] wake = new Runnable[1];
        SseStream stream = new SseStream(x.ex, s, x.api.streams.sessions(), start, slot,
                () -> x.api.state.unpark(wake[0]));
        wake[0] = () -> stream.terminate(503, "the server is stopping", "shutting_down");
        x.ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
            x.api.state.park(wake[0]);
            stream.begin();
        });
    }
}
