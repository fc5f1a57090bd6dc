package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.WalShard;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames nobody waits for (a {@code disk} topic's appends) are written in groups, not one write per operation,
 * and still reach the disk within the flush interval with nobody asking; a frame that needs a flush takes
 * everything queued before it along at once.
 */
class WalWriteBatchingTest {

    private static SeqlogEngine open(TestDir dir, long flushMs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).walShards(1).walFlushIntervalMs(flushMs)
                .backgroundCheckpoints(false).backgroundExpiry(false).build());
    }

    @Test
    void diskClassFramesAreWrittenTogetherAndFlushedWithinTheInterval(TestDir dir) {
        try (SeqlogEngine log = open(dir, 200)) {
            log.configure("d", TopicConfig.builder().durability(Durability.DISK).build());
            WalShard shard = log.walShards().get(0);
            long framesBefore = shard.framesWritten();
            long batchesBefore = shard.batchesWritten();
            long syncsBefore = shard.syncCount();
            for (int i = 0; i < 200; i++) {
                log.append("d", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }
            // nobody waits: the appends are flushed within the interval all the same
            await().atMost(Duration.ofSeconds(5)).until(() -> shard.framesWritten() - framesBefore >= 200
                    && shard.syncCount() > syncsBefore && shard.queueDepth() == 0);
            long batches = shard.batchesWritten() - batchesBefore;
            assertTrue(batches < 20, "200 appends took " + batches + " writer passes");
        }
    }

    @Test
    void aFrameThatNeedsAFlushTakesTheQueuedOnesAlongAtOnce(TestDir dir) {
        try (SeqlogEngine log = open(dir, 1000)) {
            log.configure("d", TopicConfig.builder().durability(Durability.DISK).build());
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            WalShard shard = log.walShards().get(0);
            for (int i = 0; i < 50; i++) {
                log.append("d", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }
            // the first append's seq reservation was flushed; the appends after it wait for the interval
            assertTrue(shard.queueDepth() >= 40, "queued: " + shard.queueDepth());
            long frames = shard.framesWritten();
            log.append("f", AppendRequest.of(RecordInput.json("1"))); // returns once flushed
            assertEquals(0, shard.queueDepth());
            assertTrue(shard.framesWritten() - frames >= 41);
        }
    }
}
