package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diff read: cursors, limits, budgets, node filtering and payload fidelity (API §4, §5). */
class ReadTest {

    @Test
    void cursorLimitCaughtUpAndLag() {
        try (Fixture f = Fixture.smallSegments()) {
            f.appendN("t", 10);
            DiffResult r = f.log.diff("t", DiffRequest.from(2).withLimit(3));
            assertEquals(List.of(3L, 4L, 5L), Fixture.seqs(r));
            assertEquals(5, r.nextFromSeq());
            assertFalse(r.caughtUp());
            assertEquals(5, r.lag());
            DiffResult end = f.log.diff("t", DiffRequest.from(10));
            assertTrue(end.caughtUp());
            assertEquals(0, end.records().size());
            assertEquals(10, end.nextFromSeq());
            assertNull(end.tombstone());
        }
    }

    @Test
    void limitIsClampedToTheEngineMaximum() {
        try (Fixture f = new Fixture()) {
            f.appendN("t", 1200);
            assertEquals(1000, f.log.diff("t", DiffRequest.from(0).withLimit(5000)).records().size());
            assertEquals(256, f.log.diff("t", DiffRequest.from(0)).records().size());
        }
    }

    @Test
    void byteBudgetStopsAfterTheCrossingRecordButAlwaysDeliversOne() {
        try (Fixture f = new Fixture()) {
            f.append("t", "\"aaaaaaaa\"", "\"bbbbbbbb\"", "\"cccccccc\""); // 10 bytes each
            assertEquals(List.of(1L, 2L), Fixture.seqs(f.log.diff("t", DiffRequest.from(0).withMaxBatchBytes(15))));
            assertEquals(List.of(1L), Fixture.seqs(f.log.diff("t", DiffRequest.from(0).withMaxBatchBytes(1))));
        }
    }

    @Test
    void nodeFilteringSkipsSilentlyAndStillMovesTheCursor() {
        try (Fixture f = new Fixture()) {
            f.log.append("t", AppendRequest.builder().node("n1")
                    .add(RecordInput.json("1")).add(RecordInput.json("2").withNode("n2")).add(RecordInput.json("3"))
                    .build());
            DiffResult r = f.log.diff("t", DiffRequest.from(0).withNodes(Set.of("n1")));
            assertEquals(List.of(2L), Fixture.seqs(r));
            assertEquals(3, r.nextFromSeq());
            assertTrue(r.caughtUp());
            assertEquals(3, r.recordsScanned());
            DiffResult none = f.log.diff("t", DiffRequest.from(0).withNodes(Set.of("n1", "n2")));
            assertEquals(0, none.records().size());
            assertEquals(3, none.nextFromSeq());
            assertNull(none.tombstone());
            f.log.configure("t", TopicConfig.builder().dedupeNode(false).build());
            assertEquals(3, f.log.diff("t", DiffRequest.from(0).withNodes(Set.of("n1"))).records().size());
        }
    }

    @Test
    void includeFlagsAndPayloadFidelity() {
        try (Fixture f = new Fixture()) {
            String data = "{\"z\": 1.0, \"a\": [12345678901234567890123456789, -0.5e10, \"\\u00e9\"], \"n\": null}";
            f.log.append("t", AppendRequest.of(RecordInput.json(data).withTag("tg").withNode("nd")
                    .withMeta("{\"trace\": \"abc\", \"x\": {}}")));
            TopicRecord plain = f.log.diff("t", DiffRequest.from(0)).records().get(0);
            assertEquals("{\"z\":1.0,\"a\":[12345678901234567890123456789,-0.5e10,\"é\"],\"n\":null}",
                    plain.dataString());
            assertEquals("{\"trace\":\"abc\",\"x\":{}}", plain.metaString());
            assertNull(plain.tag());
            assertEquals("nd", plain.node());
            TopicRecord full = f.log.diff("t", DiffRequest.from(0).withTags(true).withMeta(false)).records().get(0);
            assertEquals("tg", full.tag());
            assertNull(full.meta());
            assertEquals(plain.data().length + plain.meta().length, f.log.state("t").bytes());
        }
    }

    @Test
    void largeRecordsGetTheirOwnSegments() {
        try (Fixture f = new Fixture(EngineOptions.builder().segmentMaxBytes(8192))) {
            String big = "\"" + "x".repeat(20_000) + "\"";
            f.append("t", "1", big, "2", big);
            DiffResult r = f.diff("t", 0);
            assertEquals(4, r.records().size());
            assertEquals(big, r.records().get(3).dataString());
        }
    }
}
