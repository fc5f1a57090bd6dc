package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.auth.ApiKey;
import dev.seqlog.server.auth.InflightLimiter;
import dev.seqlog.server.auth.Scope;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.server.console.ConsoleAssets;
import dev.seqlog.server.json.BodyReader;
import dev.seqlog.server.json.NdjsonReader;
import dev.seqlog.server.metrics.ClusterMetrics;
import dev.seqlog.server.metrics.HttpMetrics;
import dev.seqlog.server.metrics.JvmMetrics;
import dev.seqlog.server.metrics.MetricsSnapshot;
import io.undertow.server.HttpHandler;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static dev.seqlog.server.http.Endpoint.Kind.ASSET;
import static dev.seqlog.server.http.Endpoint.Kind.DATA;
import static dev.seqlog.server.http.Endpoint.Kind.METRICS;
import static dev.seqlog.server.http.Endpoint.Kind.PROBE;
import static dev.seqlog.server.http.Endpoint.Kind.STREAM;
import static dev.seqlog.server.http.Endpoint.Runs.IO_THREAD;
import static dev.seqlog.server.http.Endpoint.Runs.WORKER;

/**
 * The /v0 API as one Undertow handler: the request framing ({@link Framing}) and target characters
 * ({@link RequestTarget}), the route table over the raw path ({@link RawPath}), then the request checks of API §1.2 in order (route, readiness,
 * authentication, scope and path name, in-flight cap), then the body, read without blocking, then the
 * endpoint's handler, which does body checks, parsing and the engine call. Thread-safe.
 */
public final class Api implements HttpHandler {
    /** Routes that check no scope here: probes, and streams that authorize themselves. */
    private static final Set<Scope> NO_SCOPE = Set.of();
    /** What a claim and a {@code /work} stream need: they lease jobs and return them (API §1.4). */
    static final Set<Scope> READ_WRITE = Set.of(Scope.READ, Scope.WRITE);
    /** Bodies up to this size are parsed on the I/O thread; a larger one would hold up the thread's other connections. */
    static final int INLINE_BODY_BYTES = 64 << 10;

    final ServerConfig config;
    final EventLog engine;
    final ServerState state;
    final InflightLimiter limiter;
    final BodyReader bodies;
    final NdjsonReader ndjson;
    /** The request-body bytes held at once. */
    final BodyBudget bodyBudget;
    final String version;
    private final RouteTable routes;
    /** The pool for handlers that may block, and for export pages. */
    final Executor workers;
    /** Watch sessions, stream caps and stream authentication. */
    final Streams streams;
    private final HttpMetrics httpMetrics = new HttpMetrics();
    /** The access log, or null when SEQLOG_ACCESS_LOG is off. */
    private final AccessLog accessLog;
    /** The web console's files, or null when SEQLOG_CONSOLE is off. */
    final ConsoleAssets console;

    /**
     * Creates the API over an engine.
     *
     * @param config the validated configuration
     * @param engine the engine
     * @param state the server's lifecycle state
     * @param version the server version reported by health
     * @param workers the pool for handlers that may block
     */
    public Api(ServerConfig config, EventLog engine, ServerState state, String version, Executor workers) {
        this.config = config;
        this.workers = workers;
        this.engine = engine;
        this.state = state;
        this.version = version;
        this.limiter = new InflightLimiter(config.keys(), config.maxInflightPerKey());
        this.bodies = new BodyReader(config.limits());
        this.ndjson = new NdjsonReader(config.limits());
        this.bodyBudget = new BodyBudget(config.connections().bodyBytesInFlight());
        java.time.InstantSource clock = java.time.InstantSource.system();
        this.streams = new Streams(config, clock);
        this.accessLog = config.accessLog() ? new AccessLog(clock) : null;
        this.routes = new RouteTable()
                .add("GET", "/v0/topics", new Endpoint(Scope.READ, DATA, false, WORKER, TopicHandlers::list))
                .add("PUT", "/v0/topics/:topic", new Endpoint(Scope.ADMIN, DATA, true, WORKER, TopicHandlers::put))
                .add("GET", "/v0/topics/:topic", new Endpoint(Scope.READ, DATA, false, WORKER, TopicHandlers::get))
                .add("DELETE", "/v0/topics/:topic",
                        new Endpoint(Scope.DELETE, DATA, false, WORKER, TopicHandlers::delete))
                .add("POST", "/v0/topics/:topic",
                        new Endpoint(Scope.WRITE, DATA, true, IO_THREAD, RecordHandlers::append))
                .add("POST", "/v0/topics/:topic/diff", new Endpoint(Scope.READ, DATA, true, IO_THREAD, LongPoll::handle))
                .add("POST", "/v0/topics/:topic/delete",
                        new Endpoint(Scope.DELETE, DATA, true, WORKER, RecordHandlers::delete))
                .add("GET", "/v0/topics/:topic/records", new Endpoint(Scope.READ, DATA, false, WORKER, Export::handle))
                .add("POST", "/v0/topics/:topic/claim",
                        new Endpoint(READ_WRITE, DATA, true, IO_THREAD, QueueHandlers::claim))
                .add("POST", "/v0/topics/:topic/ack", new Endpoint(Scope.WRITE, DATA, true, IO_THREAD, QueueHandlers::ack))
                .add("POST", "/v0/topics/:topic/nack",
                        new Endpoint(Scope.WRITE, DATA, true, IO_THREAD, QueueHandlers::nack))
                .add("POST", "/v0/topics/:topic/extend",
                        new Endpoint(Scope.WRITE, DATA, true, IO_THREAD, QueueHandlers::extend))
                .add("GET", "/v0/topics/:topic/work",
                        new Endpoint(NO_SCOPE, STREAM, false, IO_THREAD, WorkHandler::stream))
                .add("GET", "/v0/routers", new Endpoint(Scope.READ, DATA, false, WORKER, RouterHandlers::list))
                .add("PUT", "/v0/routers/:router", new Endpoint(Scope.ADMIN, DATA, true, WORKER, RouterHandlers::put))
                .add("GET", "/v0/routers/:router", new Endpoint(Scope.READ, DATA, false, WORKER, RouterHandlers::get))
                .add("DELETE", "/v0/routers/:router",
                        new Endpoint(Scope.DELETE, DATA, false, WORKER, RouterHandlers::delete))
                .add("POST", "/v0/watch", new Endpoint(Scope.READ, DATA, true, IO_THREAD, WatchHandlers::create))
                .add("GET", "/v0/watch/:wid", new Endpoint(NO_SCOPE, STREAM, false, IO_THREAD, WatchHandlers::stream))
                .add("GET", "/v0/ws", new Endpoint(NO_SCOPE, STREAM, false, IO_THREAD, WsHandler::upgrade))
                .add("GET", "/v0/health", new Endpoint(NO_SCOPE, PROBE, false, IO_THREAD, Probes::health))
                .add("GET", "/healthz", new Endpoint(NO_SCOPE, PROBE, false, IO_THREAD, Probes::health))
                .add("GET", "/v0/ready", new Endpoint(NO_SCOPE, PROBE, false, IO_THREAD, Probes::ready))
                .add("GET", "/readyz", new Endpoint(NO_SCOPE, PROBE, false, IO_THREAD, Probes::ready))
                .add("GET", "/v0/metrics", new Endpoint(Scope.READ, METRICS, false, WORKER, MetricsHandler::handle))
                .add("GET", "/v0/admin/backup", new Endpoint(Scope.ADMIN, DATA, false, WORKER, BackupHandler::handle))
                .add("GET", "/v0/cluster", new Endpoint(Scope.READ, METRICS, false, WORKER, ClusterHandlers::status))
                .add("PUT", "/v0/cluster/peers",
                        new Endpoint(Scope.ADMIN, DATA, true, WORKER, ClusterHandlers::setPeers));
        this.console = config.console() ? ConsoleAssets.load() : null;
        if (console != null) {
            routes.add("GET", "/", new Endpoint(NO_SCOPE, ASSET, false, IO_THREAD, ConsoleHandlers::redirect))
                    .add("GET", "/console", new Endpoint(NO_SCOPE, ASSET, false, IO_THREAD, ConsoleHandlers::redirect))
                    .add("GET", "/console/", new Endpoint(NO_SCOPE, ASSET, false, IO_THREAD, ConsoleHandlers::page))
                    .add("GET", "/console/:file", new Endpoint(NO_SCOPE, ASSET, false, IO_THREAD, ConsoleHandlers::file));
        }
    }

    /**
     * Takes a metrics snapshot: engine, server, HTTP and JVM series.
     *
     * @param allowed which topics to include per-topic series of
     * @return the snapshot
     */
    public MetricsSnapshot metrics(Predicate<String> allowed) {
        MetricsSnapshot m = MetricsSnapshot.take(engine, allowed, config.metricsMaxTopics(), state.uptimeMs())
                .gauge("seqlog_sse_connections", "Open SSE streams plus WebSocket connections.",
                        streams.slots().open())
                .gauge("seqlog_watch_sessions", "Live watch sessions.", streams.sessions().size());
        ReplicatedNode node = cluster();
        if (node != null) {
            ClusterMetrics.addTo(m, node.status());
        }
        return JvmMetrics.addTo(httpMetrics.addTo(m));
    }

    /** @return the replicated node this server serves in cluster mode, or null for a single node */
    public ReplicatedNode cluster() {
        return engine instanceof ReplicatedNode n ? n : null;
    }

    /** @return the lifecycle state */
    public ServerState state() {
        return state;
    }

    /**
     * Runs on the connection's I/O thread: the checks of API §1.2 up to the in-flight cap, then the body is
     * read without blocking, then the handler runs where its endpoint says.
     */
    @Override
    public void handleRequest(HttpServerExchange ex) {
        long start = System.nanoTime();
        state.requestStarted();
        String[] route = {HttpMetrics.UNMATCHED};
        Exchange[] current = {new Exchange(ex, this, start, List.of())}; // its key is the one authentication found
        ex.addExchangeCompleteListener((e, next) -> {
            long nanos = System.nanoTime() - start;
            httpMetrics.record(e.getRequestMethod().toString(), route[0], e.getStatusCode(), nanos);
            if (accessLog != null) {
                accessLog.completed(e, route[0], current[0].key, nanos);
            }
            state.requestEnded();
            next.proceed();
        });
        Exchange x = current[0];
        try {
            Framing.check(ex);
            RequestTarget.check(ex);
            RouteTable.Match m = routes.match(ex.getRequestMethod().toString(), RawPath.of(ex));
            route[0] = m.route();
            x = new Exchange(ex, this, start, m.params());
            current[0] = x;
            Endpoint ep = m.endpoint();
            if (ep.kind() == DATA || ep.kind() == STREAM) {
                gate();
            }
            // a stream authenticates itself: its checks come in another order (§8.3); the console's files need no key
            if (ep.kind() != STREAM && ep.kind() != ASSET) {
                x.key = authenticate(ex, ep);
                Guard.scopes(x.key, ep.scopes());
                if (!m.params().isEmpty()) {
                    Guard.name(x.key, x.param(0));
                }
            }
            if (ep.kind() == DATA || ep.kind() == METRICS) {
                acquire(x); // long-lived streams count against the connection caps instead (§12.2)
            }
            if (ep.body()) {
                receiveThenRun(x, ep);
            } else {
                run(x, ep);
            }
        } catch (Throwable t) {
            x.fail(t);
        }
    }

    /**
     * Reads the body, within the server's budget of body bytes held at once (a body that does not fit waits,
     * unread, for earlier ones to finish), then runs the handler.
     */
    private void receiveThenRun(Exchange x, Endpoint ep) {
        HttpServerExchange ex = x.ex;
        long declared = BodyReceiver.declaredLength(ex, config.maxBodyBytes());
        Runnable receive = () -> BodyReceiver.receive(ex, config.maxBodyBytes(), declared,
                config.connections().bodyTimeoutMs(), raw -> {
                    x.raw = raw;
                    run(x, ep);
                }, x::fail);
        long charge = bodyBudget.charge(declared < 0 ? config.maxBodyBytes() : declared);
        // when it had to wait, another request's end starts it: resume it on its own I/O thread, as a handler
        Runnable later = () -> ex.getIoThread().execute(() -> Connectors.executeRootHandler(e -> receive.run(), ex));
        boolean now = bodyBudget.take(charge, later);
        if (charge > 0) {
            ex.addExchangeCompleteListener((e, next) -> {
                if (!bodyBudget.cancel(later)) {
                    bodyBudget.release(charge);
                }
                next.proceed();
            });
        }
        if (now) {
            receive.run();
        } else {
            ex.dispatch(SameThreadExecutor.INSTANCE, () -> { }); // keeps the exchange open while it waits
        }
    }

    /** Runs the handler here when it may run on the I/O thread and its body is small and plain, else on a worker. */
    private void run(Exchange x, Endpoint ep) {
        try {
            boolean here = ep.runs() == Endpoint.Runs.IO_THREAD
                    && (x.raw == null || x.raw.length <= INLINE_BODY_BYTES && !BodyIn.gzipEncoded(x.ex));
            if (here || !x.ex.isInIoThread()) {
                call(x, ep);
            } else {
                x.ex.dispatch(workers, e -> call(x, ep));
            }
        } catch (Throwable t) {
            x.fail(t);
        }
    }

    private static void call(Exchange x, Endpoint ep) {
        try {
            ep.handler().handle(x);
        } catch (Throwable t) {
            x.fail(t);
        }
    }

    private void gate() {
        if (state.draining()) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        if (!engine.isReady()) {
            throw new SeqlogException(ErrorCode.NOT_READY, "recovery in progress")
                    .with("replay_progress", engine.recoveryProgress());
        }
    }

    private ApiKey authenticate(HttpServerExchange ex, Endpoint ep) {
        if (!config.keys().enabled() || (ep.kind() == PROBE && !config.probeAuth())) {
            return ApiKey.DEV_MODE;
        }
        ApiKey k = config.keys().authenticate(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (k == null) {
            throw new SeqlogException(ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
        }
        return k;
    }

    private void acquire(Exchange x) {
        ApiKey key = x.key;
        if (!limiter.tryAcquire(key)) {
            throw new SeqlogException(ErrorCode.THROTTLED, "too many requests in flight for this key")
                    .with("limit", "max_inflight_per_key").with("max", limiter.max());
        }
        // released once the whole answer is handed to the connection (so a client that sends its next request
        // as soon as it has read this one finds the slot free), or however else the exchange ends: error,
        // a streamed export finishing, the client going away
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.getAndSet(false)) {
                limiter.release(key);
            }
        };
        x.beforeAnswer = release;
        x.ex.addExchangeCompleteListener((e, next) -> {
            release.run();
            next.proceed();
        });
    }
}
