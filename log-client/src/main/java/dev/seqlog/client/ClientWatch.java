package dev.seqlog.client;

import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPosition;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A watch bound by {@code POST /v0/watch} (API §8.2): the server's session holds the bound topic instances, and
 * each subscription streams {@code GET /v0/watch/:wid} ({@link WatchStream}).
 *
 * <p>A session carries at most one stream at a time (API §8.3), and its stream can only rewind below the
 * session's cursors, never start above them (§8.4). So the first subscription whose starts are at or below the
 * bound positions uses the bound session; any other subscription (a second one, or one from
 * {@link #startingAt} cursors above the bound positions) binds a new session from its starts first. That new
 * session follows the topics' instances at that moment: a topic deleted since the watch was bound is reported as
 * {@link WatchEvent.TopicDeleted}, but one deleted and created again under the same name is followed as the new
 * instance.
 *
 * <p>Immutable; thread-safe.
 */
final class ClientWatch implements WatchPublisher {
    /** A session made by {@code POST /v0/watch}, shared by the publishers {@link #startingAt} derives. */
    record Session(String wid, Map<String, WatchPosition> positions, AtomicBoolean attached) {
    }

    private final Transport transport;
    private final WatchRequest request;
    private final Session session;
    private final Map<String, Long> starts;
    private final StreamOptions options;

    private ClientWatch(Transport transport, WatchRequest request, Session session, Map<String, Long> starts,
                        StreamOptions options) {
        this.transport = transport;
        this.request = request;
        this.session = session;
        this.starts = Collections.unmodifiableMap(new TreeMap<>(starts));
        this.options = options;
    }

    /**
     * Binds a watch: creates its session and learns the resolved starts.
     *
     * @param transport the transport
     * @param request what to watch
     * @param options reconnect settings
     * @return the publisher
     */
    static ClientWatch bind(Transport transport, WatchRequest request, StreamOptions options) {
        Session s = Calls.join(createSession(transport, request, null, options));
        Map<String, Long> starts = new TreeMap<>();
        s.positions().forEach((t, p) -> starts.put(t, p.fromSeq()));
        return new ClientWatch(transport, request, s, starts, options);
    }

    /**
     * {@code POST /v0/watch?lenient=…}.
     *
     * @param from each topic's cursor, or null for the request's own starts (then the request's leniency
     *             applies; a rebind is always lenient, so a topic gone since shows as missing)
     * @param options the stream settings, for the heartbeat interval
     * @return the new session
     */
    static java.util.concurrent.CompletableFuture<Session> createSession(Transport transport, WatchRequest request,
                                                                          Map<String, Long> from,
                                                                          StreamOptions options) {
        boolean lenient = from != null || request.lenient();
        return transport.call("POST", new Paths.Query().add("lenient", lenient).on("/v0/watch"),
                Requests.watch(request, from, options.heartbeatMs())).thenApply(r -> Responses.read(r.body(), "watch session",
                        ClientWatch::session));
    }

    private static Session session(JsonIn in) throws IOException {
        String wid = null;
        Map<String, WatchPosition> positions = new TreeMap<>();
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "wid" -> wid = in.str();
                case "topics" -> {
                    in.expectObject();
                    String topic;
                    while ((topic = in.field()) != null) {
                        positions.put(topic, position(in));
                    }
                }
                default -> in.skip();
            }
        }
        if (wid == null) {
            throw new IOException("the answer has no wid");
        }
        return new Session(wid, Collections.unmodifiableMap(positions), new AtomicBoolean());
    }

    private static WatchPosition position(JsonIn in) throws IOException {
        in.expectObject();
        long from = 0;
        long head = 0;
        long earliest = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "from_seq" -> from = in.num();
                case "head_seq" -> head = in.num();
                case "earliest_seq" -> earliest = in.num();
                default -> in.skip();
            }
        }
        return new WatchPosition(from, head, earliest);
    }

    @Override
    public Map<String, WatchPosition> positions() {
        return session.positions();
    }

    @Override
    public WatchPublisher startingAt(Map<String, Long> cursors) {
        Map<String, Long> s = new TreeMap<>(starts);
        cursors.forEach((t, c) -> s.computeIfPresent(t, (k, old) -> c));
        return new ClientWatch(transport, request, session, s, options);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber) {
        subscribe(subscriber, transport.executor());
    }

    @Override
    public void subscribe(Flow.Subscriber<? super WatchEvent> subscriber, Executor executor) {
        boolean rewindOnly = true;
        for (Map.Entry<String, Long> e : starts.entrySet()) {
            rewindOnly &= e.getValue() <= session.positions().get(e.getKey()).fromSeq();
        }
        String wid = rewindOnly && session.attached().compareAndSet(false, true) ? session.wid() : null;
        new WatchStream(transport, request, wid, starts, subscriber, executor, options).start();
    }
}
