package dev.seqlog.client;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.Names;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.Touch;
import dev.seqlog.api.WalStats;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link EventLog} of a seqlog server, over its {@code /v0} HTTP API: code written against {@code EventLog}
 * runs unchanged against an embedded engine or a remote server.
 *
 * <pre>{@code
 * try (SeqlogClient log = SeqlogClient.builder(URI.create("http://127.0.0.1:4000")).token(key).build()) {
 *     log.append("orders", AppendRequest.of(RecordInput.json("{\"sku\":\"A-1\"}")));
 *     DiffResult page = log.diff("orders", DiffRequest.from(0));
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> Every refusal is a {@link SeqlogException} with the server's {@link ErrorCode}, message and
 * {@code detail}; a {@code Retry-After} header adds {@code detail.retry_after} (seconds). Transport failures keep
 * their cause: a timeout is {@code request_timeout}, an unreachable server or a broken connection is
 * {@code internal} with {@code detail.reason} ({@code unreachable}, {@code transport}). Synchronous methods throw
 * it; asynchronous ones complete their future with it. Calls after {@link #close()} fail with
 * {@code shutting_down}.
 *
 * <p><b>Where this client differs from the embedded engine</b>, because of what travels over HTTP:
 * <ul>
 *   <li>{@link #appendAsync(String, AppendRequest, CreateCheck)}: the server decides topic creation itself. With a
 *       check other than {@link CreateCheck#ALLOW} and an inline configuration that may create the topic, the
 *       client first writes with {@code create:false}; only if the topic is missing does it ask the check, then
 *       sends the write as given. The check and the creation are therefore not one step: a topic created by
 *       someone else in between is written to without the check's objection mattering.</li>
 *   <li>{@link #list} and {@link #routers}: the listings carry only part of each entry (API §2.3, §7.3), so each
 *       listed topic's state ({@code touch=false}) and each router are read with one call each, a few at a time;
 *       an entry deleted in between is left out of the page.</li>
 *   <li>{@link #extend} answers carry no queue counters (API §10.7): its result's {@code ready} and
 *       {@code inFlight} are -1. Timings ({@code walAppendNanos}, {@code fsyncNanos}, {@code flushNanos},
 *       {@code recordsScanned}) are the server's {@code performance} figures, 0 when absent.</li>
 *   <li>{@link #work}: the server keeps up to {@code max} jobs leased to the connection whatever the subscriber's
 *       demand; demand decides only what is read from the connection (see {@link WorkPublisher}).</li>
 *   <li>{@link #watch}: see {@link ClientWatch} for how sessions are shared between subscriptions and
 *       {@link WatchStream} for reconnects.</li>
 *   <li>{@link #isReady()} is false while the server cannot be reached; {@link #awaitReady()} waits at most the
 *       builder's ready timeout.</li>
 * </ul>
 *
 * <p>Thread-safe. Subscribers and {@link RecordSink}s run on the client's executor and must not block it.
 */
public final class SeqlogClient implements EventLog {
    /** How many listing entries are read at once. */
    private static final int LIST_WINDOW = 8;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Transport transport;
    private final StreamOptions streams;
    private final Duration readyTimeout;

    private SeqlogClient(Builder b) {
        boolean ownsExecutor = b.executor == null;
        ExecutorService executor = ownsExecutor ? defaultExecutor() : b.executor;
        boolean ownsHttp = b.httpClient == null;
        HttpClient http = ownsHttp ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout).executor(executor).build() : b.httpClient;
        this.transport = new Transport(http, ownsHttp, b.baseUri, b.token, b.requestTimeout, executor, ownsExecutor);
        this.streams = new StreamOptions(b.reconnectAttempts, b.reconnectDelay.toMillis());
        this.readyTimeout = b.readyTimeout;
    }

    /** Four daemon threads that end when idle and when the client closes. */
    private static ExecutorService defaultExecutor() {
        int client = CLIENTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "seqlog-client-" + client + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * A builder for a client of the server at {@code baseUri}.
     *
     * @param baseUri the server's root, e.g. {@code http://127.0.0.1:4000} (the {@code /v0} paths are added)
     * @return the builder
     */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    // ------------------------------------------------------------------------------------------- topics

    @Override
    public CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config) {
        return checked(() -> {
            Names.requireTopic(topic);
            return transport.call("PUT", Paths.topic(topic), Requests.config(config))
                    .thenApply(r -> Responses.read(r.body(), "topic configuration", Responses::configured));
        });
    }

    @Override
    public TopicState state(String topic, Touch touch) {
        return join(stateAsync(topic, touch));
    }

    private CompletableFuture<TopicState> stateAsync(String topic, Touch touch) {
        Names.requireTopic(topic);
        String path = new Paths.Query().add("touch", touch == Touch.READ).on(Paths.topic(topic));
        return transport.call("GET", path, null).thenApply(r -> Responses.read(r.body(), "topic state",
                Responses::state));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each listed topic's full state is read with its own call ({@code touch=false}; the listing's own
     * {@code touch} decides whether the topics count as read), a few at a time.
     */
    @Override
    public TopicPage list(ListRequest request) {
        String path = new Paths.Query().add("prefix", request.prefix()).add("page_size", request.pageSize())
                .add("cursor", request.cursor()).add("touch", request.touch() ? Boolean.TRUE : null).on("/v0/topics");
        Responses.NamePage page = Responses.read(join(transport.call("GET", path, null)).body(), "topic list",
                Responses.names("topics", "topic"));
        List<TopicState> states = each(page.names(), t -> stateAsync(t, Touch.PEEK), ErrorCode.TOPIC_NOT_FOUND);
        return new TopicPage(states, page.nextCursor());
    }

    @Override
    public CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition) {
        return checked(() -> {
            Names.requireTopic(topic);
            String path = new Paths.Query().add("if_empty", condition == DeleteIf.EMPTY ? Boolean.TRUE : null)
                    .on(Paths.topic(topic));
            return transport.call("DELETE", path, null).thenApply(r -> Responses.read(r.body(), "topic deletion",
                    Responses::topicDeletion));
        });
    }

    // ---------------------------------------------------------------------------------------- records

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        return checked(() -> {
            Names.requireTopic(topic);
            // seqs are contiguous: first_seq and last_seq say everything the seqs array would
            String path = new Paths.Query().add("return_seqs", false).on(Paths.topic(topic));
            return transport.call("POST", path, Requests.append(request)).thenApply(r -> Responses.read(r.body(),
                    "append result", Responses::appended));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The server makes the creation decision itself. When {@code check} is not {@link CreateCheck#ALLOW} and
     * the write carries a configuration that may create the topic, the write is first sent with
     * {@code create:false}; if the topic exists that is the answer (its configuration is ignored, as the server
     * would). If the topic is missing, {@code check} is asked (its refusal completes the future, nothing is
     * sent), then the write is sent as given. The check and the creation are two steps here, not one.
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check) {
        boolean mayCreate = request.config() != null && !Boolean.FALSE.equals(request.create())
                && (request.create() != null || request.config().autoCreate());
        if (check == CreateCheck.ALLOW || !mayCreate) {
            return appendAsync(topic, request);
        }
        AppendRequest existing = new AppendRequest(request.records(), request.node(), request.idempotencyKey(), false,
                null);
        return appendAsync(topic, existing).exceptionallyCompose(e -> {
            Throwable c = Errors.unwrap(e);
            if (!(c instanceof SeqlogException s) || s.code() != ErrorCode.TOPIC_NOT_FOUND) {
                return CompletableFuture.failedFuture(c);
            }
            try {
                check.check(topic, request.config());
            } catch (RuntimeException refused) {
                return CompletableFuture.failedFuture(refused);
            }
            return appendAsync(topic, request);
        });
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        return Diffs.materialise(join(diffCall(topic, request)).body());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The answer is read whole, then its records are handed to {@code sink} as views over its bytes, on the
     * calling thread.
     */
    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return Diffs.read(join(diffCall(topic, request)).body(), sink);
    }

    private CompletableFuture<Transport.Response> diffCall(String topic, DiffRequest request) {
        Names.requireTopic(topic);
        return transport.call("POST", Paths.topic(topic, "diff"), Requests.diff(request, 0));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Opening reads the topic's head ({@code touch=false}); each page is then one request to the export route
     * (API §16.2), closed once the page is read. See {@link HttpExport}.
     */
    @Override
    public ExportCursor export(String topic, DiffRequest request, long toSeq) {
        TopicState s = state(topic, Touch.PEEK);
        return new HttpExport(transport, topic, request, Math.min(toSeq, s.headSeq()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A chain of long-polls ({@code wait_ms} 30 s each); a missing topic completes the future with
     * topic_not_found. Cancelling it aborts the poll in flight.
     */
    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return checked(() -> {
            Names.requireTopic(topic);
            return LongPoll.head(transport, topic, afterSeq);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>The wait is the server's, on the server's clock, in calls of at most 30 s; cancelling the future aborts
     * the call in flight. The answer is read and handed to {@code sink} on {@code executor}.
     */
    @Override
    public CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                                   Executor executor) {
        return checked(() -> {
            Names.requireTopic(topic);
            return LongPoll.diff(transport, topic, request, waitMs, sink, executor);
        });
    }

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request) {
        return checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, "delete"), Requests.delete(request))
                    .thenApply(r -> Responses.read(r.body(), "delete result", Responses::deleted));
        });
    }

    // ------------------------------------------------------------------------------------------ watch

    /**
     * {@inheritDoc}
     *
     * <p>Binds the watch with {@code POST /v0/watch} before returning; each subscription streams
     * {@code GET /v0/watch/:wid}. Records are read from the connection only while the subscriber has demand.
     */
    @Override
    public WatchPublisher watch(WatchRequest request) {
        return ClientWatch.bind(transport, request, streams);
    }

    // ----------------------------------------------------------------------------------------- queues

    @Override
    public CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request) {
        return checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, "claim"), Requests.claim(request))
                    .thenApply(r -> Responses.read(r.body(), "claim result", Responses::claimed));
        });
    }

    @Override
    public CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request) {
        return lease(topic, "ack", Requests.lease(request, null, 0), "acked");
    }

    @Override
    public CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs) {
        return lease(topic, "nack", Requests.lease(request, "delay_ms", delayMs), "nacked");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The answer carries no queue counters (API §10.7): the result's {@code ready} and {@code inFlight} are -1.
     */
    @Override
    public CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs) {
        return lease(topic, "extend", Requests.lease(request, "lease_ms", leaseMs), "extended");
    }

    private CompletableFuture<LeaseResult> lease(String topic, String action, byte[] body, String done) {
        return checked(() -> {
            Names.requireTopic(topic);
            return transport.call("POST", Paths.topic(topic, action), body)
                    .thenApply(r -> Responses.read(r.body(), action + " result", Responses.leased(done)));
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checks the queue with a state read ({@code touch=false}) before returning; the node's length and the
     * other limits are checked by the server when a subscription connects, and reported with {@code onError}.
     */
    @Override
    public WorkPublisher work(String topic, WorkRequest request) {
        TopicState s = state(topic, Touch.PEEK);
        if (s.type() != TopicType.QUEUE) {
            throw new SeqlogException(ErrorCode.NOT_A_QUEUE, "topic \"" + topic + "\" is not a queue")
                    .with("topic", topic);
        }
        if (request.node() == null || request.node().isEmpty()) {
            throw SeqlogException.invalid("node", "node is required: it names the worker the jobs are leased to");
        }
        return new ClientWork(transport, topic, request);
    }

    // ---------------------------------------------------------------------------------------- routers

    @Override
    public CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec) {
        return checked(() -> {
            Names.requireRouter(router);
            return transport.call("PUT", Paths.router(router), Requests.router(spec))
                    .thenApply(r -> Responses.read(r.body(), "router", Responses::routerPut));
        });
    }

    @Override
    public RouterInfo router(String router) {
        return join(routerAsync(router));
    }

    private CompletableFuture<RouterInfo> routerAsync(String router) {
        Names.requireRouter(router);
        return transport.call("GET", Paths.router(router), null)
                .thenApply(r -> Responses.read(r.body(), "router", Responses::router));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each listed router is read with its own call, a few at a time, for its whole definition and progress.
     */
    @Override
    public RouterPage routers(RouterListRequest request) {
        String path = new Paths.Query().add("prefix", request.prefix()).add("source", request.source())
                .add("dest", request.dest()).add("page_size", request.pageSize()).add("cursor", request.cursor())
                .on("/v0/routers");
        Responses.NamePage page = Responses.read(join(transport.call("GET", path, null)).body(), "router list",
                Responses.names("routers", "router"));
        return new RouterPage(each(page.names(), this::routerAsync, ErrorCode.ROUTER_NOT_FOUND), page.nextCursor());
    }

    @Override
    public CompletableFuture<RouterDeletion> deleteRouterAsync(String router) {
        return checked(() -> {
            Names.requireRouter(router);
            return transport.call("DELETE", Paths.router(router), null)
                    .thenApply(r -> Responses.read(r.body(), "router deletion", Responses::routerDeletion));
        });
    }

    // ---------------------------------------------------------------------------------------- status

    /**
     * {@inheritDoc}
     *
     * <p>Asks {@code GET /v0/ready}: false while the server recovers or drains, and while it cannot be reached.
     *
     * @throws SeqlogException for any other answer (unauthorized, when probes need a key)
     */
    @Override
    public boolean isReady() {
        try {
            join(transport.call("GET", "/v0/ready", null));
            return true;
        } catch (SeqlogException e) {
            Object reason = e.detail().get("reason");
            boolean unreachable = "unreachable".equals(reason) || "transport".equals(reason)
                    || e.code() == ErrorCode.REQUEST_TIMEOUT;
            if (e.code() == ErrorCode.NOT_READY || e.code() == ErrorCode.SHUTTING_DOWN || unreachable) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Polls {@code GET /v0/ready} every 100 ms while the server recovers or cannot be reached yet, up to the
     * builder's ready timeout.
     *
     * @throws SeqlogException the last not_ready or transport failure after the timeout; shutting_down at once
     */
    @Override
    public void awaitReady() {
        ServerStatus.awaitReady(transport, readyTimeout, Duration.ofMillis(100));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Read from the JSON metrics snapshot ({@code GET /v0/metrics}, API §11.3), whose WAL series are these
     * counters; the latency histogram comes back cumulative and is made per-bucket again.
     */
    @Override
    public WalStats walStats() {
        return ServerStatus.walStats(transport);
    }

    /**
     * {@inheritDoc}
     *
     * <p>From {@code GET /v0/ready}: 1.0 when ready (or draining), the server's {@code replay_progress} while it
     * recovers.
     *
     * @throws SeqlogException when the server cannot be reached
     */
    @Override
    public double recoveryProgress() {
        return ServerStatus.progress(transport);
    }

    /**
     * Ends every open watch and work subscription (their subscribers get {@code shutting_down}), aborts calls in
     * flight (their futures fail with {@code shutting_down}), and releases what the client owns: its executor,
     * and its HTTP client where the JDK can close one (21 and later). A client or executor passed to the
     * builder is left open. The server is not affected. Idempotent.
     */
    @Override
    public void close() {
        transport.close();
    }

    // ---------------------------------------------------------------------------------------- helpers

    /** A call whose argument checks may throw: a thrown SeqlogException completes the future instead. */
    private static <T> CompletableFuture<T> checked(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Reads one entry per name, a window at a time, in order; entries answered with {@code gone} are left out. */
    private static <T> List<T> each(List<String> names, Function<String, CompletableFuture<T>> get, ErrorCode gone) {
        List<T> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i += LIST_WINDOW) {
            List<CompletableFuture<T>> window = new ArrayList<>();
            for (String n : names.subList(i, Math.min(names.size(), i + LIST_WINDOW))) {
                window.add(get.apply(n));
            }
            for (CompletableFuture<T> f : window) {
                try {
                    out.add(join(f));
                } catch (SeqlogException e) {
                    if (e.code() != gone) {
                        throw e;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Waits for a future and throws what it failed with, unwrapped: a SeqlogException stays one.
     *
     * @param f the future
     * @param <T> its type
     * @return its value
     */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException | CancellationException e) {
            Throwable c = Errors.unwrap(e);
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new SeqlogException(ErrorCode.INTERNAL, "the call failed: " + c, c);
        }
    }

    /**
     * Builds a {@link SeqlogClient}. Not thread-safe.
     */
    public static final class Builder {
        private final URI baseUri;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private HttpClient httpClient;
        private ExecutorService executor;
        private int reconnectAttempts = 5;
        private Duration reconnectDelay = Duration.ofSeconds(2);
        private Duration readyTimeout = Duration.ofMinutes(5);

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            if (baseUri.getScheme() == null || baseUri.getHost() == null) {
                throw new IllegalArgumentException("baseUri needs a scheme and a host, e.g. http://127.0.0.1:4000");
            }
            this.baseUri = baseUri;
        }

        /**
         * Sets the API key sent as {@code Authorization: Bearer} (API §1.3). Default: none, for a server in dev
         * mode.
         *
         * @param v the key, or null for none
         * @return this builder
         */
        public Builder token(String v) {
            this.token = v == null || v.isEmpty() ? null : v;
            return this;
        }

        /**
         * Sets how long opening a connection may take. Default: 10 seconds. Ignored when
         * {@link #httpClient(HttpClient)} is given (that client's own setting applies).
         *
         * @param v a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration v) {
            this.connectTimeout = positive(v, "connectTimeout");
            return this;
        }

        /**
         * Sets how long a call may wait for its answer. A long-poll waits its {@code wait_ms} on top of this;
         * watch and work streams are not bounded by it. Default: 30 seconds.
         *
         * @param v a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration v) {
            this.requestTimeout = positive(v, "requestTimeout");
            return this;
        }

        /**
         * Uses this HTTP client instead of building one; the client is not closed by {@link SeqlogClient#close()}.
         * It should speak HTTP/1.1 (seqlog serves HTTP/1.1 only). Default: a client built and owned by this
         * {@code SeqlogClient}, HTTP/1.1, with {@link #connectTimeout} and the executor below.
         *
         * @param v the client, or null for the default
         * @return this builder
         */
        public Builder httpClient(HttpClient v) {
            this.httpClient = v;
            return this;
        }

        /**
         * Sets the executor for completions, subscriber signals and record sinks; it is not shut down by
         * {@link SeqlogClient#close()}. Default: four daemon threads owned by the client, ending when idle and
         * when it closes.
         *
         * @param v the executor, or null for the default
         * @return this builder
         */
        public Builder executor(ExecutorService v) {
            this.executor = v;
            return this;
        }

        /**
         * Sets how many reconnects in a row a watch subscription tries after losing its stream before it fails.
         * Default: 5.
         *
         * @param v 0 or more
         * @return this builder
         */
        public Builder reconnectAttempts(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("reconnectAttempts must be >= 0");
            }
            this.reconnectAttempts = v;
            return this;
        }

        /**
         * Sets the wait before each watch reconnect. Default: 2 seconds, the {@code retry} a server advertises.
         *
         * @param v zero or positive
         * @return this builder
         */
        public Builder reconnectDelay(Duration v) {
            if (v == null || v.isNegative()) {
                throw new IllegalArgumentException("reconnectDelay must be zero or positive");
            }
            this.reconnectDelay = v;
            return this;
        }

        /**
         * Sets how long {@link SeqlogClient#awaitReady()} waits for a recovering or starting server. Default:
         * 5 minutes.
         *
         * @param v a positive duration
         * @return this builder
         */
        public Builder readyTimeout(Duration v) {
            this.readyTimeout = positive(v, "readyTimeout");
            return this;
        }

        /**
         * Builds the client. No connection is made until the first call.
         *
         * @return the client
         */
        public SeqlogClient build() {
            return new SeqlogClient(this);
        }

        private static Duration positive(Duration v, String name) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return v;
        }
    }
}
