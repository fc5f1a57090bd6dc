package dev.seqlog.core;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.TopicConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coalescing window of {@code claim_jitter_ms} (SEMANTICS §13.4), driven by a manual clock. */
class QueueWindowTest {

    @Test
    void tenClaimersAskingTenEachAgainstFiftyJobsGetFiveEach() {
        try (Fixture f = QueueTest.queueWith(50, TopicConfig.builder().claimJitterMs(40))) {
            List<CompletableFuture<ClaimResult>> claims = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                claims.add(f.log.claimAsync("q", ClaimRequest.of("w" + i, 10)));
            }
            f.clock.advance(39);
            assertFalse(claims.get(0).isDone(), "the window is still open");
            f.clock.advance(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> claims.stream().allMatch(CompletableFuture::isDone));
            Set<Long> all = new HashSet<>();
            for (CompletableFuture<ClaimResult> c : claims) {
                ClaimResult r = c.join();
                assertEquals(5, r.count());
                for (var j : r.claimed()) {
                    assertTrue(all.add(j.seq()), "a job went to two claimers");
                }
                assertEquals(0, r.ready());
            }
            assertEquals(50, all.size());
        }
    }

    @Test
    void unevenSplitGivesTheExtraJobsToEarlierArrivalsAndNoneBeyondDemand() {
        try (Fixture f = QueueTest.queueWith(7, TopicConfig.builder().claimJitterMs(10))) {
            CompletableFuture<ClaimResult> a = f.log.claimAsync("q", ClaimRequest.of("a", 10));
            CompletableFuture<ClaimResult> b = f.log.claimAsync("q", ClaimRequest.of("b", 1));
            CompletableFuture<ClaimResult> c = f.log.claimAsync("q", ClaimRequest.of("c", 10));
            f.clock.advance(10);
            await().atMost(Duration.ofSeconds(5)).until(() -> a.isDone() && b.isDone() && c.isDone());
            assertEquals(3, a.join().count());
            assertEquals(1, b.join().count());
            assertEquals(3, c.join().count());
            // round-robin in arrival order: a gets seq 1, b 2, c 3, then a 4, c 5, a 6, c 7
            assertEquals(List.of(1L, 4L, 6L), QueueTest.seqs(a.join()));
            assertEquals(List.of(2L), QueueTest.seqs(b.join()));
            assertEquals(List.of(3L, 5L, 7L), QueueTest.seqs(c.join()));
        }
    }

    @Test
    void aClaimAfterTheWindowClosedOpensTheNextOne() {
        try (Fixture f = QueueTest.queueWith(4, TopicConfig.builder().claimJitterMs(5))) {
            CompletableFuture<ClaimResult> first = f.log.claimAsync("q", ClaimRequest.of("a", 1));
            f.clock.advance(5);
            await().atMost(Duration.ofSeconds(5)).until(first::isDone);
            CompletableFuture<ClaimResult> second = f.log.claimAsync("q", ClaimRequest.of("b", 1));
            assertFalse(second.isDone());
            f.clock.advance(5);
            await().atMost(Duration.ofSeconds(5)).until(second::isDone);
            assertEquals(List.of(1L), QueueTest.seqs(first.join()));
            assertEquals(List.of(2L), QueueTest.seqs(second.join()));
        }
    }

    @Test
    void deletingTheQueueFailsTheWaitingCohort() {
        try (Fixture f = QueueTest.queueWith(4, TopicConfig.builder().claimJitterMs(1000))) {
            CompletableFuture<ClaimResult> c = f.log.claimAsync("q", ClaimRequest.of("a", 1));
            f.log.deleteTopic("q");
            await().atMost(Duration.ofSeconds(5)).until(c::isDone);
            assertTrue(c.isCompletedExceptionally());
        }
    }
}
