package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.Internals;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seq reservations sized to the write rate (SEMANTICS §4.2). */
class ReservationSizingTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).backgroundExpiry(false)
                .backgroundCheckpoints(false).build());
    }

    @Test
    void aSlowTopicReservesAboutASecondOfWritesSoACrashLosesFewSeqs(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("slow", TopicConfig.builder().durability(Durability.DISK).build());
            TopicLog t = Internals.topic(log, "slow");
            long maxAhead = 0;
            for (int i = 1; i <= 25_000; i++) { // 2,500 records a second for ten seconds of the engine clock
                log.append("slow", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
                if (i % 5 == 0) {
                    clock.advance(2);
                    flush(log); // at this rate a flush completes within a few records of real time
                }
                maxAhead = Math.max(maxAhead, TopicLogProbe.reservationAhead(t));
            }
            assertEquals(4096, TopicLogProbe.reservationBlock(t), "2,500 a second rounds up to 4,096");
            assertTrue(maxAhead <= 4096, "a crash would leave a restart range of at most " + maxAhead);
        }
    }

    private static void flush(SeqlogEngine log) {
        for (var shard : log.walShards()) {
            try {
                shard.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void aFastWriterThatWaitsForReservationsGrowsTheBlockUntilItNoLongerWaits(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("fast", TopicConfig.builder().durability(Durability.DISK).build());
            List<RecordInput> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(RecordInput.json("{}"));
            }
            int waitsAtTheEnd = 0;
            for (int i = 0; i < 300; i++) { // the clock stands still: only waiting makes the block grow
                boolean waited = log.append("fast", AppendRequest.of(batch)).fsyncNanos() > 0;
                waitsAtTheEnd += i >= 250 && waited ? 1 : 0;
            }
            long block = TopicLogProbe.reservationBlock(Internals.topic(log, "fast"));
            assertTrue(block >= 16_384, "block " + block);
            assertTrue(waitsAtTheEnd <= 1, "writes that still waited for a reservation: " + waitsAtTheEnd);
        }
    }
}
