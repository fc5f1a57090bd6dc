package dev.seqlog.client;

import com.sun.net.httpserver.HttpServer;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.seqlog.client.EventLogContract.assertCode;
import static dev.seqlog.client.Probes.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What only the HTTP client has: transport failures, error envelopes, auth, cancellation, reconnects, close. */
class SeqlogClientTest {

    @BeforeAll
    static void http() {
        TestHttp.client();
    }

    private static SeqlogClientBuilder client(URI uri) {
        return SeqlogClient.builder(uri).httpClient(TestHttp.client());
    }

    /** An engine, a server over it, and a client of the server; closed in reverse. */
    private static final class Stack implements AutoCloseable {
        final ManualClock clock = new ManualClock(1_700_000_000_000L);
        final SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().clock(clock).backgroundExpiry(false).build());
        SeqlogServer server;
        final SeqlogClient client;

        Stack(Map<String, String> env, java.util.function.UnaryOperator<SeqlogClientBuilder> options) throws Exception {
            server = SeqlogServer.start(ServerConfig.fromEnv(env).withPort(0).withDataDir(null), engine);
            client = options.apply(client(server.baseUri())).build();
        }

        Stack() throws Exception {
            this(Map.of(), b -> b);
        }

        @Override
        public void close() {
            client.close();
            server.close();
            engine.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anUnreachableServerIsAnInternalFailureWithItsCause() throws Exception {
        try (SeqlogClient c = client(URI.create("http://127.0.0.1:" + freePort())).build()) {
            SeqlogException sync = assertThrows(SeqlogException.class, () -> c.state("t"));
            assertEquals(ErrorCode.INTERNAL, sync.code());
            assertEquals("unreachable", sync.detail().get("reason"));
            assertInstanceOf(ConnectException.class, sync.getCause());
            SeqlogException async = assertCode(ErrorCode.INTERNAL,
                    () -> c.appendAsync("t", AppendRequest.of(RecordInput.json("1"))));
            assertEquals("unreachable", async.detail().get("reason"));
            assertFalse(c.isReady(), "a server that cannot be reached is not ready");
            assertThrows(SeqlogException.class, c::recoveryProgress);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // the kernel accepts the connection into the backlog; nobody ever reads the request
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             SeqlogClient c = client(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .requestTimeout(Duration.ofMillis(300)).build()) {
            SeqlogException e = assertCode(ErrorCode.REQUEST_TIMEOUT, () -> c.configureAsync("t", TopicConfig.defaults()));
            assertEquals("request_timeout", e.detail().get("reason"));
            assertInstanceOf(java.net.http.HttpTimeoutException.class, e.getCause());
        }
    }

    /** Answers every request with one canned response. */
    private static HttpServer fake(int status, Map<String, String> headers, String body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        s.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        return s;
    }

    private static SeqlogException against(HttpServer s, java.util.function.Function<SeqlogClient, Object> call) {
        try (SeqlogClient c = client(URI.create("http://127.0.0.1:" + s.getAddress().getPort())).build()) {
            return EventLogContract.failure(() -> call.apply(c));
        } finally {
            s.stop(0);
        }
    }

    @Test
    void anErrorEnvelopeKeepsItsCodeMessageDetailAndRetryAfter() throws Exception {
        SeqlogException e = against(fake(429, Map.of("Retry-After", "2", "Content-Type", "application/json"),
                "{\"error\":{\"code\":\"throttled\",\"message\":\"slow down\",\"detail\":{\"retry_after_ms\":1500,"
                        + "\"topics\":[\"a\"],\"nested\":{\"x\":true}}},\"performance\":{\"server_total_ms\":0.1}}"),
                c -> c.appendAsync("t", AppendRequest.of(RecordInput.json("1"))));
        assertEquals(ErrorCode.THROTTLED, e.code());
        assertEquals("slow down", e.getMessage());
        assertEquals(1500L, e.detail().get("retry_after_ms"));
        assertEquals(2L, e.detail().get("retry_after"));
        assertEquals(List.of("a"), e.detail().get("topics"));
        assertEquals(Map.of("x", true), e.detail().get("nested"));
    }

    @Test
    void answersWithoutAnEnvelopeOrWithAnUnknownCodeAreStillSeqlogExceptions() throws Exception {
        SeqlogException proxy = against(fake(502, Map.of("Content-Type", "text/html"), "<html>bad gateway</html>"),
                c -> c.state("t"));
        assertEquals(ErrorCode.INTERNAL, proxy.code());
        assertEquals(502, proxy.detail().get("status"));
        SeqlogException unknown = against(fake(409, Map.of(),
                "{\"error\":{\"code\":\"something_new\",\"message\":\"a newer server\"}}"), c -> c.state("t"));
        assertEquals(ErrorCode.INTERNAL, unknown.code());
        assertEquals("something_new", unknown.detail().get("wire_code"));
        SeqlogException garbled = against(fake(200, Map.of(), "{\"topic\":"), c -> c.state("t"));
        assertEquals(ErrorCode.INTERNAL, garbled.code());
        assertEquals("malformed_response", garbled.detail().get("reason"));
        SeqlogException down = against(fake(503, Map.of("Retry-After", "1"), ""), c -> c.state("t"));
        assertEquals(ErrorCode.NOT_READY, down.code());
        assertEquals(1L, down.detail().get("retry_after"));
    }

    @Test
    void theTokenIsSentAndAWatchStreamNeedsIt() throws Exception {
        try (Stack s = new Stack(Map.of("SEQLOG_API_KEYS", "secret-1"), b -> b.token("secret-1"));
             SeqlogClient anonymous = client(s.server.baseUri()).build()) {
            assertCode(ErrorCode.UNAUTHORIZED, () -> anonymous.state("t"));
            s.client.append("t", AppendRequest.of(RecordInput.json("1")));
            Probes.WatchProbe p = new Probes.WatchProbe();
            s.client.watch(WatchRequest.after("t", 0)).subscribe(p);
            p.request(Long.MAX_VALUE);
            await().atMost(WAIT).until(() -> p.seqs().size() == 1 || p.error != null);
            assertNull(p.error);
            p.subscription.cancel();
        }
    }

    @Test
    void cancellingALongPollAbortsItsRequest() throws Exception {
        try (Stack s = new Stack()) {
            s.client.append("t", AppendRequest.of(RecordInput.json("1")));
            CompletableFuture<DiffResult> poll = s.client.diffAwait("t", DiffRequest.from(1), 25_000, v -> { },
                    Runnable::run);
            await().atMost(WAIT).until(() -> s.server.state().parkedPolls() == 1);
            int open = s.server.openConnections();
            assertTrue(poll.cancel(true));
            // the server notices a closed connection when it answers: had the client kept the exchange, the
            // answer would arrive and the connection would stay open for the next call (the write goes to the
            // engine directly, so that no new connection is opened meanwhile)
            s.engine.append("t", AppendRequest.of(RecordInput.json("2")));
            await().atMost(WAIT).until(() -> s.server.state().parkedPolls() == 0);
            await().atMost(WAIT).until(() -> s.server.openConnections() < open);
        }
    }

    @Test
    void aWatchResumesWhereItWasAfterTheServerRestarts() throws Exception {
        Map<String, String> env = Map.of("SEQLOG_SHUTDOWN_GRACE_MS", "200");
        try (Stack s = new Stack(env, b -> b.reconnectDelay(Duration.ofMillis(50)).reconnectAttempts(200))) {
            s.client.append("t", AppendRequest.of(RecordInput.json("1"), RecordInput.json("2")));
            Probes.WatchProbe p = new Probes.WatchProbe();
            s.client.watch(WatchRequest.after("t", 0)).subscribe(p);
            p.request(Long.MAX_VALUE);
            await().atMost(WAIT).until(() -> p.seqs().size() == 2);
            int port = s.server.port();
            s.server.close(); // the stream ends with shutting_down; the session goes with the server
            s.server = SeqlogServer.start(ServerConfig.fromEnv(env).withPort(port).withDataDir(null), s.engine);
            s.engine.append("t", AppendRequest.of(RecordInput.json("3")));
            await().atMost(WAIT).until(() -> p.seqs().size() >= 3 || p.error != null);
            assertNull(p.error);
            assertEquals(List.of(1L, 2L, 3L), p.seqs(), "nothing twice, nothing lost");
            assertEquals(Map.of("t", 3L), p.lastCursors());
            p.subscription.cancel();
        }
    }

    @Test
    void aWatchConnectionThatGoesSilentIsReplacedAndResumes() throws Exception {
        try (Stack s = new Stack()) {
            try (FreezingProxy proxy = new FreezingProxy(s.server.port());
                 SeqlogClient c = client(proxy.uri()).streamSilenceTimeout(Duration.ofSeconds(2))
                         .reconnectDelay(Duration.ofMillis(50)).build()) {
                s.engine.append("t", AppendRequest.of(RecordInput.json("1")));
                Probes.WatchProbe p = new Probes.WatchProbe();
                c.watch(WatchRequest.after("t", 0)).subscribe(p);
                p.request(Long.MAX_VALUE);
                await().atMost(WAIT).until(() -> p.seqs().size() == 1);
                proxy.freezeOpen(); // the connection stays open and says nothing, heartbeats included
                s.engine.append("t", AppendRequest.of(RecordInput.json("2")));
                await().atMost(WAIT).until(() -> p.seqs().size() >= 2 || p.error != null);
                assertNull(p.error);
                assertEquals(List.of(1L, 2L), p.seqs(), "resumed after the silent connection, nothing twice");
                p.subscription.cancel();
            }
        }
    }

    @Test
    void closingEndsStreamsWithShuttingDownAndLaterCallsFail() throws Exception {
        try (Stack s = new Stack()) {
            s.client.configure("q", TopicConfig.builder().type(TopicType.QUEUE).build());
            Probes.WatchProbe watch = new Probes.WatchProbe();
            s.client.watch(WatchRequest.tail("q")).subscribe(watch);
            watch.request(1);
            watch.awaitSize(1); // caught-up: the stream is open
            Probes.WorkProbe work = new Probes.WorkProbe();
            s.client.work("q", WorkRequest.of("w", 1)).subscribe(work);
            work.request(1);
            s.client.close();
            await().atMost(WAIT).until(() -> watch.error != null && work.error != null);
            assertEquals(ErrorCode.SHUTTING_DOWN, ((SeqlogException) watch.error).code());
            assertEquals(ErrorCode.SHUTTING_DOWN, ((SeqlogException) work.error).code());
            assertCode(ErrorCode.SHUTTING_DOWN, () -> s.client.state("q"));
            assertFalse(s.client.isReady());
        }
    }

    @Test
    void aClientThatOwnsItsHttpClientClosesIt() throws Exception {
        // before JDK 21 an HTTP client cannot be closed: its selector thread ends only once it is collected
        assumeTrue(Runtime.version().feature() >= 21, "HttpClient.close() needs JDK 21");
        try (SeqlogEngine engine = SeqlogEngine.open(EngineOptions.builder().build());
             SeqlogServer server = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), engine);
             SeqlogClient c = SeqlogClient.builder(server.baseUri()).build()) {
            c.append("t", AppendRequest.of(RecordInput.json("1")));
            assertTrue(c.isReady());
        } // the strict extension fails the test if a client thread outlives it
    }
}
