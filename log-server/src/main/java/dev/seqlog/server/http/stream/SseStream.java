package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchSubscription;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.EventJson;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * One SSE watch stream (API §8.3–§8.6): subscribes to its session's watch and writes each event as a frame
 * whose {@code id} is the composite cursor after it, over an {@link SseChannel}. At most {@link #WINDOW} events
 * are between the engine and the socket: more are asked for only as frames are written, so a client that
 * stops reading makes its cursors lag instead of growing a buffer. A client cut off as a slow consumer keeps
 * its session.
 *
 * <p>Thread-safe: events arrive on the engine's delivery threads (the connection's I/O thread, paced) and are
 * queued on the channel, which writes them on the I/O thread.
 */
public final class SseStream implements Flow.Subscriber<WatchEvent>, WatchSession.Stream, SseChannel.Owner {
    /** Events in flight between the engine and the socket. */
    static final int WINDOW = 16;
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    private static final byte[] ID = SseChannel.ascii("id: ");
    private static final byte[] EVENT = SseChannel.ascii("\nevent: ");
    private static final byte[] DATA = SseChannel.ascii("\ndata: ");
    private static final byte[] END = SseChannel.ascii("\n\n");

    private final SseChannel channel;
    private final WatchSession session;
    private final WatchSessions sessions;
    private final Map<String, Long> start;
    private final FramePacer pacer;
    private final FramePacer.Stream paced = new FramePacer.Stream();
    private volatile WatchSubscription subscription;

    /**
     * @param ex the exchange, headers not yet sent
     * @param session the session
     * @param sessions the session store (its clock stamps the detach)
     * @param start each topic's starting cursor
     * @param slot the connection's cap slot, released when the stream ends
     * @param onEnd runs once when the stream ends, however it ends
     */
    public SseStream(HttpServerExchange ex, WatchSession session, WatchSessions sessions, Map<String, Long> start,
                     StreamSlots.Slot slot, Runnable onEnd) {
        this.channel = new SseChannel(ex, session.options().heartbeatMs(), slot, onEnd, this,
                "watch stream " + session.wid());
        this.session = session;
        this.sessions = sessions;
        this.start = start;
        this.pacer = FramePacer.of(channel.io());
    }

    /**
     * Starts the stream on the I/O thread, once the handler has returned: takes over from an earlier stream of
     * the session, sends the preamble ({@code retry} and a first heartbeat) and subscribes.
     */
    public void begin() {
        WatchSession.Stream old = session.attach(this);
        if (old != null) {
            old.terminate(409, "another stream attached to this session", "superseded");
        }
        channel.start();
        // read and written on this thread, with no hand-off, paced when the thread serves many busy streams
        session.watch().startingAt(start).subscribe(this, pacer.executor(paced, channel.io()));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = (WatchSubscription) s;
        if (channel.ended()) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(WatchEvent e) {
        if (channel.ended()) {
            return;
        }
        Map<String, Long> cursors = subscription.cursors();
        session.handedOut(this, cursors);
        ByteSink sink = new ByteSink(256);
        sink.write(ID, 0, ID.length);
        byte[] id = CompositeCursor.encode(cursors).getBytes(StandardCharsets.US_ASCII);
        sink.write(id, 0, id.length);
        sink.write(EVENT, 0, EVENT.length);
        byte[] name = SseChannel.ascii(EventJson.name(e, false));
        sink.write(name, 0, name.length);
        sink.write(DATA, 0, DATA.length);
        EventJson.write(sink, e, null, session.options().includeTags(), session.options().includeMeta());
        sink.write(END, 0, END.length);
        channel.send(ByteBuffer.wrap(sink.array(), 0, sink.size()), true);
    }

    @Override
    public void onError(Throwable t) {
        if (t instanceof SeqlogException s && s.code() == ErrorCode.SHUTTING_DOWN) {
            terminate(503, "the server is stopping", "shutting_down");
        } else {
            LOG.warn("watch stream failed: wid={}", session.wid(), t);
            terminate(500, "the stream failed on the server", "internal");
        }
    }

    @Override
    public void onComplete() {
        // every watched topic was deleted: the stream stays open with heartbeats only (API §8.2)
    }

    /** Ends the stream with a terminal {@code error} frame (API §8.5), from any thread. */
    @Override
    public void terminate(int code, String message, String kind) {
        channel.terminate(code, message, kind);
    }

    @Override
    public void written(int events) {
        pacer.wrote(paced);
        WatchSubscription s = subscription;
        if (s != null) {
            s.request(events);
        }
    }

    @Override
    public void ended() {
        WatchSubscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        session.detach(this, sessions.now());
    }
}
