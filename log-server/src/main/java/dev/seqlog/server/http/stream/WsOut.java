package dev.seqlog.server.http.stream;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound side of one WebSocket connection (API §9): text messages are handed to the channel on its I/O
 * thread, in the order they were given, and each one's completion is reported, so that subscriptions ask for
 * more only as messages leave. A connection whose messages make no progress for {@link #SLOW_READER_MS} is
 * closed with status 1008. Thread-safe.
 */
public final class WsOut {
    /** How long queued messages may make no progress before the connection is closed (API §9.2). */
    static final long SLOW_READER_MS = 30_000;

    private final WebSocketChannel channel;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastProgress = System.nanoTime();
    private XnioExecutor.Key timer;

    /** @param channel the upgraded connection */
    public WsOut(WebSocketChannel channel) {
        this.channel = channel;
        timer = channel.getIoThread().executeAfter(this::check, SLOW_READER_MS / 3, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a text message.
     *
     * @param utf8 the message
     * @param onWritten runs (on the I/O thread) once the message has left, or null
     */
    public void send(byte[] utf8, Runnable onWritten) {
        if (queued.getAndIncrement() == written.get()) {
            lastProgress = System.nanoTime(); // the queue was empty: progress is measured from now
        }
        Runnable send = () -> WebSockets.sendText(ByteBuffer.wrap(utf8), channel,
                new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel c, Void context) {
                        written.incrementAndGet();
                        lastProgress = System.nanoTime();
                        if (onWritten != null) {
                            onWritten.run();
                        }
                    }

                    @Override
                    public void onError(WebSocketChannel c, Void context, Throwable throwable) {
                        IoUtils.safeClose(c);
                    }
                });
        if (Thread.currentThread() == channel.getIoThread()) {
            send.run(); // in order: every earlier message was handed over on this thread too
        } else {
            channel.getIoThread().execute(send);
        }
    }

    /**
     * Sends a close frame with {@code code} after what is queued, then closes.
     *
     * @param code the close status
     * @param reason the reason text
     */
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        channel.getIoThread().execute(() -> WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel c, Void context) {
                IoUtils.safeClose(c);
            }

            @Override
            public void onError(WebSocketChannel c, Void context, Throwable throwable) {
                IoUtils.safeClose(c);
            }
        }));
    }

    /** Stops the progress check; called on the I/O thread once the connection has closed. */
    public void stop() {
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    private void check() {
        if (!channel.isOpen()) {
            return;
        }
        boolean stalled = queued.get() > written.get()
                && System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(SLOW_READER_MS);
        if (stalled) {
            close(1008, "the client read nothing for 30 s");
            IoUtils.safeClose(channel); // a full socket takes no close frame either
            return;
        }
        timer = channel.getIoThread().executeAfter(this::check, SLOW_READER_MS / 3, TimeUnit.MILLISECONDS);
    }
}
