package dev.seqlog.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Connections over one shared {@link HttpClient} (HTTP/1.1, its own connection pool). Thread-safe; each
 * {@link HttpConnection} it returns is confined to one thread.
 */
final class JdkHttpTransport implements HttpTransport {
    private final String base;
    private final String authorization;
    private final ExecutorService executor;
    private final HttpClient client;

    JdkHttpTransport(String host, int port, String apiKey) {
        this.base = "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loadgen-httpclient");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    @Override
    public HttpConnection open() {
        return new HttpConnection() {
            @Override
            public Response exchange(String method, String path, byte[] body, int bodyLength) throws IOException {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
                if (body != null) {
                    b.header("Content-Type", "application/json");
                    b.method(method, HttpRequest.BodyPublishers.ofByteArray(body, 0, bodyLength));
                } else {
                    b.method(method, HttpRequest.BodyPublishers.noBody());
                }
                if (authorization != null) {
                    b.header("Authorization", authorization);
                }
                try {
                    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    byte[] bytes = r.body();
                    return new Response(r.statusCode(), bytes, bytes.length);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted during " + method + " " + path, e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
