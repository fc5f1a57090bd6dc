package dev.seqlog.server.http.stream;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport of one Server-Sent Events response (API §8.3–§8.6), shared by the watch and {@code /work}
 * streams: the preamble ({@code retry: 2000} and a first heartbeat), a queue of frames written without
 * blocking, heartbeats when idle, the end of the stream as soon as the client closes its connection, the
 * cut-off of a client whose pending frame makes no progress for
 * {@link #SLOW_CONSUMER_MS}, terminal {@code error} frames, and a single release of everything however the
 * response ends. Its owner learns through {@link Owner} how many event frames reached the socket, which is
 * how it paces its source: nothing is buffered beyond what the owner asked for.
 *
 * <p>Thread-safe: frames may be queued from any thread; everything that touches the channel runs on the
 * connection's I/O thread.
 */
public final class SseChannel {
    /** How long a pending frame may make no progress before the client is cut off (API §8.6). */
    static final long SLOW_CONSUMER_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(SseChannel.class);

    /** What the stream over this channel is told; both run on the I/O thread. */
    public interface Owner {
        /**
         * Event frames were written to the socket: the source may send as many more.
         *
         * @param events how many
         */
        void written(int events);

        /** The response ended, however it ended; runs once. */
        void ended();
    }

    /** One frame to write; {@code event} frames count toward {@link Owner#written}. */
    private record Frame(ByteBuffer bytes, boolean event) {
    }

    private final HttpServerExchange ex;
    private final XnioIoThread io;
    private final long heartbeatNanos;
    private final StreamSlots.Slot slot;
    private final Runnable onEnd;
    private final Owner owner;
    private final String what;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();

    // confined to the I/O thread
    private StreamSinkChannel channel;
    private Frame current;
    private int credit;
    private long lastWrite;
    private long lastProgress;
    private boolean terminal;
    private XnioExecutor.Key timer;

    /**
     * @param ex the exchange, status and headers set but not sent
     * @param heartbeatMs the heartbeat interval
     * @param slot the connection's cap slot, released when the response ends
     * @param onEnd runs once when the response ends, however it ends
     * @param owner the stream writing over this channel
     * @param what names the stream in debug logs
     */
    public SseChannel(HttpServerExchange ex, long heartbeatMs, StreamSlots.Slot slot, Runnable onEnd, Owner owner,
                      String what) {
        this.ex = ex;
        this.io = ex.getIoThread();
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
        this.slot = slot;
        this.onEnd = onEnd;
        this.owner = owner;
        this.what = what;
    }

    /** @return the connection's I/O thread, where the channel is written */
    public XnioIoThread io() {
        return io;
    }

    /** @return whether the response has ended */
    public boolean ended() {
        return ended.get();
    }

    /** Sends the headers and the preamble and starts the heartbeat; on the I/O thread, after the handler returned. */
    public void start() {
        channel = ex.getResponseChannel();
        channel.getWriteSetter().set(c -> flush());
        channel.getCloseSetter().set(c -> end(false));
        lastWrite = lastProgress = System.nanoTime();
        watchForClose();
        queue.add(new Frame(ByteBuffer.wrap(ascii("retry: 2000\n\n" + heartbeat())), false));
        timer = io.executeAfter(this::tick, TimeUnit.NANOSECONDS.toMillis(heartbeatNanos), TimeUnit.MILLISECONDS);
        flush();
    }

    /**
     * Reads the connection while the stream lasts, so that a client closing it is noticed at once and not at the
     * next write: an SSE client sends nothing after its request, so the end of its input means it went away, and
     * any byte is a request it may not pipeline here. Either ends the stream and drops the connection. Undertow
     * takes the connection's input back when the exchange ends.
     */
    private void watchForClose() {
        if (!(ex.getConnection() instanceof AbstractServerConnection c)) {
            return;
        }
        ConduitStreamSourceChannel in = c.getChannel().getSourceChannel();
        in.setReadListener(ch -> {
            if (ended.get()) {
                ch.suspendReads();
                return;
            }
            try {
                if (ch.read(ByteBuffer.allocate(1)) == 0) {
                    return;
                }
                LOG.debug("{} ended: the client closed its connection or sent a request on it", what);
            } catch (IOException e) {
                LOG.debug("{} ended: reading the connection failed: {}", what, e.toString());
            }
            end(true);
        });
        in.resumeReads();
    }

    /**
     * Queues a frame, from any thread.
     *
     * @param frame the whole frame, blank line included
     * @param event whether it carries an event the owner counts
     */
    public void send(ByteBuffer frame, boolean event) {
        if (ended.get()) {
            return;
        }
        queue.add(new Frame(frame, event));
        if (Thread.currentThread() == io) {
            flush();
        } else if (flushScheduled.compareAndSet(false, true)) {
            io.execute(this::flush);
        }
    }

    /**
     * Ends the stream with a terminal {@code error} frame (API §8.5), from any thread.
     *
     * @param code the HTTP-like code
     * @param message human text (no quotes or backslashes)
     * @param kind the stable kind
     */
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
                }
                current = null;
            }
            if (credit > 0 && !terminal) {
                int n = credit;
                credit = 0;
                owner.written(n);
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
            LOG.debug("{} write failed: {}", what, e.toString());
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
            LOG.debug("{} cut off: the client read nothing for {} ms", what, SLOW_CONSUMER_MS);
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

    /** Releases everything once, however the response ends; {@code close} drops the connection too. */
    private void end(boolean close) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            owner.ended();
        } finally {
            if (timer != null) {
                timer.remove();
            }
            slot.release();
            queue.clear();
            try {
                onEnd.run();
            } finally {
                if (close) {
                    IoUtils.safeClose(ex.getConnection());
                }
            }
        }
    }

    private static String heartbeat() {
        return ": hb " + System.currentTimeMillis() + "\n\n";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
