package dev.seqlog.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The tests' HTTP client: one per JVM, made before any test runs, with its threads started. A JDK 17 HTTP client
 * cannot be closed (its selector thread ends only once the client is collected), so clients built per test would
 * look like leaked threads to the strict extension; the clients under test are given this one instead.
 */
final class TestHttp {
    private static HttpClient client;

    private TestHttp() {
    }

    /** @return the shared client, made on first use (call from {@code @BeforeAll}) */
    static synchronized HttpClient client() {
        if (client == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "test-http-client");
                        t.setDaemon(true);
                        return t;
                    });
            pool.prestartAllCoreThreads();
            client = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        return client;
    }
}
