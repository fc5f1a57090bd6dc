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
import dev.seqlog.api.Touch;
import dev.seqlog.api.WalStats;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p><b>Where this client differs from the embedded engine</b>, because of what travels over HTTP, the method
 * documentation says: {@link #appendAsync(String, AppendRequest, CreateCheck)} (the create check),
 * {@link #list} and {@link #routers} (one extra call per entry), {@link #extend} (no counters), {@link #work}
 * (leases ahead of demand), {@link #watch} (sessions and reconnects), {@link #awaitHead} (counts as a read),
 * {@link #isReady()} and {@link #awaitReady()}. Timings in results ({@code walAppendNanos}, {@code fsyncNanos},
 * {@code flushNanos}, {@code recordsScanned}) are the server's {@code performance} figures, 0 when absent.
 *
 * <p>Thread-safe. Subscribers and {@link RecordSink}s run on the client's executor and must not block it.
 */
public final class SeqlogClient implements EventLog {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Transport transport;
    private final TopicCalls topics;
    private final QueueCalls queues;
    private final RouterCalls routers;
    private final StreamOptions streams;
    private final Duration readyTimeout;

    SeqlogClient(SeqlogClientBuilder b) {
        boolean ownsExecutor = b.executor == null;
        ExecutorService executor = ownsExecutor ? defaultExecutor() : b.executor;
        boolean ownsHttp = b.httpClient == null;
        HttpClient http = ownsHttp ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout).executor(executor).build() : b.httpClient;
        this.transport = new Transport(http, ownsHttp, b.baseUri, b.token, b.requestTimeout, executor, ownsExecutor);
        this.topics = new TopicCalls(transport);
        this.queues = new QueueCalls(transport, topics);
        this.routers = new RouterCalls(transport);
        this.streams = new StreamOptions(b.reconnectAttempts, b.reconnectDelay.toMillis(), b.streamSilence.toMillis());
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
    public static SeqlogClientBuilder builder(URI baseUri) {
        return new SeqlogClientBuilder(baseUri);
    }

    // ------------------------------------------------------------------------------------------- topics

    @Override
    public CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config) {
        return topics.configure(topic, config);
    }

    @Override
    public TopicState state(String topic, Touch touch) {
        return Calls.join(topics.state(topic, touch));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listing names the topics; each one's full state is then read with its own call, a few at a time,
     * with {@code touch=false} (the listing's own {@code touch} decides whether they count as read). A topic
     * deleted in between is left out of the page.
     */
    @Override
    public TopicPage list(ListRequest request) {
        return topics.list(request);
    }

    @Override
    public CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition) {
        return topics.deleteTopic(topic, condition);
    }

    // ---------------------------------------------------------------------------------------- records

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        return topics.append(topic, request);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The server makes the creation decision itself. When {@code check} is not {@link CreateCheck#ALLOW} and
     * the write carries a configuration that may create the topic, the write is first sent with
     * {@code create:false}; if the topic exists that is the answer (its configuration is ignored, as the server
     * would). If the topic is missing, {@code check} is asked (its refusal completes the future and nothing is
     * sent), then the write is sent as given. The check and the creation are two steps here, not one: a topic
     * created by someone else in between is written to as it is.
     */
    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check) {
        return topics.append(topic, request, check);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        return Diffs.materialise(Calls.join(topics.diff(topic, request)).body());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The answer is read whole, then its records are handed to {@code sink} on the calling thread as views over
     * the answer's bytes.
     */
    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return Diffs.read(Calls.join(topics.diff(topic, request)).body(), sink);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Opening reads the topic's head ({@code touch=false}); each page is then one request to the export route
     * (API §16.2), closed once the page is read, so an abandoned cursor holds no connection. The head reported
     * is the one of the last page that reached the end of the export or a tombstone.
     */
    @Override
    public ExportCursor export(String topic, DiffRequest request, long toSeq) {
        TopicState s = state(topic, Touch.PEEK);
        return new HttpExport(transport, topic, request, Math.min(toSeq, s.headSeq()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A chain of long-poll diffs ({@code wait_ms} 30 s each, one record, no meta): each counts as a read of the
     * topic for automatic priority, as any diff does. A missing topic completes the future with topic_not_found;
     * cancelling it aborts the poll in flight.
     */
    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return Calls.checked(() -> {
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
        return Calls.checked(() -> {
            Names.requireTopic(topic);
            return LongPoll.diff(transport, topic, request, waitMs, sink, executor);
        });
    }

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request) {
        return topics.delete(topic, request);
    }

    // ------------------------------------------------------------------------------------------ watch

    /**
     * {@inheritDoc}
     *
     * <p>Binds the watch with {@code POST /v0/watch} before returning; each subscription streams
     * {@code GET /v0/watch/:wid}, reading from the connection only while the subscriber has demand. A server
     * session carries one stream and can only rewind, so the first subscription starting at or below the bound
     * positions uses the bound session; any other subscription (a second one at the same time, or one from
     * {@link WatchPublisher#startingAt} cursors above the bound positions) binds its own session from its starts,
     * following the topics' instances as they are then. A lost connection, or a stream the server ends as
     * {@code shutting_down} or {@code slow_consumer}, is resumed after the builder's reconnect delay from the
     * cursors of the last frame read ({@code Last-Event-ID}); a session the server no longer has (a restart) is
     * bound again from those cursors, and a topic missing then is reported as deleted. After the builder's number
     * of failed reconnects in a row, or a {@code superseded} stream, the subscriber gets {@code onError}.
     */
    @Override
    public WatchPublisher watch(WatchRequest request) {
        return ClientWatch.bind(transport, request, streams);
    }

    // ----------------------------------------------------------------------------------------- queues

    @Override
    public CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request) {
        return queues.claim(topic, request);
    }

    @Override
    public CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request) {
        return queues.lease(topic, request, "ack", null, 0, "acked");
    }

    @Override
    public CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs) {
        return queues.lease(topic, request, "nack", "delay_ms", delayMs, "nacked");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The answer carries no queue counters (API §10.7): the result's {@code ready} and {@code inFlight} are -1.
     */
    @Override
    public CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs) {
        return queues.lease(topic, request, "extend", "lease_ms", leaseMs, "extended");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checks the queue with a state read ({@code touch=false}) before returning. The server keeps up to
     * {@code max} jobs leased to a subscription's connection whatever its demand; demand decides what is read
     * from the connection. The node's length is checked by the server when a subscription connects, and a
     * refusal then reaches the subscriber as {@code onError}.
     */
    @Override
    public WorkPublisher work(String topic, WorkRequest request) {
        return queues.work(topic, request);
    }

    // ---------------------------------------------------------------------------------------- routers

    @Override
    public CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec) {
        return routers.put(router, spec);
    }

    @Override
    public RouterInfo router(String router) {
        return Calls.join(routers.get(router));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listing names the routers; each is then read with its own call, a few at a time, for its whole
     * definition and progress. A router deleted in between is left out of the page.
     */
    @Override
    public RouterPage routers(RouterListRequest request) {
        return routers.list(request);
    }

    @Override
    public CompletableFuture<RouterDeletion> deleteRouterAsync(String router) {
        return routers.delete(router);
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
            Calls.join(transport.call("GET", "/v0/ready", null));
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
}
