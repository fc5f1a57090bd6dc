package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.queues.QueueProbe;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SortedMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues across restarts (SEMANTICS §13.10): durable leases come back exactly, others are all ready again. */
class DurableQueueTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).walShards(2)
                .walFileBytes(256 << 10).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void queue(SeqlogEngine log, Durability d, boolean durableLeases, TopicConfig.Builder more) {
        log.configure("q", more.type(TopicType.QUEUE).durability(d).leasesDurable(durableLeases).build());
        for (int i = 0; i < 6; i++) {
            log.append("q", AppendRequest.of(RecordInput.json("{\"job\":" + i + "}")));
        }
    }

    /** Claims, extends, nacks with a delay and acks: a state with every kind of entry. */
    private void work(SeqlogEngine log) {
        log.claim("q", ClaimRequest.of("w1", 3)); // 1, 2, 3
        log.claim("q", ClaimRequest.of("w2", 1)); // 4
        clock.advance(1000);
        log.extend("q", LeaseRequest.of("w1", 2), 60_000);
        log.nack("q", LeaseRequest.of("w1", 3), 5000);
        log.ack("q", LeaseRequest.of("w2", 4));
    }

    @Test
    void durableLeasesComeBackExactlyAfterARestartFromTheWal(TestDir dir) {
        SortedMap<Long, String> before;
        QueueCounters counters;
        try (SeqlogEngine log = open(dir)) {
            queue(log, Durability.DISK, true, TopicConfig.builder());
            log.checkpoint(); // the snapshot holds the jobs, the WAL the lease events after it
            work(log);
            before = QueueProbe.leases(log, "q");
            counters = log.state("q").queue();
            assertEquals(3, before.size());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(before, QueueProbe.leases(log, "q"));
            assertEquals(counters, log.state("q").queue());
            assertEquals(5, log.state("q").count()); // the acked job stays gone
        }
    }

    @Test
    void durableLeasesComeBackExactlyFromASnapshot(TestDir dir) {
        SortedMap<Long, String> before;
        try (SeqlogEngine log = open(dir)) {
            queue(log, Durability.FSYNC, true, TopicConfig.builder());
            work(log);
            log.checkpoint();
            before = QueueProbe.leases(log, "q");
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(before, QueueProbe.leases(log, "q"));
        }
    }

    @Test
    void leasesThatExpiredDuringDowntimeAreReadyWithTheirCounters(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            queue(log, Durability.FSYNC, true, TopicConfig.builder().leaseMs(10_000));
            log.claim("q", ClaimRequest.of("w1", 2));
        }
        clock.advance(10_001);
        try (SeqlogEngine log = open(dir)) {
            assertEquals(new QueueCounters(6, 0, 0), log.state("q").queue());
            ClaimResult r = log.claim("q", ClaimRequest.of("w2", 3));
            assertEquals(List.of(2L, 2L, 1L), r.claimed().stream().map(Job::deliveries).toList()); // reclaimed first
            assertEquals(List.of(1L, 2L, 3L), r.claimed().stream().map(Job::seq).toList());
            assertEquals(List.of(1L), log.ack("q", LeaseRequest.of("w1", 1)).skipped()); // replaced, not revived
        }
    }

    @Test
    void withoutDurableLeasesEveryJobIsReadyAgainWithItsCounterAtZero(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            queue(log, Durability.FSYNC, false, TopicConfig.builder());
            work(log);
        }
        try (SeqlogEngine log = open(dir)) {
            assertTrue(QueueProbe.leases(log, "q").isEmpty());
            assertEquals(new QueueCounters(5, 0, 0), log.state("q").queue());
            ClaimResult r = log.claim("q", ClaimRequest.of("w", 10));
            assertEquals(List.of(1L, 2L, 3L, 5L, 6L), r.claimed().stream().map(Job::seq).toList());
            assertTrue(r.claimed().stream().allMatch(j -> j.deliveries() == 1));
        }
    }

    @Test
    void aPoisonJobReachesMaxDeliveriesAcrossRestartsAndIsDeadLettered(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            log.configure("q", TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC)
                    .leasesDurable(true).maxDeliveries(3).deadLetter("dlq").leaseMs(1000).build());
            log.append("q", AppendRequest.of(RecordInput.json("{\"poison\":true}")));
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (SeqlogEngine log = open(dir)) {
                Job j = log.claim("q", ClaimRequest.of("w", 1)).claimed().get(0);
                assertEquals(attempt, j.deliveries()); // the worker "crashes the server" with the job in hand
            }
            clock.advance(1001);
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(0, log.claim("q", ClaimRequest.of("w", 1)).count());
            await().until(() -> log.state("q").queue().deadLettered() == 1);
            assertEquals(1, log.state("dlq").count());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(new QueueCounters(0, 0, 1), log.state("q").queue()); // kept by the final checkpoint
        }
    }
}
