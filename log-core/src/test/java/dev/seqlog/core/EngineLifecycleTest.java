package dev.seqlog.core;

import dev.seqlog.api.Durability;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** close() returns only after every engine thread has stopped. */
class EngineLifecycleTest {

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("seqlog-")).sorted().toList();
    }

    @Test
    void noEngineThreadOutlivesClose(TestDir dir) {
        SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).walShards(2)
                .walFileBytes(64 << 10).build());
        log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
        StringBuilder big = new StringBuilder("\"");
        big.append("x".repeat(4000)).append('"');
        for (int i = 0; i < 200; i++) { // rotations keep the preallocator busy
            log.append("t", dev.seqlog.api.AppendRequest.of(dev.seqlog.api.RecordInput.json(big.toString())));
        }
        CompletableFuture<dev.seqlog.api.DiffResult> waiting = log.diffAwait("t",
                dev.seqlog.api.DiffRequest.from(200), 60_000, v -> { });
        log.awaitHead("t", 200);
        log.close();
        assertEquals(List.of(), engineThreads());
        assertEquals(true, waiting.isCompletedExceptionally(), "a waiting reader is told the engine closed");
    }

    @Test
    void aFailingStepBeforeRecoveryClosesTheEngineAndReleasesTheLock(TestDir dir) {
        EngineOptions options = EngineOptions.builder().dataDir(dir.path()).build();
        SeqlogEngine.open(options).close();
        boolean[] ranBeforeRecovery = new boolean[1];
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> SeqlogEngine.start(options, e -> {
            ranBeforeRecovery[0] = e.recoveryProgress() == 0 && !e.isReady();
            throw new IllegalStateException("port busy");
        }));
        assertEquals("port busy", failure.getMessage());
        assertTrue(ranBeforeRecovery[0]);
        assertEquals(List.of(), engineThreads(), "no recovery started");
        SeqlogEngine.open(options).close(); // the lock was released
    }
}
