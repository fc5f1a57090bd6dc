package dev.seqlog.bench.redis;

import dev.seqlog.bench.queue.QueueMeasurement;
import dev.seqlog.bench.queue.QueueOptions;
import dev.seqlog.bench.queue.QueueOutcome;
import dev.seqlog.bench.queue.QueueTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Redis side of the queue benchmark against a real {@code redis-server} on loopback, when one is on
 * {@code PATH} (the benchmark script installs Debian's; the build does not need it, so without it these
 * tests are skipped). Single-threaded apart from the workers.
 */
class RedisQueueTargetTest {

    private static boolean redisOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyEntryIsAckedOnceWithAndWithoutXdel(boolean xdel, @TempDir Path dir) throws Exception {
        assumeTrue(redisOnPath(), "no redis-server on PATH");
        QueueOptions opt = QueueOptions.parse(List.of("--jobs", "400", "--warmup-jobs", "50", "--seconds", "60",
                "--warmup-seconds", "60"), dir);
        try (RedisProcess redis = RedisProcess.start("redis-server", "everysec", dir)) {
            RedisQueueTarget target = new RedisQueueTarget(redis.endpoint(), xdel);
            QueueOutcome o = QueueMeasurement.run(target, target.describe("everysec"), opt, 3, 7,
                    QueueMeasurement.CpuMeter.NONE);
            assertTrue(o.verified(), String.join("\n", o.summary()));
            assertEquals(400, o.completed());
            assertTrue(o.check().drained());
            assertEquals(xdel ? "Redis everysec, XACK+XDEL" : "Redis everysec, XACK", o.who());
        }
    }

    @Test
    void aTimeBudgetRunLeavesTheUndeliveredEntriesCounted(@TempDir Path dir) throws Exception {
        assumeTrue(redisOnPath(), "no redis-server on PATH");
        try (RedisProcess redis = RedisProcess.start("redis-server", "everysec", dir)) {
            RedisQueueTarget target = new RedisQueueTarget(redis.endpoint(), true);
            long[] keys = target.prefill("s", 10, 20);
            try (RedisQueueClient c = (RedisQueueClient) target.open("s", 0)) {
                long[] got = new long[4];
                assertEquals(4, c.claim(4, got));
                assertEquals(keys[0], got[0]);
                assertEquals(4, c.ackClaimed());
            }
            assertEquals(new QueueTarget.Leftover(6, 0, List.of()),
                    target.leftover("s", keys));
        }
    }
}
