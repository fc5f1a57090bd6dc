package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.internal.topic.TopicLogProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's wait-for-something-deliverable primitive behind long-poll (SEMANTICS §6.6). */
class LongPollTest {

    private static CompletableFuture<DiffResult> poll(Fixture f, long from, Set<String> nodes, long waitMs,
                                                      List<Long> seqs) {
        DiffRequest req = new DiffRequest(from, 100, nodes, false, true, 0);
        return f.log.diffAwait("t", req, waitMs, v -> seqs.add(v.seq()), Runnable::run);
    }

    @Test
    void answersAtOnceWhenRecordsAreThereAndOnTheNextPublishOtherwise() throws Exception {
        try (Fixture f = new Fixture()) {
            f.append("t", "1");
            List<Long> seqs = new ArrayList<>();
            assertTrue(poll(f, 0, Set.of(), 10_000, seqs).isDone());
            assertEquals(List.of(1L), seqs);
            seqs.clear();
            CompletableFuture<DiffResult> w = poll(f, 1, Set.of(), 10_000, seqs);
            assertFalse(w.isDone());
            f.append("t", "2", "3");
            DiffResult r = w.join();
            assertEquals(List.of(2L, 3L), seqs);
            assertEquals(3, r.nextFromSeq());
            assertEquals(0, TopicLogProbe.listeners(Internals.topic(f.log, "t")));
        }
    }

    @Test
    void aWakeWhoseRecordsAreAllFilteredOutWaitsAgain() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().dedupeNode(true).build());
            List<Long> seqs = new ArrayList<>();
            CompletableFuture<DiffResult> w = poll(f, 0, Set.of("me"), 10_000, seqs);
            f.log.append("t", AppendRequest.of(RecordInput.json("{\"own\":1}").withNode("me")));
            assertFalse(w.isDone(), "the reader's own record is not deliverable to it");
            assertEquals(1, TopicLogProbe.listeners(Internals.topic(f.log, "t")));
            f.append("t", "{\"other\":1}");
            DiffResult r = w.join();
            assertEquals(List.of(2L), seqs);
            assertTrue(r.recordsScanned() >= 2, "scans of the filtered wake count too");
        }
    }

    @Test
    void theWaitEndsWhenTheEngineClockPassesTheDeadline() {
        try (Fixture f = new Fixture()) {
            f.append("t", "1");
            List<Long> seqs = new ArrayList<>();
            CompletableFuture<DiffResult> w = poll(f, 1, Set.of(), 5_000, seqs);
            f.clock.advance(4_999);
            assertFalse(w.isDone());
            f.clock.advance(1);
            await().atMost(Duration.ofSeconds(5)).until(w::isDone);
            DiffResult r = w.join();
            assertTrue(seqs.isEmpty());
            assertTrue(r.caughtUp());
            assertNull(r.tombstone());
        }
    }

    @Test
    void abandonedWaitsLeaveNoTrace() {
        try (Fixture f = new Fixture()) {
            f.append("t", "1");
            for (int i = 0; i < 100_000; i++) {
                f.log.awaitHead("t", 1).completeExceptionally(new TimeoutException());
            }
            for (int i = 0; i < 1_000; i++) {
                poll(f, 1, Set.of(), 60_000, new ArrayList<>()).cancel(false);
            }
            assertEquals(0, TopicLogProbe.listeners(Internals.topic(f.log, "t")));
            CompletableFuture<Long> live = f.log.awaitHead("t", 1);
            f.append("t", "2");
            assertEquals(2L, live.join());
        }
    }
}
