package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.queues.QueueProbe;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable leases fail closed (API §10.1): when a lease event cannot be flushed the call fails with
 * {@code internal} and takes no effect, so no worker holds a job whose lease a crash could forget.
 */
@ExpectErrorLogs // the WAL writer reports the injected flush failure at ERROR
class QueueFailClosedTest {
    private static final Path DATA = Path.of("data");
    private final ManualClock clock = new ManualClock(1_000_000);

    private SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(clock).walShards(1)
                .backgroundPreallocation(false).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void queue(SeqlogEngine log) {
        log.configure("q", TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.DISK)
                .leasesDurable(true).build());
        for (int i = 0; i < 4; i++) {
            log.append("q", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
        }
    }

    @Test
    void aClaimWhoseLeaseCannotBeFlushedFailsAndLeasesNothing() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        SortedMap<Long, String> before;
        try (SeqlogEngine log = open(fs)) {
            queue(log);
            log.claim("q", ClaimRequest.of("w", 1)); // seq 1, durable
            before = QueueProbe.leases(log, "q");
            fs.faults().syncsFailFromNow();
            SeqlogException e = assertThrows(SeqlogException.class, () -> log.claim("q", ClaimRequest.of("w", 2)));
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertEquals(before, QueueProbe.leases(log, "q"), "the failed claim leased nothing");
            assertEquals(new QueueCounters(3, 1, 0), log.state("q").queue());
        }
        try (SeqlogEngine log = open(fs.powerLoss(TearMode.NONE, 0))) {
            assertEquals(before, QueueProbe.leases(log, "q"));
        }
        // a failed flush may still have reached the disk: the lease then comes back, held by nobody until it
        // expires, and the job is delivered again then, one delivery later; no job is lost either way
        try (SeqlogEngine log = open(fs.powerLoss(TearMode.ALL, 0))) {
            SortedMap<Long, String> after = QueueProbe.leases(log, "q");
            assertEquals(before.get(1L), after.get(1L));
            assertEquals(3, after.size());
            assertTrue(after.get(2L).startsWith("1 leased w ") && after.get(3L).startsWith("1 leased w "));
            assertEquals(4, log.state("q").count());
        }
    }

    @Test
    void aJobThatCrashesTheServerEveryTimeStillReachesMaxDeliveries() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            log.configure("q", TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC)
                    .leasesDurable(true).maxDeliveries(3).deadLetter("dlq").leaseMs(1000).build());
            log.append("q", AppendRequest.of(RecordInput.json("{\"poison\":true}")));
            fs = crash(fs, log);
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            SeqlogEngine log = open(fs);
            assertEquals(attempt, log.claim("q", ClaimRequest.of("w", 1)).claimed().get(0).deliveries());
            fs = crash(fs, log); // the worker's job takes the server down: no clean close, no checkpoint
            clock.advance(1001);
        }
        try (SeqlogEngine log = open(fs)) {
            assertEquals(0, log.claim("q", ClaimRequest.of("w", 1)).count(), "dead-lettered, not delivered again");
            org.awaitility.Awaitility.await().until(() -> log.state("q").queue().deadLettered() == 1);
            assertEquals(1, log.state("dlq").count());
        }
    }

    /** Loses everything not flushed, as a power cut would, and abandons the engine as a killed process does. */
    private static SimulatedFileSystem crash(SimulatedFileSystem fs, SeqlogEngine log) {
        SimulatedFileSystem after = fs.powerLoss(TearMode.NONE, 0);
        try {
            log.close();
        } catch (RuntimeException | Error expected) {
            // the old disk is gone
        }
        return after;
    }

    @Test
    void aNackOrExtendThatCannotBeFlushedFailsAndIsTakenBack() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            queue(log);
            Job j = log.claim("q", ClaimRequest.of("w", 2)).claimed().get(0);
            SortedMap<Long, String> before = QueueProbe.leases(log, "q");
            fs.faults().syncsFailFromNow();
            clock.advance(10);
            assertEquals(ErrorCode.INTERNAL, assertThrows(SeqlogException.class,
                    () -> log.nack("q", LeaseRequest.of("w", j.seq()), 0)).code());
            assertEquals(before, QueueProbe.leases(log, "q"));
            assertThrows(SeqlogException.class, () -> log.extend("q", LeaseRequest.of("w", 2), 60_000));
            assertEquals(before, QueueProbe.leases(log, "q"));
        }
    }
}
