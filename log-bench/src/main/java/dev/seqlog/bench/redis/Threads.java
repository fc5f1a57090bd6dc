package dev.seqlog.bench.redis;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Names the Redis workloads' worker threads and keeps them from holding the JVM open. Stateless. */
final class Threads {
    private Threads() {
    }

    /**
     * @param name the threads' name prefix
     * @return a factory of daemon threads named {@code name-1}, {@code name-2}, ...
     */
    static ThreadFactory daemon(String name) {
        AtomicLong seq = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
