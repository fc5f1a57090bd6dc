package dev.seqlog.examples.consumer;

import dev.seqlog.api.*;
import dev.seqlog.junit.*;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The emulator example of README.md, built against the published artifacts. */
@WithSeqlog                                   // a fresh in-memory seqlog per test method
class OrderPipelineTest {

    @Test
    void fsyncOrdersSurviveAPowerLossAndEphemeralClicksDoNot(EventLog log, SeqlogEmulator seqlog) {
        log.configure("orders", TopicConfig.builder().durability(Durability.FSYNC).build());
        log.configure("clicks", TopicConfig.builder().durability(Durability.EPHEMERAL).build());
        log.append("orders", AppendRequest.of(RecordInput.json("{\"sku\":\"A-1\",\"qty\":2}")));
        log.append("clicks", AppendRequest.of(RecordInput.json("{\"page\":\"/cart\"}")));

        seqlog.crash(Crash.POWER_LOSS);       // the log restarts from what a real disk would keep

        assertEquals(1, log.diff("orders", DiffRequest.from(0)).records().size());
        DiffResult clicks = log.diff("clicks", DiffRequest.from(0));
        assertEquals(TombstoneReason.RESTART, clicks.tombstone().reason());
    }

    @Test
    void anUnackedJobComesBackWhenItsLeaseRunsOut(EventLog log, SeqlogEmulator seqlog) {
        log.configure("jobs", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(30_000).build());
        log.append("jobs", AppendRequest.of(RecordInput.json("{\"task\":\"resize\"}")));
        assertEquals(1, log.claim("jobs", ClaimRequest.of("worker-1", 10)).count());

        seqlog.advance(Duration.ofSeconds(31)); // no sleeping: the clock is the emulator's

        Job again = log.claim("jobs", ClaimRequest.of("worker-2", 10)).claimed().get(0);
        assertEquals(2, again.deliveries());
    }
}
