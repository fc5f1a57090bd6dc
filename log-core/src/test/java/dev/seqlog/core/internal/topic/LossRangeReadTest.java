package dev.seqlog.core.internal.topic;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.Internals;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Interior loss ranges in the read procedure (SEMANTICS §5.4, §6.2 step 3 and the scan stop). */
class LossRangeReadTest {

    private static List<Long> read(SeqlogEngine log, long from) {
        List<Long> seqs = new ArrayList<>();
        log.diff("t", DiffRequest.from(from).withLimit(1000), v -> seqs.add(v.seq()));
        return seqs;
    }

    @Test
    void aReaderStopsBeforeALossRangeThenGetsItAsATombstone() {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().segmentMaxRecords(4)
                .backgroundExpiry(false).build())) {
            log.append("t", AppendRequest.of(RecordInput.json("1"), RecordInput.json("2"), RecordInput.json("3")));
            Internals.topic(log, "t").appendLossRange(4, TombstoneReason.RESTART, 4); // seqs 4..7
            log.append("t", AppendRequest.of(RecordInput.json("8"), RecordInput.json("9")));

            DiffResult first = log.diff("t", DiffRequest.from(0));
            assertNull(first.tombstone());
            assertEquals(3, first.nextFromSeq());
            assertEquals(List.of(1L, 2L, 3L), read(log, 0));

            DiffResult second = log.diff("t", DiffRequest.from(3));
            assertEquals(4, second.tombstone().gapFrom());
            assertEquals(7, second.tombstone().gapTo());
            assertEquals(TombstoneReason.RESTART, second.tombstone().reason());
            assertEquals(4, second.tombstone().missedEstimate());
            assertEquals(9, second.nextFromSeq());
            assertEquals(List.of(8L, 9L), read(log, 3));
            assertEquals(5, log.state("t").count());
        }
    }

    @Test
    void deletedSeqsAfterALossRangeBelongToTheSameGap() {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().backgroundExpiry(false).build())) {
            log.append("t", AppendRequest.of(RecordInput.json("1")));
            Internals.topic(log, "t").appendLossRange(2, TombstoneReason.SOURCE_TRIM, 50); // 2..3
            log.append("t", AppendRequest.of(RecordInput.json("4").withTag("x"), RecordInput.json("5")));
            log.delete("t", DeleteRequest.matching(dev.seqlog.api.TagMatch.eq("x")));
            DiffResult r = log.diff("t", DiffRequest.from(1));
            assertEquals(2, r.tombstone().gapFrom());
            assertEquals(4, r.tombstone().gapTo());
            assertEquals(TombstoneReason.SOURCE_TRIM, r.tombstone().reason());
            assertEquals(50, r.tombstone().missedEstimate());
            assertEquals(5, r.nextFromSeq());
        }
    }

    @Test
    void aFloorAboveALossRangeForgetsIt() {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().backgroundExpiry(false).build())) {
            log.configure("t", TopicConfig.builder().capRecords(2).build());
            log.append("t", AppendRequest.of(RecordInput.json("1")));
            Internals.topic(log, "t").appendLossRange(3, TombstoneReason.RESTART, 3); // 2..4
            log.append("t", AppendRequest.of(RecordInput.json("5"), RecordInput.json("6"), RecordInput.json("7")));
            DiffResult r = log.diff("t", DiffRequest.from(0));
            assertEquals(TombstoneReason.CAP, r.tombstone().reason());
            assertEquals(5, r.tombstone().gapTo());
            assertEquals(List.of(6L, 7L), read(log, 0));
        }
    }

    @Test
    void aLossRangeAtTheBottomOfALogWithDeletesIsStillReported() {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().backgroundExpiry(false).build())) {
            log.append("t", AppendRequest.of(RecordInput.json("1"), RecordInput.json("2")));
            Internals.topic(log, "t").appendLossRange(2, TombstoneReason.RESTART, 2); // 3..4
            log.append("t", AppendRequest.of(RecordInput.json("5")));
            log.delete("t", DeleteRequest.before(3));
            // cursor 0: seqs 1-2 are deleted (silent), then the reader must stop before the loss range
            DiffResult r = log.diff("t", DiffRequest.from(0));
            assertNull(r.tombstone());
            assertEquals(2, r.nextFromSeq());
            DiffResult r2 = log.diff("t", DiffRequest.from(2));
            assertEquals(3, r2.tombstone().gapFrom());
            assertEquals(4, r2.tombstone().gapTo());
        }
    }
}
