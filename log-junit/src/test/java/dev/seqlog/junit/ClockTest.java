package dev.seqlog.junit;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time-driven rules follow the emulator's clock, and only it. */
@WithSeqlog(startTime = "2030-01-01T00:00:00Z")
class ClockTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void recordsAreStampedWithTheClockWhichMovesOnlyWhenTold(EventLog log, EmulatorClock clock) {
        assertEquals(START, clock.instant());
        log.append("t", AppendRequest.of(RecordInput.json("1")));
        clock.advance(Duration.ofMillis(1500));
        log.append("t", AppendRequest.of(RecordInput.json("2")));
        DiffResult r = log.diff("t", DiffRequest.from(0));
        assertEquals(START.toEpochMilli(), r.records().get(0).ts());
        assertEquals(START.toEpochMilli() + 1500, r.records().get(1).ts());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    }

    @Test
    void ttlExpiresRecordsWhenTheClockPassesIt(EventLog log, SeqlogEmulator seqlog) {
        log.configure("t", TopicConfig.builder().ttlMs(60_000).build());
        log.append("t", AppendRequest.of(RecordInput.json("1")));
        seqlog.advance(Duration.ofSeconds(30));
        assertEquals(1, log.diff("t", DiffRequest.from(0)).records().size());
        seqlog.advance(Duration.ofSeconds(31));
        DiffResult r = log.diff("t", DiffRequest.from(0));
        assertEquals(0, r.records().size());
        assertEquals(TombstoneReason.TTL, r.tombstone().reason());
    }

    @Test
    void anIdempotentRetryIsDedupedOnlyInsideTheWindow(EventLog log, SeqlogEmulator seqlog) {
        log.configure("t", TopicConfig.builder().idempotencyWindowMs(10_000).build());
        AppendRequest write = AppendRequest.builder().add(RecordInput.json("1")).idempotencyKey("k-1").build();
        AppendResult first = log.append("t", write);
        seqlog.advance(Duration.ofSeconds(9));
        AppendResult retry = log.append("t", write);
        assertTrue(retry.deduped());
        assertEquals(first.firstSeq(), retry.firstSeq());
        seqlog.advance(Duration.ofSeconds(2));
        AppendResult late = log.append("t", write);
        assertFalse(late.deduped());
        assertEquals(first.firstSeq() + 1, late.firstSeq());
    }

    @Test
    void anExpiredLeaseMakesTheJobClaimableAgain(EventLog log, SeqlogEmulator seqlog) {
        log.configure("jobs", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(30_000).build());
        log.append("jobs", AppendRequest.of(RecordInput.json("{\"task\":1}")));
        ClaimResult first = log.claim("jobs", ClaimRequest.of("worker-a", 1));
        assertEquals(1, first.count());
        assertEquals(0, log.claim("jobs", ClaimRequest.of("worker-b", 1)).count(), "leased");
        seqlog.advance(Duration.ofSeconds(31));
        ClaimResult again = log.claim("jobs", ClaimRequest.of("worker-b", 1));
        assertEquals(1, again.count());
        assertEquals(2, again.claimed().get(0).deliveries());
    }

    @Test
    void aLongPollEndsWhenTheClockPassesItsWait(EventLog log, SeqlogEmulator seqlog) {
        log.append("t", AppendRequest.of(RecordInput.json("1")));
        CompletableFuture<DiffResult> poll = log.diffAwait("t", DiffRequest.from(1), 5_000, v -> { },
                ForkJoinPool.commonPool());
        assertFalse(poll.isDone());
        seqlog.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
        assertEquals(1, poll.join().nextFromSeq(), "nothing new: the cursor stays");
    }
}
