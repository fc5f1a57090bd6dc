package dev.seqlog.client;

import dev.seqlog.api.SeqlogException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP exchange with one server: request building (base URI, bearer token, timeouts, content type), sending
 * without blocking, the mapping of every failure to a {@link SeqlogException} ({@link Errors}), and the
 * bookkeeping that lets {@link #close} abort what is still in flight. Cancelling a future it returned aborts the
 * HTTP exchange behind it.
 *
 * <p>Thread-safe.
 */
final class Transport implements AutoCloseable {
    /** The one answer of a JSON route. */
    record Response(int status, HttpHeaders headers, byte[] body) {
    }

    private static final String JSON = "application/json";

    private final HttpClient http;
    private final boolean ownsHttp;
    private final String base;
    private final String token;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<AutoCloseable> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private ScheduledExecutorService timer;

    /**
     * @param http the HTTP client
     * @param ownsHttp whether {@link #close} closes it
     * @param baseUri the server, e.g. {@code http://127.0.0.1:4000}; a path prefix is kept
     * @param token the bearer token, or null
     * @param requestTimeout how long a plain call may take
     * @param executor runs callbacks and deliveries
     * @param ownsExecutor whether {@link #close} shuts it down
     */
    Transport(HttpClient http, boolean ownsHttp, URI baseUri, String token, Duration requestTimeout,
              ExecutorService executor, boolean ownsExecutor) {
        this.http = http;
        this.ownsHttp = ownsHttp;
        String b = baseUri.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.base = b;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
    }

    /** @return where callbacks and deliveries run */
    Executor executor() {
        return executor;
    }

    /** @return the timeout of a plain call */
    Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return whether {@link #close} was called */
    boolean closed() {
        return closed;
    }

    /**
     * A request to a path under the base URI, with the bearer token.
     *
     * @param pathAndQuery e.g. {@code /v0/topics/x?touch=false}
     * @return the builder
     */
    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return r;
    }

    /**
     * Calls a JSON route with the plain request timeout.
     *
     * @param method the HTTP method
     * @param pathAndQuery the path
     * @param json the body, or null for none
     * @return the 2xx answer; a non-2xx answer or a transport failure completes it with a SeqlogException
     */
    CompletableFuture<Response> call(String method, String pathAndQuery, byte[] json) {
        return call(method, pathAndQuery, json, requestTimeout);
    }

    /**
     * Calls a JSON route.
     *
     * @param method the HTTP method
     * @param pathAndQuery the path
     * @param json the body, or null for none
     * @param timeout how long until the answer must have arrived
     * @return the 2xx answer; a non-2xx answer or a transport failure completes it with a SeqlogException
     */
    CompletableFuture<Response> call(String method, String pathAndQuery, byte[] json, Duration timeout) {
        HttpRequest.Builder r = request(pathAndQuery).timeout(timeout).header("Accept", JSON)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json));
        if (json != null) {
            r.header("Content-Type", JSON);
        }
        return call(r.build());
    }

    /**
     * Sends a built request whose answer is read whole.
     *
     * @param request the request
     * @return the 2xx answer
     */
    CompletableFuture<Response> call(HttpRequest request) {
        String target = request.method() + " " + request.uri().getRawPath();
        CompletableFuture<Response> out = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (SeqlogException e) {
            return CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((resp, err) -> {
            if (err != null) {
                out.completeExceptionally(closed ? Errors.closed() : Errors.transport(err, target));
            } else if (resp.statusCode() / 100 == 2) {
                out.complete(new Response(resp.statusCode(), resp.headers(), resp.body()));
            } else {
                out.completeExceptionally(Errors.fromResponse(resp.statusCode(), resp.headers(), resp.body()));
            }
        });
        abortWhenCancelled(out, sent);
        return out;
    }

    /**
     * Sends a request with any body handler, tracked so that {@link #close} can abort it. The future completes
     * with the raw response; the caller maps failures.
     *
     * @param request the request
     * @param handler the body handler
     * @param <T> the body type
     * @return the response future
     * @throws SeqlogException shutting_down after {@link #close}
     */
    <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        if (closed) {
            throw Errors.closed();
        }
        CompletableFuture<HttpResponse<T>> f = http.sendAsync(request, handler);
        inFlight.add(f);
        f.whenComplete((r, e) -> inFlight.remove(f));
        return f;
    }

    /**
     * Aborts {@code exchange} when {@code result} is cancelled: a cancelled long-poll or export must not keep its
     * connection waiting on the server.
     */
    static void abortWhenCancelled(CompletableFuture<?> result, CompletableFuture<?> exchange) {
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                exchange.cancel(true);
            }
        });
    }

    /**
     * Registers an open stream, closed by {@link #close} if still open then.
     *
     * @param stream the stream
     * @throws SeqlogException shutting_down after {@link #close}
     */
    void opened(AutoCloseable stream) {
        streams.add(stream);
        if (closed) {
            streams.remove(stream);
            throw Errors.closed();
        }
    }

    /** @param stream a stream that ended */
    void ended(AutoCloseable stream) {
        streams.remove(stream);
    }

    /**
     * Runs a task after a delay (a stream's reconnect), on the client's executor. The timer thread is started on
     * first use and stopped by {@link #close}.
     *
     * @param task the task
     * @param delayMs the delay
     */
    void schedule(Runnable task, long delayMs) {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (timer == null) {
                ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread th = new Thread(r, "seqlog-client-timer");
                    th.setDaemon(true);
                    return th;
                });
                s.setRemoveOnCancelPolicy(true);
                timer = s;
            }
            t = timer;
        }
        t.schedule(() -> executor.execute(task), delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every open stream (each subscriber gets {@code shutting_down}), aborts every exchange in flight, then
     * closes what this transport owns: the HTTP client where the JDK can close one (21 and later; on 17 its
     * selector thread ends once the client is unreachable), the timer and the executor.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (AutoCloseable s : streams.toArray(new AutoCloseable[0])) {
            try {
                s.close();
            } catch (Exception ignored) {
                // a stream's close only signals its subscriber and aborts its exchange
            }
        }
        for (CompletableFuture<?> f : inFlight.toArray(new CompletableFuture<?>[0])) {
            f.cancel(true);
        }
        if (ownsHttp && http instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing aborts nothing more than what was cancelled above
            }
        }
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
        }
        if (t != null) {
            t.shutdownNow();
        }
        if (ownsExecutor) {
            executor.shutdown();
            try {
                // let the last signals (shutting_down to subscribers) run before the threads go
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
