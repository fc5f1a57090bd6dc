package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.RecordInput;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switching a queue to durable leases logs the leases it holds already (an IMAGE frame), so a crash right after
 * the switch, before any checkpoint, brings them back like leases taken after it.
 */
@ExpectErrorLogs // the abandoned engine reports the crashed disk
class LeasesDurableSwitchTest {
    private static final Path DATA = Path.of("data");
    private final ManualClock clock = new ManualClock(1_000_000);

    private SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(clock).walShards(1)
                .backgroundPreallocation(false).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    @Test
    void leasesHeldWhenTheQueueSwitchesToDurableLeasesSurviveACrash() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        SortedMap<Long, String> before;
        SeqlogEngine log = open(fs);
        TopicConfig.Builder config = TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC);
        log.configure("q", config.build());
        for (int i = 0; i < 5; i++) {
            log.append("q", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
        }
        log.claim("q", ClaimRequest.of("w1", 3));
        log.nack("q", LeaseRequest.of("w1", 2), 5000);
        log.configure("q", config.leasesDurable(true).build());
        before = QueueProbe.leases(log, "q");
        assertEquals(3, before.size());
        SimulatedFileSystem after = fs.powerLoss(TearMode.NONE, 0); // no checkpoint since the switch
        try {
            log.close();
        } catch (RuntimeException | Error expected) {
            // the old disk is gone
        }
        try (SeqlogEngine recovered = open(after)) {
            assertEquals(before, QueueProbe.leases(recovered, "q"));
            assertTrue(recovered.state("q").config().leasesDurable());
            assertEquals(1, recovered.ack("q", LeaseRequest.of("w1", 3)).done());
        }
    }
}
