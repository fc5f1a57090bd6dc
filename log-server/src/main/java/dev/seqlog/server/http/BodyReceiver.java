package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.xnio.ChannelListener;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads a request body without blocking a thread: on the connection's I/O thread, from pooled buffers, into
 * one array of exactly the declared {@code Content-Length} (a chunked body grows by doubling up to the limit),
 * under a deadline for the whole body. A body over the limit is refused before it is read when its length is
 * declared, and as soon as the count passes the limit otherwise (API §1.2 step 6). A body that ends early or
 * has broken chunk framing is {@code 400}, one that misses the deadline is {@code 408}; either way the
 * connection is closed after the answer, since its framing can no longer be trusted.
 *
 * <p>One instance per request; every callback runs on the connection's I/O thread, so it needs no locking.
 */
final class BodyReceiver implements ChannelListener<StreamSourceChannel> {
    private static final int CHUNKED_INITIAL = 4096;

    private final HttpServerExchange ex;
    private final StreamSourceChannel ch;
    private final long max;
    private final Consumer<byte[]> done;
    private final Consumer<Throwable> failed;
    private final boolean declared;
    private byte[] buf;
    private int len;
    private boolean finished;
    private boolean inInitialCall;
    private XnioExecutor.Key deadline;

    private BodyReceiver(HttpServerExchange ex, StreamSourceChannel ch, long max, long declaredLength,
                         Consumer<byte[]> done, Consumer<Throwable> failed) {
        this.ex = ex;
        this.ch = ch;
        this.max = max;
        this.done = done;
        this.failed = failed;
        this.declared = declaredLength >= 0;
        this.buf = new byte[declared ? (int) declaredLength : (int) Math.min(CHUNKED_INITIAL, max + 1)];
    }

    /**
     * Starts reading the body of a request on its I/O thread. Exactly one of the callbacks runs, on the I/O
     * thread, unless the connection is closed first (then neither does: nobody is left to answer).
     *
     * @param ex the exchange, in its I/O thread
     * @param max the body limit in bytes
     * @param declaredLength the body's {@link #declaredLength}, -1 for a chunked body
     * @param timeoutMs the deadline for the whole body, 0 for none
     * @param done receives the body (an empty array when there is none)
     * @param failed receives a {@link SeqlogException} to answer with
     */
    static void receive(HttpServerExchange ex, long max, long declaredLength, long timeoutMs, Consumer<byte[]> done,
                        Consumer<Throwable> failed) {
        if (ex.isRequestComplete() || declaredLength == 0) {
            done.accept(new byte[0]);
            return;
        }
        StreamSourceChannel ch = ex.getRequestChannel(); // only the first call returns the channel
        if (ch == null) {
            throw new IllegalStateException("the request body was already taken");
        }
        BodyReceiver r = new BodyReceiver(ex, ch, max, declaredLength, done, failed);
        r.inInitialCall = true;
        r.handleEvent(ch);
        r.inInitialCall = false;
        if (!r.finished) {
            // most bodies arrive with their headers: the deadline is armed only for one that must be waited for
            if (timeoutMs > 0) {
                r.deadline = ex.getIoThread().executeAfter(r::expire, timeoutMs, TimeUnit.MILLISECONDS);
            }
            ch.getReadSetter().set(r);
            ch.resumeReads();
        }
    }

    /** The declared length, or -1 for a chunked body; 413 before reading when it is over the limit. */
    static long declaredLength(HttpServerExchange ex, long max) {
        String cl = ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw new SeqlogException(ErrorCode.INVALID_REQUEST, "malformed Content-Length");
        }
        if (n > max) {
            throw BodyIn.tooLarge(max);
        }
        return n;
    }

    @Override
    public void handleEvent(StreamSourceChannel ch) {
        if (finished) {
            return;
        }
        try (PooledByteBuffer pooled = ex.getConnection().getByteBufferPool().allocate()) {
            ByteBuffer b = pooled.getBuffer();
            while (true) {
                b.clear();
                int n = ch.read(b);
                if (n == 0) {
                    return; // wait for the next read event
                }
                if (n < 0) {
                    if (declared && len < buf.length) {
                        finish(null, truncated());
                    } else {
                        finish(declared ? buf : Arrays.copyOf(buf, len), null);
                    }
                    return;
                }
                b.flip();
                if (!append(b)) {
                    return;
                }
                if (declared && len == buf.length) {
                    finish(buf, null);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            finish(null, truncated());
        }
    }

    /** Copies a read into the body; false (after answering) when the body passes its limit or length. */
    private boolean append(ByteBuffer b) {
        int n = b.remaining();
        if (len + (long) n > buf.length) {
            if (declared || len + (long) n > max) {
                finish(null, declared ? truncated() : BodyIn.tooLarge(max));
                return false;
            }
            long want = Math.max((long) buf.length * 2, len + (long) n);
            buf = Arrays.copyOf(buf, (int) Math.min(want, max));
        }
        b.get(buf, len, n);
        len += n;
        return true;
    }

    private void expire() {
        finish(null, new SeqlogException(ErrorCode.REQUEST_TIMEOUT, "the request body did not arrive in time"));
    }

    private void finish(byte[] body, Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        if (deadline != null) {
            deadline.remove();
        }
        ch.getReadSetter().set(null);
        ch.suspendReads();
        buf = null;
        if (error != null) {
            ex.setPersistent(false); // the rest of this body would be read as the next request
        }
        if (inInitialCall) {
            callback(body, error);
        } else {
            // a later read event or the deadline: run as a root handler, so a dispatch from the callback works
            Connectors.executeRootHandler(e -> callback(body, error), ex);
        }
    }

    private void callback(byte[] body, Throwable error) {
        if (error != null) {
            failed.accept(error);
        } else {
            done.accept(body);
        }
    }

    private static SeqlogException truncated() {
        return new SeqlogException(ErrorCode.INVALID_REQUEST,
                "the request body ended early or its chunked framing is malformed");
    }
}
