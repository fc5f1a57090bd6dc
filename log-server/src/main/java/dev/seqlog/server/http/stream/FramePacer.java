package dev.seqlog.server.http.stream;

import org.xnio.XnioIoThread;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Paces the frames of the streams one I/O thread serves, so that a fan-out to many streams costs a bounded
 * number of socket writes. Each frame is a write system call, which on this kind of server costs several
 * microseconds of kernel time, so a thousand streams each sent every record of a busy topic would spend more
 * CPU on writes than the machine has. Once the streams that wrote in the last window are more than
 * {@link #FRAMES_PER_SECOND} allows at one frame per stream per millisecond, a stream that has just written
 * waits for the next tick of a grid {@code active / FRAMES_PER_SECOND} seconds apart (at most 20 ms) before
 * its next read, and
 * that read then carries every record that arrived meanwhile in one frame. The grid is shared, so the busy
 * streams of a topic read the same range at the same tick and share one batch and its encoding. A few
 * streams are never held back; a stream that has been quiet sends its next frame at once.
 *
 * <p>Thread-safe: the window is kept by the I/O thread; the delay is read from any thread.
 */
public final class FramePacer {
    /** Frames per second one I/O thread writes before streams are held back. */
    static final long FRAMES_PER_SECOND = 25_000;
    /** The longest pause: past it, latency would grow faster than the writes it saves. */
    private static final long MAX_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Below this the pause would save little and only add latency. */
    private static final long MIN_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Weak keys: the I/O threads of a stopped server (tests start many) take their pacers with them. */
    private static final Map<XnioIoThread, FramePacer> BY_THREAD = Collections.synchronizedMap(new WeakHashMap<>());

    /** What a paced stream tells the pacer; written on the I/O thread. */
    public static final class Stream {
        private volatile long lastFrame = Long.MIN_VALUE / 2;
        private long window = -1;
    }

    // confined to the I/O thread
    private long windowStart = System.nanoTime();
    private long windowId;
    private int active;
    private volatile long linger;

    private FramePacer() {
        // the pacer holds no reference to its thread, so the weak map can drop both together
    }

    /**
     * The pacer of an I/O thread.
     *
     * @param io the thread
     * @return its pacer
     */
    public static FramePacer of(XnioIoThread io) {
        return BY_THREAD.computeIfAbsent(io, t -> new FramePacer());
    }

    /**
     * An executor for one stream's delivery: runs on the I/O thread, after the stream's pause if it has one.
     *
     * @param s the stream
     * @param io the I/O thread this pacer belongs to
     * @return the executor
     */
    public Executor executor(Stream s, XnioIoThread io) {
        return task -> {
            long l = linger;
            long now = System.nanoTime();
            long wait = l == 0 || now - s.lastFrame >= l ? 0 : l - Math.floorMod(now, l);
            if (wait <= 0) {
                io.execute(task);
            } else {
                io.executeAfter(task, wait, TimeUnit.NANOSECONDS);
            }
        };
    }

    /**
     * Records that {@code s} wrote a frame; on the I/O thread.
     *
     * @param s the stream
     */
    public void wrote(Stream s) {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            long l = active * TimeUnit.SECONDS.toNanos(1) / FRAMES_PER_SECOND;
            linger = l >= MIN_LINGER_NANOS ? Math.min(l, MAX_LINGER_NANOS) : 0;
            windowStart = now;
            windowId++;
            active = 0;
        }
        if (s.window != windowId) {
            s.window = windowId;
            active++;
        }
        s.lastFrame = now;
    }

    /** @return the current pause between two frames of a busy stream, in nanoseconds */
    public long lingerNanos() {
        return linger;
    }
}
