package dev.seqlog.server;

import dev.seqlog.cold.s3.S3ObjectStore;
import dev.seqlog.api.EventLog;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.cluster.ClusterNode;
import dev.seqlog.server.config.EngineTuning;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.server.http.Api;
import dev.seqlog.server.http.ServerState;
import dev.seqlog.server.http.HttpListener;
import dev.seqlog.server.metrics.StatsdPusher;
import io.undertow.Undertow;
import io.undertow.server.handlers.HttpContinueReadHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running seqlog server: an Undertow listener serving the /v0 API over an engine. Start one with
 * {@link #start(ServerConfig)} (or {@link #startInMemory()} in tests) and stop it with {@link #close()},
 * which drains in-flight requests for the configured grace period before closing the engine.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class SeqlogServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SeqlogServer.class);

    private final ServerConfig config;
    private final EventLog engine;
    private final boolean ownsEngine;
    private final ServerState state;
    private final Api api;
    private final ThreadPoolExecutor workerPool;
    private final XnioWorker worker;
    private final HttpListener listener;
    private final int port;
    /** Null when SEQLOG_STATSD is unset. */
    private final StatsdPusher statsd;
    private boolean closed;

    private SeqlogServer(ServerConfig config, EventLog engine, boolean ownsEngine) {
        this.config = config;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.state = new ServerState();
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.workerPool = workerPool(ioThreads * 8);
        this.api = new Api(config, engine, state, version(), workerPool);
        // XNIO's own task pool (jboss-threads) calls sun.misc.Unsafe, which JDK 24+ warns about on
        // stderr; handing XNIO a plain JDK executor keeps the server warning-free without JVM flags
        this.worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                .setWorkerName("seqlog")
                .setWorkerIoThreads(ioThreads)
                .setExternalExecutorService(workerPool)
                .build();
        try {
            // the continue handler answers Expect: 100-continue when the body is first read, not before
            this.listener = HttpListener.start(worker, config.host(), config.port(), new HttpContinueReadHandler(api),
                    config.connections());
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            workerPool.shutdownNow();
            throw e instanceof IOException io ? new UncheckedIOException(bindFailure(config, io), io)
                    : (RuntimeException) e;
        }
        this.port = listener.port();
        this.statsd = StatsdPusher.start(config, () -> api.metrics(topic -> true));
    }

    /** One line naming the address: the usual cause, a busy port, is said plainly. */
    private static String bindFailure(ServerConfig config, IOException e) {
        String h = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
        String why = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")
                ? "the port is already in use" : e.getMessage();
        return "cannot listen on " + h + ":" + config.port() + ": " + why;
    }

    private static ThreadPoolExecutor workerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> new Thread(r, "seqlog-worker-" + n.incrementAndGet()));
    }

    /**
     * Starts a server on an ephemeral loopback port over a fresh in-memory engine, with default
     * limits and no keys.
     *
     * @return the running server
     */
    public static SeqlogServer startInMemory() {
        return start(ServerConfig.defaults().withPort(0).withDataDir(null));
    }

    /**
     * Starts a server with its own engine, opened on the configured data directory (created if
     * missing), or in memory when the configuration has none. In cluster mode ({@code SEQLOG_PEERS} set) the
     * engine is a replicated node's: its Raft port is bound and its engine recovered before the listener starts, and
     * closing the server closes the node.
     *
     * @param config the validated configuration
     * @return the running server
     * @throws UncheckedIOException if the data directory, the Raft port or the port file cannot be used
     */
    public static SeqlogServer start(ServerConfig config) {
        if (config.cluster() != null) {
            ReplicatedNode node = ClusterNode.start(config);
            try {
                return start(config, node, true);
            } catch (RuntimeException | Error e) {
                node.close();
                throw e;
            }
        }
        EngineOptions.Builder o = EngineTuning.of(config).apply(EngineOptions.builder());
        if (config.s3() != null) {
            try {
                o.objectStore(S3ObjectStore.open(config.s3()));
            } catch (IOException e) {
                throw new UncheckedIOException("the object-store cold tier is unusable: " + e.getMessage(), e);
            }
        }
        if (config.dataDir() != null) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
            }
            o.dataDir(config.dataDir());
        }
        // API §13.3: take the lock, bind the listener, then recover in the background; the listener answers
        // health at once and 503 not_ready until the engine is ready. A busy port is thus reported before
        // a long recovery, and a failure to bind closes the engine (releasing the lock).
        SeqlogServer[] started = new SeqlogServer[1];
        SeqlogEngine.start(o.build(), engine -> started[0] = start(config, engine, true));
        return started[0];
    }

    /**
     * Starts a server over an engine the caller owns (and closes after the server).
     *
     * @param config the validated configuration
     * @param engine the engine
     * @return the running server
     */
    public static SeqlogServer start(ServerConfig config, EventLog engine) {
        return start(config, engine, false);
    }

    private static SeqlogServer start(ServerConfig config, EventLog engine, boolean owns) {
        if (!config.keys().enabled()) {
            LOG.warn("SEQLOG_API_KEYS is not set: authentication is OFF and every request has full access");
        }
        SeqlogServer s = new SeqlogServer(config, engine, owns);
        try {
            if (config.portFile() != null) {
                writePortFile(config.portFile(), s.port);
            }
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("cannot write SEQLOG_PORT_FILE " + config.portFile(), e);
        }
        LOG.info("seqlog {} listening on {}:{}", version(), config.host(), s.port);
        return s;
    }

    /** Writes the port to a temporary file beside the target, then renames it over the target. */
    private static void writePortFile(Path file, int port) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the bound port */
    public int port() {
        return port;
    }

    /** @return {@code http://host:port} of the listener */
    public URI baseUri() {
        String h = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + h + ":" + port);
    }

    /**
     * Waits until the engine has recovered.
     *
     * @throws dev.seqlog.api.SeqlogException internal if recovery failed (corruption, unsupported format,
     *         unreadable data directory)
     */
    public void awaitReady() {
        engine.awaitReady();
    }

    /** @return the API handler */
    public Api api() {
        return api;
    }

    /** @return open client connections */
    public int openConnections() {
        return listener.openConnections();
    }

    /** @return the engine behind the API */
    public EventLog engine() {
        return engine;
    }

    /** @return the lifecycle state: draining flag, uptime, parked long-polls */
    public ServerState state() {
        return state;
    }

    /** @return the configuration in force */
    public ServerConfig config() {
        return config;
    }

    /**
     * Stops gracefully: readiness and new requests answer 503 shutting_down, parked long-polls answer
     * at once, in-flight requests get up to SEQLOG_SHUTDOWN_GRACE_MS, then the listener stops and the
     * engine (if owned) is closed.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (statsd != null) {
            statsd.close();
        }
        state.startDraining();
        try {
            if (!state.awaitIdle(config.shutdownGraceMs())) {
                LOG.warn("shutdown grace of {} ms ended with requests still in flight", config.shutdownGraceMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            listener.close();
            worker.shutdown();
            workerPool.shutdown();
            worker.awaitTermination();
            if (!workerPool.awaitTermination(config.shutdownGraceMs() + 1000, TimeUnit.MILLISECONDS)) {
                workerPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownsEngine) {
                engine.close();
                if (engine instanceof SeqlogEngine e && e.options().objectStore() != null) {
                    e.options().objectStore().close();
                }
            }
        }
        LOG.info("seqlog stopped");
    }

    /** @return the server version from the build, or "dev" when run from classes without resources */
    public static String version() {
        try (InputStream in = SeqlogServer.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
