package dev.seqlog.core;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.WorkRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push subscriptions of jobs (SEMANTICS §13.8) through {@code EventLog.work}. */
class QueuePushTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Collects pushed jobs; requests what the test asks for. */
    static final class Worker implements Flow.Subscriber<Job> {
        final List<Job> jobs = new ArrayList<>();
        volatile Flow.Subscription subscription;
        volatile Throwable error;
        private final long initial;

        Worker(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(initial);
        }

        @Override
        public synchronized void onNext(Job j) {
            jobs.add(j);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
        }

        synchronized int count() {
            return jobs.size();
        }

        synchronized List<Long> seqs() {
            List<Long> out = new ArrayList<>();
            for (Job j : jobs) {
                out.add(j.seq());
            }
            return out;
        }
    }

    @Test
    void keepsMaxJobsOutstandingAndRefillsOnAck() {
        try (Fixture f = QueueTest.queueWith(10, TopicConfig.builder())) {
            Worker w = new Worker(100);
            f.log.work("q", WorkRequest.of("w", 3)).subscribe(w);
            await().atMost(WAIT).until(() -> w.count() == 3);
            assertEquals(List.of(1L, 2L, 3L), w.seqs());
            assertEquals(new QueueCounters(7, 3, 0), QueueTest.counters(f));
            f.log.ack("q", LeaseRequest.of("w", 1, 2));
            await().atMost(WAIT).until(() -> w.count() == 5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), w.seqs());
            w.subscription.cancel();
        }
    }

    @Test
    void demandBoundsWhatIsLeased() {
        try (Fixture f = QueueTest.queueWith(10, TopicConfig.builder())) {
            Worker w = new Worker(1);
            f.log.work("q", WorkRequest.of("w", 5)).subscribe(w);
            await().atMost(WAIT).until(() -> w.count() == 1);
            assertEquals(1, QueueTest.counters(f).inFlight());
            w.subscription.request(2);
            await().atMost(WAIT).until(() -> w.count() == 3);
            assertEquals(3, QueueTest.counters(f).inFlight());
            w.subscription.cancel();
        }
    }

    @Test
    void newJobsWakeAWaitingSubscription() {
        try (Fixture f = QueueTest.queueWith(0, TopicConfig.builder())) {
            Worker w = new Worker(10);
            f.log.work("q", WorkRequest.of("w", 2)).subscribe(w);
            f.appendN("q", 3);
            await().atMost(WAIT).until(() -> w.count() == 2);
            assertEquals(List.of(1L, 2L), w.seqs());
            w.subscription.cancel();
        }
    }

    @Test
    void anExpiredPushedLeaseFreesCapacityAndTheJobIsPushedAgainWithItsCounter() {
        try (Fixture f = QueueTest.queueWith(1, TopicConfig.builder().leaseMs(1000))) {
            Worker w = new Worker(10);
            f.log.work("q", WorkRequest.of("w", 1)).subscribe(w);
            await().atMost(WAIT).until(() -> w.count() == 1);
            f.clock.advance(1001);
            await().atMost(WAIT).until(() -> w.count() == 2);
            assertEquals(List.of(1L, 1L), w.seqs());
            assertEquals(2, w.jobs.get(1).deliveries());
            w.subscription.cancel();
        }
    }

    @Test
    void cancellingReleasesPushedLeasesAtOnceWithCountersUnchanged() {
        try (Fixture f = QueueTest.queueWith(3, TopicConfig.builder())) {
            f.log.claim("q", ClaimRequest.of("w", 1)); // seq 1 by a polling claim of the same node
            Worker w = new Worker(10);
            f.log.work("q", WorkRequest.of("w", 2)).subscribe(w);
            await().atMost(WAIT).until(() -> w.count() == 2);
            assertEquals(List.of(2L, 3L), w.seqs());
            w.subscription.cancel();
            await().atMost(WAIT).until(() -> QueueTest.counters(f).equals(new QueueCounters(2, 1, 0)));
            ClaimResult again = f.log.claim("q", ClaimRequest.of("x", 5));
            assertEquals(List.of(2L, 3L), QueueTest.seqs(again)); // seq 1 stays leased to the polling claim
            assertEquals(2, again.claimed().get(0).deliveries());
            assertEquals(1, f.log.ack("q", LeaseRequest.of("w", 1)).done());
        }
    }

    @Test
    void deletingTheQueueEndsTheSubscriptionWithTopicNotFound() {
        try (Fixture f = QueueTest.queueWith(1, TopicConfig.builder())) {
            Worker w = new Worker(10);
            f.log.work("q", WorkRequest.of("w", 1)).subscribe(w);
            await().atMost(WAIT).until(() -> w.count() == 1);
            f.log.deleteTopic("q");
            await().atMost(WAIT).until(() -> w.error != null);
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, assertInstanceOf(SeqlogException.class, w.error).code());
        }
    }

    @Test
    void inCoalescingModeSubscriptionsJoinTheWindowsCohort() {
        try (Fixture f = QueueTest.queueWith(4, TopicConfig.builder().claimJitterMs(20))) {
            Worker w = new Worker(10);
            f.log.work("q", WorkRequest.of("w", 10)).subscribe(w);
            var claim = f.log.claimAsync("q", ClaimRequest.of("c", 10));
            f.clock.advance(20);
            await().atMost(WAIT).until(() -> claim.isDone() && w.count() == 2);
            assertEquals(2, claim.join().count());
            assertTrue(w.seqs().stream().noneMatch(s -> QueueTest.seqs(claim.join()).contains(s)));
            w.subscription.cancel();
        }
    }
}
