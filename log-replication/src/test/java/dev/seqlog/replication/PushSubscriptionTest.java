package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WorkRequest;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Push subscriptions on a replicated node: jobs pushed through a follower are leased on every replica, never more
 * than {@code max} at once; an ack through another node, or an expiry on the log's clock, frees room for the next;
 * cancelling releases what is outstanding on every replica; a deleted queue and a closing node end the
 * subscription with their errors.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class PushSubscriptionTest implements RatisShutdownErrors {
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ManualClock clock = new ManualClock(T0);

    /** Records what a subscription signals; requests everything at once. */
    static final class Recorder implements Flow.Subscriber<Job> {
        final List<Job> jobs = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Job job) {
            jobs.add(job);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
        }

        List<Long> seqs() {
            return jobs.stream().map(Job::seq).toList();
        }
    }

    private static void awaitCounters(TestCluster cluster, String topic, QueueCounters expected) {
        for (ReplicatedNode n : cluster.nodes()) {
            Awaitility.await(n.nodeId() + ": " + expected).atMost(WAIT)
                    .until(() -> n.state(topic).queue(), expected::equals);
        }
    }

    @Test
    void pushedJobsAreLeasedEverywhereAndReleasedWhenCancelled(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b.clock(clock).tickIntervalMs(50)
                .electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS))) {
            ReplicatedNode leader = cluster.awaitLeader();
            ReplicatedNode follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
            leader.configure("jobs", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(5_000).build());
            for (int i = 0; i < 6; i++) {
                leader.append("jobs", AppendRequest.of(RecordInput.json("{\"job\":" + i + "}")));
            }

            Recorder worker = new Recorder();
            follower.work("jobs", WorkRequest.of("w", 2)).subscribe(worker);
            Awaitility.await("two jobs pushed").atMost(WAIT).until(() -> worker.seqs().equals(List.of(1L, 2L)));
            awaitCounters(cluster, "jobs", new QueueCounters(4, 2, 0));

            // an ack through another node frees room: the next job is pushed
            Job first = worker.jobs.get(0);
            assertEquals(1, leader.ack("jobs", LeaseRequest.of("w", first.seq())
                    .withLeaseIds(List.of(first.leaseId()))).done());
            Awaitility.await("a third job").atMost(WAIT).until(() -> worker.seqs().equals(List.of(1L, 2L, 3L)));
            awaitCounters(cluster, "jobs", new QueueCounters(3, 2, 0));

            // leases expire on the log's clock: the same jobs are pushed again, as second deliveries
            clock.advance(6_000);
            Awaitility.await("jobs 2 and 3 again").atMost(WAIT).until(() -> worker.jobs.size() == 5);
            assertEquals(List.of(2L, 3L), worker.seqs().subList(3, 5));
            assertEquals(List.of(2L, 2L), worker.jobs.subList(3, 5).stream().map(Job::deliveries).toList());

            // cancelling releases the outstanding jobs on every replica, delivery counters kept
            worker.subscription.get().cancel();
            awaitCounters(cluster, "jobs", new QueueCounters(5, 0, 0));
            assertEquals(null, worker.error.get());

            // a deleted queue ends a subscription with topic_not_found
            Recorder orphan = new Recorder();
            follower.work("jobs", WorkRequest.of("w2", 1)).subscribe(orphan);
            Awaitility.await("a job for the second worker").atMost(WAIT).until(() -> orphan.jobs.size() == 1);
            leader.deleteTopic("jobs");
            Awaitility.await("topic_not_found").atMost(WAIT).until(() -> orphan.error.get() != null);
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, ((SeqlogException) orphan.error.get()).code());

            // refusals at subscribe time, as a single node gives them
            assertEquals(ErrorCode.TOPIC_NOT_FOUND, assertThrows(SeqlogException.class,
                    () -> follower.work("jobs", WorkRequest.of("w", 1))).code());
            follower.configure("log", TopicConfig.defaults()); // applied here once it returns
            assertEquals(ErrorCode.NOT_A_QUEUE, assertThrows(SeqlogException.class,
                    () -> follower.work("log", WorkRequest.of("w", 1))).code());

            // a closing node ends its subscriptions with shutting_down
            follower.configure("idle", TopicConfig.builder().type(TopicType.QUEUE).build());
            Recorder waiting = new Recorder();
            follower.work("idle", WorkRequest.of("w", 1)).subscribe(waiting);
            Awaitility.await("subscribed").atMost(WAIT).until(() -> waiting.subscription.get() != null);
            cluster.stop(follower.nodeId());
            Awaitility.await("shutting_down").atMost(WAIT).until(() -> waiting.error.get() != null);
            assertTrue(waiting.error.get() instanceof SeqlogException e && e.code() == ErrorCode.SHUTTING_DOWN,
                    String.valueOf(waiting.error.get()));
        }
    }
}
