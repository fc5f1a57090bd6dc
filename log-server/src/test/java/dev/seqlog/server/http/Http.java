package dev.seqlog.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The tests' HTTP client: one per JVM, created before any test runs (from {@code @BeforeAll}) with
 * its threads pre-started, so the strict extension never sees client threads appear during a test.
 * Thread-safe.
 */
final class Http {
    private static ThreadPoolExecutor pool;
    private static HttpClient client;

    private Http() {
    }

    static synchronized void init() {
        if (client == null) {
            pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "test-http-client");
                t.setDaemon(true);
                return t;
            });
            pool.prestartAllCoreThreads();
            client = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    /** @return the shared client (its threads outlive every test) */
    static HttpClient client() {
        return client;
    }

    static ExecutorService pool() {
        return pool;
    }

    /** A response with helpers for JSON bodies. */
    record Resp(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Object json() {
            return JsonValue.parse(text());
        }

        Object at(String path) {
            return JsonValue.at(json(), path);
        }

        long num(String path) {
            return ((Number) at(path)).longValue();
        }

        String code() {
            return (String) at("error.code");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    static HttpRequest request(URI base, String method, String path, String contentType, byte[] body,
                               Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return b.build();
    }

    static Resp send(URI base, String method, String path, String contentType, byte[] body,
                     Map<String, String> headers) {
        try {
            HttpResponse<byte[]> r = client.send(request(base, method, path, contentType, body, headers),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static CompletableFuture<Resp> sendAsync(URI base, String method, String path, String contentType, byte[] body,
                                             Map<String, String> headers) {
        return client.sendAsync(request(base, method, path, contentType, body, headers),
                HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Resp(r.statusCode(), r.headers(), r.body()));
    }

    static List<String> lines(Resp r) {
        return List.of(r.text().split("\n"));
    }
}
