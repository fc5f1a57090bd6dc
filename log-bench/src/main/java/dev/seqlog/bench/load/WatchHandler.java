package dev.seqlog.bench.load;

import java.io.IOException;

/**
 * What a caller does with one watch stream: the W4 verifier or the idle holder. Every method is called on the
 * {@link WatchReactor} thread that owns the stream, never concurrently.
 */
interface WatchHandler {

    /**
     * The server answered 200 with an event stream.
     *
     * @param nanos {@code System.nanoTime()} when the head arrived
     */
    void opened(long nanos);

    /**
     * An event (a frame with data) arrived.
     *
     * @param e the event; reused, valid only during the call
     * @param arrivedNanos {@code System.nanoTime()} right after the read that completed it returned
     * @return whether to keep the stream open
     * @throws IOException to close the stream with this cause (a runtime exception does the same)
     */
    boolean event(SseParser.Event e, long arrivedNanos) throws IOException;

    /**
     * A comment line arrived: the server's heartbeats ({@code : hb <ms>}).
     *
     * @param b holds the text after the colon
     * @param off offset
     * @param len length
     */
    void comment(byte[] b, int off, int len);

    /**
     * Called about every {@link WatchReactor#TICK_NANOS} while the stream is open.
     *
     * @param nanos {@code System.nanoTime()}
     * @return whether to keep the stream open
     */
    boolean tick(long nanos);

    /**
     * Called exactly once, when the stream is closed, whether or not it ever opened.
     *
     * @param cause null if the stream was closed on request (a handler's false, or the reactor's close); else
     *        why it failed: refused, a protocol error, the connection lost or ended by the server
     */
    void closed(Throwable cause);
}
