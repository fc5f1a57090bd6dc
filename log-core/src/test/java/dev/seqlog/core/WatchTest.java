package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.WatchEvent;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WatchStart;
import dev.seqlog.api.WatchSubscription;
import dev.seqlog.core.internal.topic.TopicLogProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java subscriptions (SEMANTICS §16): events, demand, gaps, deletion, sharing and release. */
class WatchTest {

    /** Collects what a watch delivers; requests only what the test asks for. */
    static final class Probe implements Flow.Subscriber<WatchEvent> {
        final List<WatchEvent> events = new ArrayList<>();
        final List<Map<String, Long>> cursorsAtEvent = new ArrayList<>();
        volatile WatchSubscription subscription;
        volatile Throwable error;
        volatile boolean completed;
        private final long initial;

        Probe(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = (WatchSubscription) s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public synchronized void onNext(WatchEvent e) {
            events.add(e);
            cursorsAtEvent.add(subscription.cursors());
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        synchronized List<WatchEvent> events() {
            return List.copyOf(events);
        }

        synchronized int size() {
            return events.size();
        }

        void awaitSize(int n) {
            await().atMost(Duration.ofSeconds(10)).until(() -> size() >= n);
        }

        synchronized List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            for (WatchEvent e : events) {
                if (e instanceof WatchEvent.Records r) {
                    for (TopicRecord rec : r.batch().records()) {
                        out.add(rec.seq());
                    }
                }
            }
            return out;
        }
    }

    private static Probe watch(WatchPublisher p, long initial) {
        Probe probe = new Probe(initial);
        p.subscribe(probe);
        return probe;
    }

    @Test
    void aTailWatchReportsCaughtUpAtOnceThenDeliversEachNewWrite() {
        try (Fixture f = new Fixture()) {
            f.appendN("t", 3);
            WatchPublisher p = f.log.watch(WatchRequest.tail("t"));
            assertEquals(3, p.positions().get("t").fromSeq());
            Probe w = watch(p, Long.MAX_VALUE);
            w.awaitSize(1);
            assertEquals(new WatchEvent.CaughtUp("t", 3), w.events().get(0));
            f.append("t", "{\"a\":1}", "{\"a\":2}");
            w.awaitSize(2);
            WatchEvent.Records r = assertInstanceOf(WatchEvent.Records.class, w.events().get(1));
            assertEquals(3, r.fromSeq());
            assertEquals(5, r.toSeq());
            assertEquals(5, r.headSeq());
            assertEquals("{\"a\":1}", r.batch().records().get(0).dataString());
            assertEquals(Map.of("t", 5L), w.cursorsAtEvent.get(1));
            f.append("t", "{\"a\":3}");
            w.awaitSize(3);
            assertInstanceOf(WatchEvent.Records.class, w.events().get(2), "live tailing does not repeat caught-up");
        }
    }

    @Test
    void aBacklogArrivesInLimitSizedBatchesAndCaughtUpOnlyAtTheHead() {
        try (Fixture f = new Fixture()) {
            f.appendN("t", 5);
            Probe w = watch(f.log.watch(WatchRequest.after("t", 0).withBatching(2, 0)), Long.MAX_VALUE);
            w.awaitSize(4);
            List<WatchEvent> e = w.events();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), w.seqs());
            assertEquals(new WatchEvent.CaughtUp("t", 5), e.get(3));
            assertEquals(2, ((WatchEvent.Records) e.get(0)).batch().size());
            f.append("t", "{\"i\":5}", "{\"i\":6}", "{\"i\":7}"); // one write, 6..8, limit 2: short, then at the head
            await().atMost(Duration.ofSeconds(10)).until(() -> w.seqs().size() == 8);
            assertEquals(new WatchEvent.CaughtUp("t", 8), w.events().get(w.size() - 1), w.events().toString());
        }
    }

    @Test
    void withoutDemandNothingIsReadAndTheNextReadCoalesces() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            Probe w = watch(f.log.watch(WatchRequest.after("t", 0)), 1);
            w.awaitSize(1); // caught-up at 0
            f.appendN("t", 4);
            f.appendN("t", 4);
            assertEquals(1, w.size(), "no demand, no event");
            assertEquals(Map.of("t", 0L), w.subscription.cursors());
            w.subscription.request(1);
            w.awaitSize(2);
            WatchEvent.Records r = (WatchEvent.Records) w.events().get(1);
            assertEquals(8, r.batch().size(), "eight writes arrive as one batch");
            assertEquals(Map.of("t", 8L), w.subscription.cursors());
        }
    }

    @Test
    void aCursorBelowTheFloorGetsFromSeqTooOldAtStartThenCapLater() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().capRecords(3).build());
            f.appendN("t", 10);
            Probe w = watch(f.log.watch(WatchRequest.after("t", 0)), 3);
            w.awaitSize(3);
            WatchEvent.Gap g = assertInstanceOf(WatchEvent.Gap.class, w.events().get(0));
            assertEquals(TombstoneReason.FROM_SEQ_TOO_OLD, g.tombstone().reason());
            assertEquals(1, g.tombstone().gapFrom());
            assertEquals(7, g.tombstone().gapTo());
            assertEquals(Map.of("t", 7L), w.cursorsAtEvent.get(0));
            assertEquals(List.of(8L, 9L, 10L), w.seqs());
            f.appendN("t", 6); // 11..16: the unread 11..13 are evicted while the watcher has no demand
            w.subscription.request(2);
            w.awaitSize(5);
            WatchEvent.Gap later = assertInstanceOf(WatchEvent.Gap.class, w.events().get(3));
            assertEquals(TombstoneReason.CAP, later.tombstone().reason());
            assertEquals(11, later.tombstone().gapFrom());
            assertEquals(13, later.tombstone().gapTo());
            assertEquals(List.of(8L, 9L, 10L, 14L, 15L, 16L), w.seqs());
        }
    }

    @Test
    void expiryWhileLaggingIsReportedAsTtl() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().ttlMs(1000).build());
            Probe w = watch(f.log.watch(WatchRequest.after("t", 0)), 1);
            w.awaitSize(1);
            f.appendN("t", 2);
            f.clock.advance(5000);
            f.appendN("t", 1);
            w.subscription.request(10);
            w.awaitSize(3);
            WatchEvent.Gap g = assertInstanceOf(WatchEvent.Gap.class, w.events().get(1));
            assertEquals(TombstoneReason.TTL, g.tombstone().reason());
            assertEquals(List.of(3L), w.seqs());
        }
    }

    @Test
    void deletionsAreSilentAndSkippedSeqsMoveTheCursor() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.builder().dedupeNode(true).build());
            Probe w = watch(f.log.watch(WatchRequest.after("t", 0).withNodes(Set.of("me"))), Long.MAX_VALUE);
            w.awaitSize(1);
            f.log.append("t", AppendRequest.of(RecordInput.json("{\"own\":1}").withNode("me")));
            await().atMost(Duration.ofSeconds(10)).until(() -> w.subscription.cursors().get("t") == 1L);
            assertEquals(1, w.size(), "the reader's own record yields no event, only a cursor move");
            f.appendN("t", 3);
            f.log.delete("t", new DeleteRequest(4L, null));
            w.awaitSize(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.subscription.cursors().get("t") == 4L);
            assertTrue(w.events().stream().noneMatch(e -> e instanceof WatchEvent.Gap));
        }
    }

    @Test
    void aDeletedTopicLeavesTheWatchAndTheLastOneCompletesIt() {
        try (Fixture f = new Fixture()) {
            f.appendN("a", 1);
            f.appendN("b", 1);
            Probe w = watch(f.log.watch(WatchRequest.tail("a", "b")), Long.MAX_VALUE);
            w.awaitSize(2);
            f.log.deleteTopic("a");
            w.awaitSize(3);
            assertEquals(new WatchEvent.TopicDeleted("a", 1), w.events().get(2));
            assertEquals(Map.of("b", 1L), w.subscription.cursors());
            f.appendN("a", 1); // a new instance of the name is not followed
            f.appendN("b", 1);
            w.awaitSize(4);
            assertEquals("b", w.events().get(3).topic());
            f.log.deleteTopic("b");
            await().atMost(Duration.ofSeconds(10)).until(() -> w.completed);
            assertEquals(0, TopicLogProbe.listeners(Internals.topic(f.log, "a")));
        }
    }

    @Test
    void anInstanceDeletedBeforeSubscribingIsReportedAtOnceEvenIfRecreated() {
        try (Fixture f = new Fixture()) {
            f.appendN("a", 2);
            WatchPublisher p = f.log.watch(WatchRequest.after("a", 0));
            f.log.deleteTopic("a");
            f.appendN("a", 5);
            Probe w = watch(p, Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.completed);
            assertEquals(List.of(new WatchEvent.TopicDeleted("a", 0)), w.events());
        }
    }

    @Test
    void unknownTopicsFailUnlessLenient() {
        try (Fixture f = new Fixture()) {
            f.appendN("a", 1);
            SeqlogException e = assertThrows(SeqlogException.class, () -> f.log.watch(WatchRequest.tail("a", "nope")));
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, e.code());
            WatchPublisher p = f.log.watch(WatchRequest.tail("a", "nope").withLenient(true));
            assertEquals(Set.of("a"), p.positions().keySet());
            Probe empty = watch(f.log.watch(WatchRequest.tail("nope").withLenient(true)), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> empty.completed);
        }
    }

    @Test
    void startingAtResumesFromGivenCursorsOfTheSameInstances() {
        try (Fixture f = new Fixture()) {
            f.appendN("t", 5);
            WatchPublisher p = f.log.watch(WatchRequest.tail("t"));
            Probe w = watch(p.startingAt(Map.of("t", 2L, "other", 9L)), Long.MAX_VALUE);
            w.awaitSize(2);
            assertEquals(List.of(3L, 4L, 5L), w.seqs());
        }
    }

    @Test
    void watchersAtTheSameCursorShareOneBatch() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            WatchPublisher p = f.log.watch(WatchRequest.tail("t"));
            Probe a = watch(p, Long.MAX_VALUE);
            Probe b = watch(p, Long.MAX_VALUE);
            a.awaitSize(1);
            b.awaitSize(1);
            f.appendN("t", 1);
            a.awaitSize(2);
            b.awaitSize(2);
            assertSame(((WatchEvent.Records) a.events().get(1)).batch(), ((WatchEvent.Records) b.events().get(1)).batch());
        }
    }

    @Test
    void cancelReleasesTheListenersAndStopsDelivery() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            Probe w = watch(f.log.watch(WatchRequest.tail("t")), Long.MAX_VALUE);
            w.awaitSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> TopicLogProbe.listeners(Internals.topic(f.log, "t")) == 1);
            w.subscription.cancel();
            await().atMost(Duration.ofSeconds(10)).until(() -> TopicLogProbe.listeners(Internals.topic(f.log, "t")) == 0);
            f.appendN("t", 1);
            assertEquals(1, w.size());
            assertNull(w.error);
        }
    }

    @Test
    void closingTheLogEndsEveryWatchWithShuttingDown() {
        Fixture f = new Fixture();
        f.log.configure("t", TopicConfig.defaults());
        Probe w = watch(f.log.watch(WatchRequest.tail("t")), Long.MAX_VALUE);
        w.awaitSize(1);
        f.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> w.error != null);
        assertEquals(ErrorCode.SHUTTING_DOWN, ((SeqlogException) w.error).code());
        assertFalse(w.completed);
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        try (Fixture f = new Fixture()) {
            f.log.configure("t", TopicConfig.defaults());
            Probe w = watch(f.log.watch(WatchRequest.of(Map.of("t", WatchStart.atTail()))), 0);
            w.subscription.request(0);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.error != null);
            assertInstanceOf(IllegalArgumentException.class, w.error);
        }
    }
}
