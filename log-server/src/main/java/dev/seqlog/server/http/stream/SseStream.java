package dev.seqlog.server.http.stream;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchSubscription;
import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.json.EventJson;
import io.undertow.server.HttpServerExchange;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSE watch stream (API §8.3–§8.6): subscribes to its session's watch and writes each event as a frame
 * whose {@code id} is the composite cursor after it. Frames are written on the connection's I/O thread
 * without blocking. At most {@link #WINDOW} events are between the engine and the socket: more are asked
 * for only as frames are written, so a client that stops reading makes its cursors lag instead of growing
 * a buffer. A heartbeat comment goes out when nothing was written for the heartbeat interval; a client whose
 * pending frame makes no progress for {@link #SLOW_CONSUMER_MS} is cut off (the session survives).
 *
 * <p>Thread-safe: events arrive on the engine's delivery threads and are queued; everything that touches the
 * channel runs on the I/O thread.
 */
public final class SseStream implements Flow.Subscriber<WatchEvent>, WatchSession.Stream {
    /** Events in flight between the engine and the socket. */
    static final int WINDOW = 16;
    /** How long a pending frame may make no progress before the client is cut off (API §8.6). */
    static final long SLOW_CONSUMER_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    private static final byte[] ID = ascii("id: ");
    private static final byte[] EVENT = ascii("\nevent: ");
    private static final byte[] DATA = ascii("\ndata: ");
    private static final byte[] END = ascii("\n\n");

    /** One frame to write; {@code event} frames return demand once written. */
    private record Frame(ByteBuffer bytes, boolean event) {
    }

    private final HttpServerExchange ex;
    private final XnioIoThread io;
    private final WatchSession session;
    private final WatchSessions sessions;
    private final Map<String, Long> start;
    private final StreamSlots.Slot slot;
    private final Runnable onEnd;
    private final long heartbeatNanos;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final FramePacer pacer;
    private final FramePacer.Stream paced = new FramePacer.Stream();
    private volatile WatchSubscription subscription;

    // confined to the I/O thread
    private StreamSinkChannel channel;
    private Frame current;
    private int credit;
    private long lastWrite;
    private long lastProgress;
    private boolean terminal;
    private XnioExecutor.Key timer;

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
        this.ex = ex;
        this.io = ex.getIoThread();
        this.session = session;
        this.sessions = sessions;
        this.start = start;
        this.slot = slot;
        this.onEnd = onEnd;
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(session.options().heartbeatMs());
        this.pacer = FramePacer.of(io);
    }

    /**
     * Starts the stream on the I/O thread, once the handler has returned: takes over from an earlier stream of
     * the session, sends the preamble ({@code retry} and a first heartbeat) and subscribes.
     */
    public void begin() {
        channel = ex.getResponseChannel();
        channel.getWriteSetter().set(c -> flush());
        channel.getCloseSetter().set(c -> end(false));
        lastWrite = lastProgress = System.nanoTime();
        WatchSession.Stream old = session.attach(this);
        if (old != null) {
            old.terminate(409, "another stream attached to this session", "superseded");
        }
        queue.add(new Frame(ByteBuffer.wrap(ascii("retry: 2000\n\n" + heartbeat())), false));
        // read and written on this thread, with no hand-off, paced when the thread serves many busy streams
        session.watch().startingAt(start).subscribe(this, pacer.executor(paced, io));
        timer = io.executeAfter(this::tick, session.options().heartbeatMs(), TimeUnit.MILLISECONDS);
        flush();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = (WatchSubscription) s;
        if (ended.get()) {
            s.cancel();
        } else {
            s.request(WINDOW);
        }
    }

    @Override
    public void onNext(WatchEvent e) {
        if (ended.get()) {
            return;
        }
        Map<String, Long> cursors = subscription.cursors();
        session.handedOut(this, cursors);
        ByteSink sink = new ByteSink(256);
        sink.write(ID, 0, ID.length);
        byte[] id = CompositeCursor.encode(cursors).getBytes(StandardCharsets.US_ASCII);
        sink.write(id, 0, id.length);
        sink.write(EVENT, 0, EVENT.length);
        byte[] name = ascii(EventJson.name(e, false));
        sink.write(name, 0, name.length);
        sink.write(DATA, 0, DATA.length);
        EventJson.write(sink, e, null, session.options().includeTags(), session.options().includeMeta());
        sink.write(END, 0, END.length);
        queue.add(new Frame(ByteBuffer.wrap(sink.array(), 0, sink.size()), true));
        scheduleFlush();
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
        io.execute(() -> {
            if (ended.get() || terminal || channel == null) {
                end(true);
                return;
            }
            String data = "{\"code\":" + code + ",\"error\":\"" + message + "\",\"kind\":\"" + kind
                    + "\",\"terminal\":true}";
            queue.add(new Frame(ByteBuffer.wrap(ascii("event: error\ndata: " + data + "\n\n")), false));
            terminal = true;
            flush();
        });
    }

    private void scheduleFlush() {
        if (Thread.currentThread() == io) {
            flush();
        } else if (flushScheduled.compareAndSet(false, true)) {
            io.execute(this::flush);
        }
    }

    /** Writes what is queued until the socket takes no more; on the I/O thread. */
    private void flush() {
        flushScheduled.set(false);
        if (ended.get() || channel == null) {
            return;
        }
        try {
            while (true) {
                if (current == null) {
                    current = queue.poll();
                    if (current == null) {
                        break;
                    }
                }
                channel.write(current.bytes);
                if (current.bytes.hasRemaining()) {
                    channel.resumeWrites(); // the socket is full: the write listener continues
                    return;
                }
                lastWrite = lastProgress = System.nanoTime();
                if (current.event) {
                    credit++;
                    pacer.wrote(paced);
                }
                current = null;
            }
            if (credit > 0 && subscription != null) {
                subscription.request(credit);
                credit = 0;
            }
            if (!channel.flush()) {
                channel.resumeWrites();
                return;
            }
            channel.suspendWrites();
            if (terminal) {
                finish();
            }
        } catch (IOException e) {
            LOG.debug("watch stream write failed: {}", e.toString());
            end(true);
        }
    }

    /** Heartbeat and slow-consumer check; on the I/O thread. */
    private void tick() {
        if (ended.get()) {
            return;
        }
        long now = System.nanoTime();
        if (current != null && now - lastProgress > TimeUnit.MILLISECONDS.toNanos(SLOW_CONSUMER_MS)) {
            LOG.debug("watch stream cut off: the client read nothing for {} ms: wid={}", SLOW_CONSUMER_MS, session.wid());
            end(true); // the socket takes nothing, so a terminal frame could not reach the client either
            return;
        }
        long idle = now - lastWrite;
        if (idle >= heartbeatNanos && current == null && queue.isEmpty()) {
            queue.add(new Frame(ByteBuffer.wrap(ascii(heartbeat())), false));
            flush();
            idle = 0;
        }
        long next = Math.max(TimeUnit.MILLISECONDS.toNanos(50), heartbeatNanos - idle);
        timer = io.executeAfter(this::tick, next, TimeUnit.NANOSECONDS);
    }

    /** The terminal frame is written: end the response cleanly. */
    private void finish() throws IOException {
        channel.shutdownWrites();
        if (!channel.flush()) {
            channel.getWriteSetter().set(c -> {
                try {
                    if (c.flush()) {
                        end(false);
                        ex.endExchange();
                    }
                } catch (IOException e) {
                    end(true);
                }
            });
            channel.resumeWrites();
            return;
        }
        end(false);
        ex.endExchange();
    }

    /** Releases everything once, however the stream ends; {@code close} drops the connection too. */
    private void end(boolean close) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        WatchSubscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (timer != null) {
            timer.remove();
        }
        slot.release();
        session.detach(this, sessions.now());
        queue.clear();
        try {
            onEnd.run();
        } finally {
            if (close) {
                IoUtils.safeClose(ex.getConnection());
            }
        }
    }

    private static String heartbeat() {
        return ": hb " + System.currentTimeMillis() + "\n\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
