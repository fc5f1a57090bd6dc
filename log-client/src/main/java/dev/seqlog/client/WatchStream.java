package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchSubscription;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One subscription to a watch: the SSE stream of {@code GET /v0/watch/:wid} (API §8.3) decoded into
 * {@link WatchEvent}s and delivered against demand ({@link StreamSubscription}).
 *
 * <p>Every frame that moves a cursor carries the composite cursor of all topics (§8.4); the last one read is the
 * stream's resume position, and the one of the last event delivered is what {@link #cursors()} reports. When the
 * connection is lost, or the server ends the stream as {@code shutting_down} or {@code slow_consumer}, the stream
 * reconnects after a delay with {@code Last-Event-ID} set to the resume position; if the session is gone (a
 * restarted server answers 404, or {@code session_gone}), it binds a new session from that position first. After
 * the configured number of failed attempts in a row, or a {@code superseded} or {@code internal} error, the
 * subscriber gets {@code onError}. It completes after the {@link WatchEvent.TopicDeleted} of its last topic.
 *
 * <p>Thread-safe: frames arrive on the HTTP client's threads, signals run on the delivery executor.
 */
final class WatchStream extends SseSubscription<WatchStream.Delivery, WatchEvent> implements WatchSubscription {
    /** An event and the cursors of all followed topics after it. */
    record Delivery(WatchEvent event, Map<String, Long> cursors) {
    }

    private final WatchRequest request;
    private final StreamOptions options;
    private final NavigableSet<String> following = new ConcurrentSkipListSet<>();
    private volatile String wid;
    /** Cursors as of the last frame read: where a reconnect resumes. */
    private volatile Map<String, Long> position;
    /** Cursors as of the last event delivered. */
    private volatile Map<String, Long> delivered;
    private volatile boolean sessionGone;
    private int failures;

    /**
     * @param wid the session to stream, or null to bind a new one from {@code starts} first
     * @param starts each followed topic's starting cursor
     */
    WatchStream(Transport transport, WatchRequest request, String wid, Map<String, Long> starts,
                Flow.Subscriber<? super WatchEvent> subscriber, Executor executor, StreamOptions options) {
        super(transport, subscriber, executor);
        this.request = request;
        this.options = options;
        this.wid = wid;
        this.following.addAll(starts.keySet());
        this.position = Collections.unmodifiableMap(new TreeMap<>(starts));
        this.delivered = position;
    }

    @Override
    public Map<String, Long> cursors() {
        return delivered;
    }

    @Override
    void begin() {
        transport.opened(this);
        if (following.isEmpty()) {
            complete(); // a lenient watch that found none of its topics
        } else if (wid == null) {
            rebind();
        } else {
            connect();
        }
    }

    /** Opens the stream of the current session, resuming at {@link #position}. */
    private void connect() {
        if (stopped()) {
            return;
        }
        SseBody b = newBody();
        HttpRequest req = transport.request(Paths.watch(wid)).header("Accept", "text/event-stream")
                .header("Last-Event-ID", CompositeCursor.encode(position)).GET().build();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = transport.send(req, info -> {
                if (info.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.ofByteArray();
                }
                connected();
                return b;
            });
        } catch (SeqlogException e) {
            fail(e);
            return;
        }
        sent.whenComplete((resp, err) -> ended(b, resp, err));
        drain(); // demand already there makes the new body read at once
        watch(b);
    }

    /**
     * Checks body {@code b} every quarter of the silence limit while it is the current one: a connection silent
     * that long while events are wanted died without closing (a lost peer, a dropped NAT entry), and is replaced
     * like any connection that failed.
     */
    private void watch(SseBody b) {
        long limit = options.silenceMs();
        transport.schedule(() -> {
            if (b != body() || stopped()) {
                return;
            }
            if (b.silentFor(TimeUnit.MILLISECONDS.toNanos(limit))) {
                b.abort(new java.io.IOException("no data from the watch stream for " + limit + " ms"));
            } else {
                watch(b);
            }
        }, Math.max(1, limit / 4));
    }

    private synchronized void connected() {
        failures = 0;
    }

    /** The exchange of body {@code b} is over: decide between reconnecting and failing. */
    private void ended(SseBody b, HttpResponse<byte[]> resp, Throwable err) {
        if (b != body() || b.cancelled() || stopped()) {
            return; // an older connection, one given up on, or the subscription is over
        }
        if (err != null) {
            retry(Errors.transport(err, "GET " + Paths.watch(wid)));
        } else if (resp.statusCode() != 200) {
            SeqlogException e = Errors.fromResponse(resp.statusCode(), resp.headers(), resp.body());
            if (e.code() == ErrorCode.NOT_FOUND) {
                sessionGone = true; // expired, or the server restarted: bind again from the last position
                retry(e);
            } else if (e.code() == ErrorCode.NOT_READY || e.code() == ErrorCode.SHUTTING_DOWN
                    || e.code() == ErrorCode.THROTTLED) {
                retry(e);
            } else {
                fail(e);
            }
        } else {
            retry(new SeqlogException(ErrorCode.INTERNAL, "the server ended the watch stream")
                    .with("reason", "stream_ended"));
        }
    }

    /** Schedules a reconnect, or fails once the attempts in a row are used up. */
    private void retry(SeqlogException cause) {
        synchronized (this) {
            if (failures >= options.reconnectAttempts()) {
                fail(cause);
                return;
            }
            failures++;
        }
        transport.schedule(() -> {
            if (!stopped()) {
                if (sessionGone) {
                    rebind();
                } else {
                    connect();
                }
            }
        }, options.reconnectDelayMs());
    }

    /**
     * Binds a new session at the resume position. Topics the server no longer has are reported as deleted: the
     * instance this subscription followed is gone.
     */
    private void rebind() {
        Map<String, Long> from = new TreeMap<>(position);
        from.keySet().retainAll(following);
        CompletableFuture<ClientWatch.Session> created;
        try {
            created = ClientWatch.createSession(transport, request, from, options);
        } catch (SeqlogException e) {
            fail(e);
            return;
        }
        created.whenComplete((s, err) -> {
            if (stopped()) {
                return;
            }
            if (err != null) {
                SeqlogException e = Errors.transport(err, "POST /v0/watch");
                if (e.code() == ErrorCode.INVALID_REQUEST || e.code() == ErrorCode.FORBIDDEN
                        || e.code() == ErrorCode.UNAUTHORIZED) {
                    fail(e);
                } else {
                    retry(e);
                }
                return;
            }
            Map<String, Long> now = new TreeMap<>(from);
            for (String t : from.keySet()) {
                if (!s.positions().containsKey(t)) {
                    following.remove(t);
                    now.remove(t);
                    emit(new Delivery(new WatchEvent.TopicDeleted(t, from.get(t)),
                            Collections.unmodifiableMap(new TreeMap<>(now))));
                }
            }
            position = Collections.unmodifiableMap(now);
            wid = s.wid();
            sessionGone = false;
            if (following.isEmpty()) {
                complete();
            } else {
                connect();
            }
            drain();
        });
    }

    @Override
    public void frame(SseParser.Frame f) {
        if (stopped()) {
            return;
        }
        try {
            if (f.event().equals("error")) {
                onErrorFrame(StreamFrames.error(f));
                return;
            }
            WatchEvent e = StreamFrames.watchEvent(f);
            Map<String, Long> cursors = CompositeCursor.decode(f.id());
            if (cursors != null) {
                position = cursors;
            }
            if (e == null) {
                return; // an event name this client does not know: its cursor still counts
            }
            emit(new Delivery(e, position));
            if (e instanceof WatchEvent.TopicDeleted d) {
                following.remove(d.topic());
                if (following.isEmpty()) {
                    complete();
                }
            }
        } catch (SeqlogException malformed) {
            fail(malformed);
        }
    }

    private void onErrorFrame(StreamFrames.StreamError e) {
        if (!e.terminal()) {
            return; // throttled: delivery is being paced, the stream stays open
        }
        switch (e.kind()) {
            case "shutting_down", "slow_consumer", "session_gone" -> {
                // the server closes the stream after these: give this connection up and resume on a new one
                sessionGone |= e.kind().equals("session_gone");
                body().cancel();
                retry(e.exception());
            }
            default -> fail(e.exception());
        }
    }

    @Override
    WatchEvent signal(Delivery d) {
        delivered = d.cursors();
        return d.event();
    }
}
