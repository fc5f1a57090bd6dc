package dev.seqlog.junit;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP client the server-mode emulators of a JVM share. A JDK 17 {@link HttpClient} cannot be closed (its
 * selector thread ends only when the client is collected), so a client per emulator would leave a thread behind
 * every test; one shared client, with its threads started at once, leaves a fixed set for the life of the JVM.
 * Thread-safe.
 */
final class EmulatorHttp {
    private static HttpClient client;

    private EmulatorHttp() {
    }

    /** @return the shared client, made with its threads on first use */
    static synchronized HttpClient client() {
        if (client == null) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "seqlog-emulator-http-" + n.incrementAndGet());
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
