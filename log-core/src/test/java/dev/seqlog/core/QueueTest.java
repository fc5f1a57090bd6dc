package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WorkRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues (API §10, SEMANTICS §13): claim, ack, nack, extend, expiry, fencing, counters, dead letters. */
class QueueTest {
    static TopicConfig queue() {
        return TopicConfig.builder().type(TopicType.QUEUE).build();
    }

    static List<Long> seqs(ClaimResult r) {
        List<Long> out = new ArrayList<>();
        for (Job j : r.claimed()) {
            out.add(j.seq());
        }
        return out;
    }

    static Fixture queueWith(int jobs, TopicConfig.Builder config) {
        Fixture f = new Fixture();
        f.log.configure("q", config.type(TopicType.QUEUE).build());
        f.appendN("q", jobs);
        return f;
    }

    static QueueCounters counters(Fixture f) {
        return f.log.state("q").queue();
    }

    @Test
    void claimLeasesFreshJobsInSeqOrderWithRecordsAndLeases() {
        try (Fixture f = queueWith(5, TopicConfig.builder())) {
            f.log.append("q", AppendRequest.of(RecordInput.json("{\"k\":1}").withTag("t1").withMeta("{\"m\":2}")));
            ClaimResult r = f.log.claim("q", ClaimRequest.of("w1", 3));
            assertEquals(List.of(1L, 2L, 3L), seqs(r));
            Job j = r.claimed().get(0);
            assertEquals(1, j.deliveries());
            assertEquals(f.clock.millis() + TopicConfig.DEFAULT_LEASE_MS, j.deadline());
            assertTrue(j.leaseId().matches("lease_[0-9a-f]{16}"), j.leaseId());
            assertEquals("{\"i\":0}", j.record().dataString());
            assertEquals(3, r.ready());
            ClaimResult rest = f.log.claim("q", ClaimRequest.of("w2", 10));
            assertEquals(List.of(4L, 5L, 6L), seqs(rest));
            TopicRecord tagged = rest.claimed().get(2).record();
            assertEquals("t1", tagged.tag());
            assertEquals("{\"m\":2}", tagged.metaString());
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w3", 10)).count());
            assertEquals(new QueueCounters(0, 6, 0), counters(f));
        }
    }

    @Test
    void maxZeroMeansOneAndLargeMaxIsClamped() {
        try (Fixture f = queueWith(3, TopicConfig.builder())) {
            assertEquals(1, f.log.claim("q", ClaimRequest.of("w", 0)).count());
            assertEquals(2, f.log.claim("q", ClaimRequest.of("w", 1_000_000)).count());
        }
    }

    @Test
    void leaseIdsAreUniquePerDelivery() {
        try (Fixture f = queueWith(50, TopicConfig.builder())) {
            ClaimResult r = f.log.claim("q", ClaimRequest.of("w", 50));
            assertEquals(50, r.claimed().stream().map(Job::leaseId).distinct().count());
        }
    }

    @Test
    void ackDeletesHeldJobsAndSkipsTheRest() {
        try (Fixture f = queueWith(4, TopicConfig.builder())) {
            f.log.claim("q", ClaimRequest.of("w1", 2));
            f.log.claim("q", ClaimRequest.of("w2", 1));
            LeaseResult r = f.log.ack("q", LeaseRequest.of("w1", 1, 3, 2, 1, 4, 99));
            assertEquals(2, r.done());
            assertEquals(List.of(3L, 1L, 4L, 99L), r.skipped()); // w2's, a repeat, never claimed, unknown
            assertEquals(1, r.ready());
            assertEquals(1, r.inFlight());
            DiffResult d = f.diff("q", 0);
            assertEquals(List.of(3L, 4L), Fixture.seqs(d));
            assertEquals(2, f.log.state("q").count());
            LeaseResult again = f.log.ack("q", LeaseRequest.of("w1", 1, 2));
            assertEquals(0, again.done());
            assertEquals(List.of(1L, 2L), again.skipped());
        }
    }

    @Test
    void leaseIdsFenceStaleWorkers() {
        try (Fixture f = queueWith(2, TopicConfig.builder())) {
            ClaimResult r = f.log.claim("q", ClaimRequest.of("w", 2));
            String id1 = r.claimed().get(0).leaseId();
            LeaseResult bad = f.log.ack("q", LeaseRequest.of("w", 1, 2).withLeaseIds(List.of("lease_0000000000000000",
                    "garbage")));
            assertEquals(List.of(1L, 2L), bad.skipped());
            LeaseResult ok = f.log.ack("q", LeaseRequest.of("w", 1).withLeaseIds(List.of(id1)));
            assertEquals(1, ok.done());
        }
    }

    @Test
    void expiredLeaseIsReclaimedFirstWithItsCounterAndTheOldHolderIsFencedOut() {
        try (Fixture f = queueWith(4, TopicConfig.builder().leaseMs(1000))) {
            ClaimResult first = f.log.claim("q", ClaimRequest.of("slow", 1));
            assertEquals(List.of(1L), seqs(first));
            f.log.claim("q", ClaimRequest.of("other", 1)); // seq 2
            f.clock.advance(1000);
            assertEquals(new QueueCounters(2, 2, 0), counters(f)); // now == deadline: still in flight
            f.clock.advance(1);
            assertEquals(new QueueCounters(4, 0, 0), counters(f));
            ClaimResult again = f.log.claim("q", ClaimRequest.of("fast", 2));
            assertEquals(List.of(1L, 2L), seqs(again)); // reclaimed before fresh 3 and 4
            assertEquals(2, again.claimed().get(0).deliveries());
            assertNotEquals(first.claimed().get(0).leaseId(), again.claimed().get(0).leaseId());
            LeaseResult late = f.log.ack("q", LeaseRequest.of("slow", 1));
            assertEquals(List.of(1L), late.skipped());
            assertEquals(1, f.log.ack("q", LeaseRequest.of("fast", 1)).done());
        }
    }

    @Test
    void expiredButNotReplacedLeaseCanStillBeAckedNackedOrExtended() {
        try (Fixture f = queueWith(3, TopicConfig.builder().leaseMs(1000))) {
            f.log.claim("q", ClaimRequest.of("w", 3));
            f.clock.advance(5000);
            assertEquals(new QueueCounters(3, 0, 0), counters(f));
            assertEquals(1, f.log.ack("q", LeaseRequest.of("w", 1)).done());
            LeaseResult ext = f.log.extend("q", LeaseRequest.of("w", 2), 2000);
            assertEquals(Map.of(2L, f.clock.millis() + 2000), ext.deadlines());
            assertEquals(new QueueCounters(1, 1, 0), counters(f));
            assertEquals(1, f.log.nack("q", LeaseRequest.of("w", 3), 0).done());
            assertEquals(new QueueCounters(1, 1, 0), counters(f));
        }
    }

    @Test
    void nackWithDelayHidesTheJobUntilTheDelayEnds() {
        try (Fixture f = queueWith(1, TopicConfig.builder())) {
            f.log.claim("q", ClaimRequest.of("w", 1));
            LeaseResult r = f.log.nack("q", LeaseRequest.of("w", 1), 500);
            assertEquals(1, r.done());
            assertEquals(0, r.ready());
            assertEquals(0, r.inFlight());
            assertEquals(new QueueCounters(0, 0, 0), counters(f)); // delayed: in neither
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w", 1)).count());
            f.clock.advance(499);
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w", 1)).count());
            f.clock.advance(1);
            ClaimResult back = f.log.claim("q", ClaimRequest.of("w2", 1));
            assertEquals(List.of(1L), seqs(back));
            assertEquals(2, back.claimed().get(0).deliveries());
            assertEquals(List.of(1L), f.log.ack("q", LeaseRequest.of("w", 1)).skipped()); // the nack ended w's lease
        }
    }

    @Test
    void extendReplacesTheDeadlineFromNowAndKeepsLeaseAndCounter() {
        try (Fixture f = queueWith(1, TopicConfig.builder().leaseMs(1000))) {
            Job j = f.log.claim("q", ClaimRequest.of("w", 1)).claimed().get(0);
            f.clock.advance(900);
            LeaseResult r = f.log.extend("q", LeaseRequest.of("w", 1).withLeaseIds(List.of(j.leaseId())), 1000);
            assertEquals(f.clock.millis() + 1000, r.deadlines().get(1L));
            f.clock.advance(1000);
            assertEquals(0, f.log.claim("q", ClaimRequest.of("x", 1)).count());
            f.clock.advance(1);
            Job again = f.log.claim("q", ClaimRequest.of("x", 1)).claimed().get(0);
            assertEquals(2, again.deliveries());
        }
    }

    @Test
    void claimLeaseMsOverridesTheTopicAndIsClamped() {
        try (Fixture f = queueWith(2, TopicConfig.builder())) {
            long now = f.clock.millis();
            assertEquals(now + 100, f.log.claim("q", ClaimRequest.of("w", 1).withLeaseMs(5)).claimed().get(0).deadline());
            assertEquals(now + TopicConfig.MAX_LEASE_MS,
                    f.log.claim("q", ClaimRequest.of("w", 1).withLeaseMs(Long.MAX_VALUE)).claimed().get(0).deadline());
        }
    }

    @Test
    void queueCallsOnALogTopicAnswerNotAQueue() {
        try (Fixture f = new Fixture()) {
            f.appendN("log", 1);
            SeqlogException e = assertThrows(SeqlogException.class, () -> f.log.claim("log", ClaimRequest.of("w", 1)));
            assertEquals(ErrorCode.NOT_A_QUEUE, e.code());
            assertEquals(ErrorCode.NOT_A_QUEUE, assertThrows(SeqlogException.class,
                    () -> f.log.ack("log", LeaseRequest.of("w", 1))).code());
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, assertThrows(SeqlogException.class,
                    () -> f.log.claim("nope", ClaimRequest.of("w", 1))).code());
            assertNull(f.log.state("log").queue());
        }
    }

    @Test
    void badRequestsAreRefused() {
        try (Fixture f = queueWith(1, TopicConfig.builder())) {
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> f.log.claim("q", ClaimRequest.of("", 1))).code());
            long[] many = new long[1001];
            assertEquals(ErrorCode.BATCH_TOO_LARGE, assertThrows(SeqlogException.class,
                    () -> f.log.ack("q", LeaseRequest.of("w", many))).code());
            assertThrows(SeqlogException.class, () -> LeaseRequest.of("w"));
            assertThrows(SeqlogException.class, () -> LeaseRequest.of("w", 1).withLeaseIds(List.of()));
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class,
                    () -> f.log.nack("q", LeaseRequest.of("w", 1), -1)).code());
        }
    }

    @Test
    void typeIsImmutable() {
        try (Fixture f = queueWith(1, TopicConfig.builder())) {
            SeqlogException e = assertThrows(SeqlogException.class,
                    () -> f.log.configure("q", TopicConfig.builder().type(TopicType.LOG).build()));
            assertEquals(ErrorCode.TOPIC_EXISTS_INCOMPATIBLE, e.code());
        }
    }

    @Test
    void jobsRemovedByOtherMeansTakeTheirLeaseStateWithThem() {
        try (Fixture f = new Fixture()) {
            f.log.configure("q", queue());
            for (int i = 0; i < 6; i++) {
                f.log.append("q", AppendRequest.of(RecordInput.json("{}").withTag(i % 2 == 0 ? "even" : "odd")));
            }
            f.log.claim("q", ClaimRequest.of("w", 4)); // 1..4 in flight
            f.log.delete("q", DeleteRequest.matching(TagMatch.eq("even"))); // removes 1, 3, 5
            assertEquals(new QueueCounters(1, 2, 0), counters(f));
            f.log.delete("q", DeleteRequest.before(5)); // removes 2, 4
            assertEquals(new QueueCounters(1, 0, 0), counters(f));
            assertEquals(List.of(6L), seqs(f.log.claim("q", ClaimRequest.of("w", 9))));
        }
    }

    @Test
    void deadLetteringMovesAJobAfterMaxDeliveriesWithStamps() {
        try (Fixture f = queueWith(0, TopicConfig.builder().maxDeliveries(2).deadLetter("dlq").leaseMs(100))) {
            f.log.append("q", AppendRequest.of(RecordInput.json("{\"job\":1}").withTag("t").withNode("n1")
                    .withMeta("{\"a\":1}")));
            assertEquals(1, f.log.claim("q", ClaimRequest.of("w", 1)).claimed().get(0).deliveries());
            f.clock.advance(101);
            assertEquals(2, f.log.claim("q", ClaimRequest.of("w", 1)).claimed().get(0).deliveries());
            f.clock.advance(101);
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w", 1)).count());
            org.awaitility.Awaitility.await().until(() -> counters(f).deadLettered() == 1);
            assertEquals(new QueueCounters(0, 0, 1), counters(f));
            assertEquals(0, f.log.state("q").count());
            TopicRecord copy = f.log.diff("dlq", dev.seqlog.api.DiffRequest.from(0).withTags(true)).records().get(0);
            assertEquals("{\"job\":1}", copy.dataString());
            assertEquals("t", copy.tag());
            assertEquals("n1", copy.node());
            assertEquals("{\"a\":1,\"$dead_letter_from\":\"q\",\"$dead_letter_deliveries\":2,"
                    + "\"$dead_letter_src_seq\":1}", copy.metaString());
        }
    }

    @Test
    void aJobStaysReadyWhileItsDeadLetterTopicCannotBeCreated() {
        try (Fixture f = queueWith(1, TopicConfig.builder().maxDeliveries(1).deadLetter("dlq").autoCreate(false)
                .leaseMs(100))) {
            f.log.claim("q", ClaimRequest.of("w", 1));
            f.clock.advance(101);
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w", 1)).count());
            org.awaitility.Awaitility.await().until(() -> f.log.claim("q", ClaimRequest.of("w", 1)).count() == 0
                    && counters(f).ready() == 1);
            f.log.configure("dlq", TopicConfig.defaults());
            assertEquals(0, f.log.claim("q", ClaimRequest.of("w", 1)).count());
            org.awaitility.Awaitility.await().until(() -> counters(f).deadLettered() == 1);
            assertEquals(1, f.log.state("dlq").count());
        }
    }

    @Test
    void aPushedLeaseThatExpiresFreesItsPlaceAndTheJobIsPushedAgain() throws Exception {
        try (Fixture f = queueWith(2, TopicConfig.builder())) {
            BlockingQueue<Job> got = new LinkedBlockingQueue<>();
            AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
            f.log.work("q", new WorkRequest("w", 1, 1000L)).subscribe(new Flow.Subscriber<Job>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    sub.set(s);
                    s.request(16);
                }

                @Override
                public void onNext(Job j) {
                    got.add(j);
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            });
            Job first = got.poll(10, TimeUnit.SECONDS);
            assertEquals(1, first.seq());
            f.clock.advance(1001);
            // the expiry wakes the subscription, which must count its place as free again
            Job again = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(again, "the expired job is pushed again");
            assertEquals(1, again.seq());
            assertEquals(2, again.deliveries());
            assertNotEquals(first.leaseId(), again.leaseId());
            sub.get().cancel();
            assertEquals(new QueueCounters(2, 0, 0), counters(f), "cancelling released the pushed lease");
        }
    }
}
