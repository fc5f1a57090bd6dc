package dev.seqlog.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /v0/watch/<wid>} on a non-blocking socket: connects, sends the request, decodes the response
 * ({@link HttpResponseStream}, then {@link SseParser}) and passes events to its {@link WatchHandler}. Holds no
 * read buffer of its own, so thousands of idle streams cost little. Created on any thread, then confined to
 * the {@link WatchReactor} thread it was added to.
 */
final class WatchStream implements HttpResponseStream.Listener, SseParser.Listener {
    /** A stream whose head has not arrived this long after it started connecting fails. */
    static final long OPEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int ERROR_BODY_MAX = 2048;

    private final String path;
    private final ByteBuffer request;
    private final WatchHandler handler;
    private final HttpResponseStream http = new HttpResponseStream(this);
    private final SseParser sse = new SseParser(this);
    private final StringBuilder errorBody = new StringBuilder();
    private SocketChannel channel;
    private SelectionKey key;
    private long startedNanos;
    private long arrivedNanos;
    private boolean opened;
    private boolean closeRequested;
    private boolean closed;

    /**
     * @param path the stream's path, {@code stream_url} of the session
     * @param hostHeader the {@code Host} header value
     * @param authorization the {@code Authorization} header value, or null
     * @param handler receives the stream's events
     */
    WatchStream(String path, String hostHeader, String authorization, WatchHandler handler) {
        this.path = path;
        this.handler = handler;
        StringBuilder sb = new StringBuilder(160).append("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        this.request = ByteBuffer.wrap(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * A stream of a session on the load generator's target, with its API key.
     *
     * @param opt the target and key
     * @param watch the session
     * @param handler receives the stream's events
     * @return the stream, not yet connected
     */
    static WatchStream of(LoadGenOptions opt, SeqlogHttpClient.Watch watch, WatchHandler handler) {
        return new WatchStream(watch.streamUrl(), SocketHttpTransport.hostHeader(opt.host(), opt.port()),
                SocketHttpTransport.authorization(opt.apiKey()), handler);
    }

    /** @return the load generator's target as a socket address */
    static InetSocketAddress address(LoadGenOptions opt) {
        return new InetSocketAddress(SocketHttpTransport.socketHost(opt.host()), opt.port());
    }

    /** @return whether the server answered 200 with an event stream */
    boolean opened() {
        return opened;
    }

    boolean closed() {
        return closed;
    }

    /**
     * Starts the non-blocking connect; any failure closes the stream.
     *
     * @param selector the reactor's selector
     * @param address the server
     */
    void connect(Selector selector, InetSocketAddress address) {
        startedNanos = System.nanoTime();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean done = channel.connect(address);
            key = channel.register(selector, done ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
        } catch (IOException | RuntimeException e) {
            close(e);
        }
    }

    /**
     * Acts on the key's readiness; any failure closes the stream.
     *
     * @param readBuffer the reactor's shared read buffer (heap), overwritten here
     */
    void ready(ByteBuffer readBuffer) {
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            } else if (key.isWritable()) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                arrivedNanos = System.nanoTime();
                if (n < 0) {
                    http.eof();
                    throw new EOFException("connection closed by the server");
                }
                http.feed(readBuffer.array(), readBuffer.arrayOffset(), n);
            }
            if (closeRequested) {
                close(null);
            }
        } catch (IOException | RuntimeException e) {
            close(e);
        }
    }

    /**
     * The reactor's periodic call: the open timeout, then the handler's.
     *
     * @param nanos {@code System.nanoTime()}
     */
    void tick(long nanos) {
        if (closed) {
            return;
        }
        if (!opened && nanos - startedNanos > OPEN_TIMEOUT_NANOS) {
            close(new IOException("GET " + path + ": no response head within "
                    + TimeUnit.NANOSECONDS.toSeconds(OPEN_TIMEOUT_NANOS) + " s"));
            return;
        }
        boolean keep;
        try {
            keep = handler.tick(nanos);
        } catch (RuntimeException e) {
            close(e);
            return;
        }
        if (!keep) {
            close(null);
        }
    }

    /**
     * Closes the channel and tells the handler, once.
     *
     * @param cause null when closed on request, else the failure
     */
    void close(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already closing; nothing to recover.
            }
        }
        handler.closed(cause);
    }

    @Override
    public void head(int status, String contentType) throws IOException {
        if (status != 200) {
            return; // body() collects the error body, end() reports it
        }
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            throw new IOException("GET " + path + " -> 200 with Content-Type '" + contentType + "'");
        }
        opened = true;
        handler.opened(arrivedNanos);
    }

    @Override
    public void body(byte[] b, int off, int len) throws IOException {
        if (opened) {
            sse.feed(b, off, len);
        } else {
            for (int k = off; k < off + len && errorBody.length() < ERROR_BODY_MAX; k++) {
                errorBody.append((char) (b[k] & 0xff));
            }
        }
    }

    @Override
    public void end() throws IOException {
        if (opened) {
            throw new EOFException("GET " + path + ": the server ended the event stream");
        }
        throw new LoadGenException("GET " + path + " -> " + http.status() + " " + errorBody);
    }

    @Override
    public void event(SseParser.Event e) throws IOException {
        if (!closeRequested && !handler.event(e, arrivedNanos)) {
            closeRequested = true;
        }
    }

    @Override
    public void comment(byte[] b, int off, int len) {
        if (!closeRequested) {
            handler.comment(b, off, len);
        }
    }
}
