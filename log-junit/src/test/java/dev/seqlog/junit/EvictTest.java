package dev.seqlog.junit;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A forced eviction is a cap eviction readers are told about, and leaves the configuration as it was. */
@WithSeqlog
class EvictTest {

    @Test
    void theOldestRecordsGoAndAReaderGetsACapTombstone(EventLog log, SeqlogEmulator seqlog) {
        TopicConfig config = TopicConfig.builder().discard(Discard.REJECT).capRecords(100).build();
        log.configure("t", config);
        CrashTest.appendNumbered(log, "t", 5);
        seqlog.evict("t", 2);
        DiffResult r = log.diff("t", DiffRequest.from(0));
        assertEquals(TombstoneReason.CAP, r.tombstone().reason());
        assertEquals(1, r.tombstone().gapFrom());
        assertEquals(2, r.tombstone().gapTo());
        assertEquals(List.of("3", "4", "5"), r.records().stream().map(TopicRecord::dataString).toList());
        assertEquals(config, log.state("t").config(), "configuration restored");
        assertEquals(3, log.state("t").count());
    }

    @Test
    void everyRecordButTheNewestCanBeEvicted(EventLog log, SeqlogEmulator seqlog) {
        CrashTest.appendNumbered(log, "t", 4);
        TopicConfig before = log.state("t").config();
        seqlog.evict("t", 3);
        DiffResult r = log.diff("t", DiffRequest.from(0));
        assertEquals(List.of("4"), r.records().stream().map(TopicRecord::dataString).toList());
        assertEquals(3, r.tombstone().gapTo());
        assertEquals(before, log.state("t").config());
        assertEquals(5, CrashTest.appendOne(log, "t"));
    }

    @Test
    void anEvictionSurvivesACrash(EventLog log, SeqlogEmulator seqlog) {
        log.configure("t", TopicConfig.builder().durability(dev.seqlog.api.Durability.FSYNC).build());
        CrashTest.appendNumbered(log, "t", 3);
        seqlog.evict("t", 1);
        seqlog.crash(Crash.POWER_LOSS);
        DiffResult r = log.diff("t", DiffRequest.from(0));
        assertEquals(List.of("2", "3"), r.records().stream().map(TopicRecord::dataString).toList());
        assertEquals(TombstoneReason.CAP, r.tombstone().reason());
    }

    @Test
    void badCountsAndUnknownTopicsAreRefused(EventLog log, SeqlogEmulator seqlog) {
        CrashTest.appendNumbered(log, "t", 2);
        assertThrows(IllegalArgumentException.class, () -> seqlog.evict("t", 0));
        assertThrows(IllegalArgumentException.class, () -> seqlog.evict("t", 2));
        assertThrows(SeqlogException.class, () -> seqlog.evict("missing", 1));
        assertEquals(2, log.state("t").count());
    }
}
