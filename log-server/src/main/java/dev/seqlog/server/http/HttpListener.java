package dev.seqlog.server.http;

import dev.seqlog.server.config.ConnectionPolicy;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP/1.1 listener: accepts connections, refuses those over the per-address cap, wraps each accepted
 * connection's output so framework errors carry the error envelope, and hands it to Undertow's HTTP
 * protocol with the client timeouts of {@link ConnectionPolicy}: header parse, idle keep-alive, and a write
 * that makes no progress (a client that stops reading is dropped). The body deadline is applied per request
 * by {@link BodyReceiver}. Thread-safe.
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
    /** Undertow's own choice for heaps over 128 MiB: one socket write's worth, less room for protocol headers. */
    private static final int BUFFER_SIZE = 16 * 1024 - 20;
    /** The request line and headers together; the framework's default of 1 MiB lets one request pin that much. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private final AcceptingChannel<StreamConnection> server;
    private final ConnectionCounts counts;

    private HttpListener(AcceptingChannel<StreamConnection> server, ConnectionCounts counts) {
        this.server = server;
        this.counts = counts;
    }

    /**
     * Binds and starts accepting.
     *
     * @param worker the XNIO worker whose I/O threads serve the connections
     * @param host the bind address
     * @param port the port, 0 for an ephemeral one
     * @param root the request handler
     * @param policy timeouts and the per-address cap
     * @return the running listener
     * @throws IOException if the address cannot be bound
     */
    public static HttpListener start(XnioWorker worker, String host, int port, HttpHandler root,
                                     ConnectionPolicy policy) throws IOException {
        OptionMap protocol = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                // paths and queries are decoded by the API itself, segment by segment (API §1.7, §1.14)
                .set(UndertowOptions.DECODE_URL, false)
                // a router name may carry a raw '>' (API §1.7); RequestTarget refuses every other character the
                // parser would have
                .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) policy.headerTimeoutMs())
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) policy.idleTimeoutMs())
                .set(UndertowOptions.REQUIRE_HOST_HTTP11, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .getMap();
        // Undertow frees pooled direct buffers through sun.misc.Unsafe (a JDK 24+ warning): heap buffers
        ByteBufferPool buffers = new DefaultByteBufferPool(false, BUFFER_SIZE, -1, 4);
        HttpOpenListener http = new HttpOpenListener(buffers, protocol);
        http.setRootHandler(root);
        OptionMap socket = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .getMap();
        ConnectionCounts counts = new ConnectionCounts(policy.maxConnectionsPerAddress());
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(InetAddress.getByName(host), port), ch -> acceptAll(ch, http, counts, (int) policy.writeTimeoutMs()), socket);
        server.resumeAccepts();
        return new HttpListener(server, counts);
    }

    private static void acceptAll(AcceptingChannel<StreamConnection> server, HttpOpenListener http,
                                  ConnectionCounts counts, int writeTimeoutMs) {
        while (true) {
            StreamConnection c;
            try {
                c = server.accept();
            } catch (IOException e) {
                LOG.debug("accept failed: {}", e.toString());
                return;
            }
            if (c == null) {
                return;
            }
            InetAddress peer = ((InetSocketAddress) c.getPeerAddress()).getAddress();
            if (!counts.tryOpen(peer)) {
                refuse(c, counts.max());
                continue;
            }
            c.getSinkChannel().setConduit(new BadRequestEnvelope(c.getSinkChannel().getConduit()));
            try {
                // read back by Undertow's open listener, which then wraps the output in its write-timeout conduit
                c.setOption(Options.WRITE_TIMEOUT, writeTimeoutMs);
            } catch (IOException e) {
                counts.closed(peer);
                IoUtils.safeClose(c);
                continue;
            }
            http.handleEvent(c);
            // Undertow installs its own close listener on the connection; chain ours after it
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    counts.closed(peer);
                }
            };
            ChannelListener<? super StreamConnection> undertow = c.getCloseListener();
            c.setCloseListener(ch -> {
                release.run();
                ChannelListeners.invokeChannelListener(ch, undertow);
            });
            if (!c.isOpen()) {
                release.run(); // closed before our listener was in place
            }
        }
    }

    /** Answers 429 at once and closes: the address holds its whole share of connections. */
    private static void refuse(StreamConnection c, int max) {
        String body = "{\"error\":{\"code\":\"throttled\",\"message\":\"too many connections from this address\","
                + "\"detail\":{\"limit\":\"max_connections_per_address\",\"max\":" + max + "}}}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: " + Exchange.JSON_TYPE
                + "\r\nContent-Length: " + b.length + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + b.length);
        out.put(head.getBytes(StandardCharsets.US_ASCII)).put(b).flip();
        try {
            c.getSinkChannel().write(out); // a fresh socket's send buffer takes it whole
            c.getSinkChannel().shutdownWrites();
            c.getSinkChannel().flush();
        } catch (IOException e) {
            LOG.debug("could not answer a refused connection: {}", e.toString());
        } finally {
            IoUtils.safeClose(c);
        }
    }

    /** @return the bound port */
    public int port() {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** @return open connections */
    public int openConnections() {
        return counts.total();
    }

    /** Stops accepting; open connections are closed with the worker. */
    @Override
    public void close() {
        IoUtils.safeClose(server);
    }
}
