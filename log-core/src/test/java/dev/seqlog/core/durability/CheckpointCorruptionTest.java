package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.internal.format.SnapshotSections;
import dev.seqlog.core.internal.segment.EngineLayouts;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.StorageLayouts;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged segment, index and snapshot files over a real data directory (STORAGE-GUARANTEES §5, §6, §8). */
class CheckpointCorruptionTest {
    /** Bytes before a segment file's first entry. */
    private static final int SEG_HEADER = SegmentFile.HEADER;
    /** Bytes of an entry before its node, tag, data and meta (RecordLayout.HEADER). */
    private static final int ENTRY_HEADER = EngineLayouts.ENTRY_HEADER;
    /** Bytes before a snapshot's body. */
    private static final int SNAP_HEADER = StorageLayouts.SNAPSHOT_HEADER;
    /** The first content byte of a snapshot's first section; damage anywhere after it fails the checksum. */
    private static final int SNAP_CONTENT = SNAP_HEADER + SnapshotSections.HEADER;
    /** Offset of an entry's flag byte. */
    private static final int FLAGS = SegmentFile.ENTRY_FLAGS;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private SeqlogEngine open(TestDir dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.path()).clock(clock).walShards(2)
                .walFileBytes(64 << 10).segmentMaxRecords(10).backgroundExpiry(false).backgroundCheckpoints(false)
                .build());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void configure(SeqlogEngine log, String topic, Durability d) {
        log.configure(topic, TopicConfig.builder().durability(d).build());
    }

    /** Appends {@code n} untagged records whose content names the topic and a running number. */
    private static void append(SeqlogEngine log, String topic, int from, int n) {
        for (int i = from; i < from + n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"topic\":\"" + topic + "\",\"i\":" + i
                    + ",\"pad\":\"" + "p".repeat(40) + "\"}").withMeta("{\"m\":" + i + "}")));
        }
    }

    private static void appendTagged(SeqlogEngine log, String topic, int n, String tag) {
        for (int i = 0; i < n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"i\":" + i + ",\"tag\":\"" + tag + "\"}")
                    .withTag(tag)));
        }
    }

    private static List<TopicRecord> read(SeqlogEngine log, String topic, long from) {
        List<TopicRecord> out = new ArrayList<>();
        long cursor = from;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(cursor).withLimit(7).withTags(true));
            out.addAll(r.records());
            if (r.caughtUp()) {
                return out;
            }
            cursor = r.nextFromSeq();
        }
    }

    private static List<TopicRecord> all(SeqlogEngine log, String topic) {
        return read(log, topic, 0);
    }

    private static Path segment(TestDir dir, long topicId, long baseSeq) {
        return dir.resolve("segments").resolve(String.format("%016d-%020d.seg", topicId, baseSeq));
    }

    private static Path index(TestDir dir, long topicId, long baseSeq) {
        return dir.resolve("segments").resolve(String.format("%016d-%020d.idx", topicId, baseSeq));
    }

    private static List<Path> listed(Path sub, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(sub)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<Path> snapshots(TestDir dir) throws IOException {
        return listed(dir.resolve("snapshots"), ".snap");
    }

    /** File offsets of the entries of a segment file, walking the entry lengths. */
    private static List<Integer> entries(Path seg) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        List<Integer> out = new ArrayList<>();
        for (int at = SEG_HEADER; at + Integer.BYTES <= b.capacity(); at += b.getInt(at + SegmentFile.ENTRY_LENGTH)) {
            out.add(at);
        }
        return out;
    }

    /** File offset of the data bytes of the entry at {@code at}. */
    private static int dataOffset(Path seg, int at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        int node = b.get(at + EngineLayouts.NODE_LENGTH) & 0xFF;
        int tag = b.getShort(at + EngineLayouts.TAG_LENGTH) & 0xFFFF;
        return at + ENTRY_HEADER + node + tag;
    }

    private static byte readByte(Path file, long offset) throws IOException {
        return Files.readAllBytes(file)[(int) offset];
    }

    /** Overwrites bytes in place (no truncation, so a stale mapping of the file never sees it shrink). */
    private static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
        }
    }

    private static void flipBit(Path file, long offset, int bit) throws IOException {
        patch(file, offset, new byte[] {(byte) (readByte(file, offset) ^ (1 << bit))});
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void assertCorruption(SeqlogException e) {
        assertEquals(ErrorCode.INTERNAL, e.code(), e.getMessage());
        assertEquals("data_corruption", e.detail().get("reason"), e.getMessage());
    }

    // ------------------------------------------------------------------------- 1. sealed segment damage

    @Test
    @ExpectErrorLogs // the damaged segment is reported at ERROR when first touched
    void aFlippedBitInASealedSegmentFailsOnlyReadsOfThatSegment(TestDir dir, LogCapture logs) throws IOException {
        List<TopicRecord> a;
        List<TopicRecord> b;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "a", Durability.FSYNC); // topic id 1
            configure(log, "b", Durability.FSYNC); // topic id 2
            append(log, "a", 0, 25);
            append(log, "b", 0, 25);
            a = all(log, "a");
            b = all(log, "b");
        }
        assertEquals(25, a.size());
        Path seg = segment(dir, 1, 1);
        int first = entries(seg).get(0);
        flipBit(seg, dataOffset(seg, first) + 5, 3);

        try (SeqlogEngine log = open(dir)) {
            SeqlogException e = assertThrows(SeqlogException.class, () -> log.diff("a", DiffRequest.from(0)));
            assertCorruption(e);
            assertTrue(e.getMessage().contains(seg.getFileName().toString()), e.getMessage());
            // the same segment keeps refusing, without a second ERROR
            assertCorruption(assertThrows(SeqlogException.class, () -> log.diff("a", DiffRequest.from(3))));
            // later segments of the same topic and other topics still read
            assertEquals(a.subList(10, 25), read(log, "a", 10));
            assertEquals(b, all(log, "b"));
            assertEquals(25, log.state("a").count());
            append(log, "b", 25, 3);
            assertEquals(28, all(log, "b").size());
        }
        long segmentErrors = logs.errors().stream().filter(ev -> ev.loggerName().endsWith(".Segment")).count();
        assertEquals(1, segmentErrors, "the damaged segment is reported once: " + logs.errors());
    }

    @Test
    @ExpectErrorLogs
    void aFlippedBitInATaggedSealedSegmentStillLetsTheEngineStart(TestDir dir) throws IOException {
        List<TopicRecord> b;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "a", Durability.FSYNC); // topic id 1
            configure(log, "b", Durability.FSYNC); // topic id 2
            appendTagged(log, "a", 25, "x");
            appendTagged(log, "b", 25, "y");
            b = all(log, "b");
        }
        Path seg = segment(dir, 1, 1);
        flipBit(seg, dataOffset(seg, entries(seg).get(0)) + 2, 1);
        try (SeqlogEngine log = open(dir)) {
            assertCorruption(assertThrows(SeqlogException.class, () -> log.diff("a", DiffRequest.from(0))));
            assertEquals(15, read(log, "a", 10).size());
            assertEquals(b, all(log, "b"));
        }
    }

    @Test
    void aFlagByteOtherThanDeletedIsLiveAndNotCorruption(TestDir dir) throws IOException {
        List<TopicRecord> before;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "a", Durability.FSYNC);
            append(log, "a", 0, 25);
            before = all(log, "a");
        }
        Path seg = segment(dir, 1, 1);
        List<Integer> at = entries(seg);
        assertEquals(10, at.size());
        patch(seg, at.get(0) + FLAGS, new byte[] {2});
        patch(seg, at.get(4) + FLAGS, new byte[] {(byte) 0x80});
        patch(seg, at.get(9) + FLAGS, new byte[] {(byte) 0xFF});
        try (SeqlogEngine log = open(dir)) {
            assertEquals(before, all(log, "a"));
            assertEquals(25, log.state("a").count());
        }
        // and exactly 1 does mean deleted, so the flag byte really is the one read
        patch(seg, at.get(4) + FLAGS, new byte[] {SegmentFile.DELETED});
        try (SeqlogEngine log = open(dir)) {
            List<TopicRecord> now = all(log, "a");
            assertEquals(24, now.size());
            assertFalse(now.contains(before.get(4)));
        }
    }

    // ------------------------------------------------------------------------------- 2-4. snapshots

    /** Two checkpoints with different content, then more records; close writes the third snapshot. */
    private List<TopicRecord> threeSnapshots(TestDir dir) throws IOException {
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "f", Durability.FSYNC);
            append(log, "f", 0, 15);
            log.checkpoint();
            append(log, "f", 15, 12);
            log.checkpoint();
            append(log, "f", 27, 7);
            expected = all(log, "f");
        }
        assertEquals(34, expected.size());
        List<Path> snaps = snapshots(dir);
        assertEquals(List.of("0000000000000002.snap", "0000000000000003.snap"),
                snaps.stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(Files.exists(segment(dir, 1, 31)), "only snapshot 3 references the segment at 31");
        return expected;
    }

    /** Recovery must start from snapshot 2: it removes the segment file only snapshot 3 references. */
    private void assertRecovered(TestDir dir, List<TopicRecord> expected) {
        try (SeqlogEngine log = open(dir)) {
            assertFalse(Files.exists(segment(dir, 1, 31)), "recovery started from snapshot 2");
            assertEquals(expected, all(log, "f"));
            TopicState st = log.state("f");
            assertEquals(34, st.headSeq());
            assertEquals(34, st.count());
            append(log, "f", 34, 2);
            assertEquals(36, all(log, "f").size());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(36, all(log, "f").size());
            assertEquals(expected, all(log, "f").subList(0, 34));
        }
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOneAndTheWal(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        Path newest = snapshots(dir).get(1);
        flipBit(newest, SNAP_CONTENT + 30, 5);
        assertRecovered(dir, expected);
    }

    @Test
    @ExpectErrorLogs // recovery failure is reported at ERROR
    void aFallbackStillLeavesAValidFallbackAfterTheNextCheckpoint(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        flipBit(snapshots(dir).get(1), SNAP_CONTENT + 30, 5); // snapshot 3 damaged: start from 2
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "f"));
        } // final checkpoint: snapshot 4
        List<Path> snaps = snapshots(dir);
        flipBit(snaps.get(snaps.size() - 1), SNAP_CONTENT + 30, 5); // the newest damaged as well
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "f"));
        }
    }

    @Test
    void aFallbackSnapshotRecountsDeletesTheNewerCheckpointFlagged(TestDir dir) throws IOException {
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "f", Durability.FSYNC);
            for (int i = 0; i < 31; i++) {
                appendTagged(log, "f", 1, i % 2 == 0 ? "keep" : "drop");
            }
            log.checkpoint(); // snapshot 1: three sealed segments, mapped
            assertEquals(15, log.delete("f", DeleteRequest.matching(TagMatch.eq("drop"))).deleted());
            expected = all(log, "f");
            assertEquals(16, expected.size());
            assertEquals(16, log.state("f").count());
        } // snapshot 2 writes the delete flags into the segment files snapshot 1 also references
        flipBit(snapshots(dir).get(1), SNAP_CONTENT + 20, 2);
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "f"));
            assertEquals(16, log.state("f").count(), "live count after replaying the delete");
        }
    }

    @Test
    @ExpectErrorLogs // recovery failure is reported at ERROR
    void allSnapshotsDamagedStopsStartUp(TestDir dir) throws IOException {
        threeSnapshots(dir);
        for (Path p : snapshots(dir)) {
            flipBit(p, SNAP_CONTENT + 2, 0);
        }
        SeqlogException e = assertThrows(SeqlogException.class, () -> open(dir));
        assertCorruption(e);
        assertTrue(e.getMessage().contains("no valid snapshot"), e.getMessage());
        // nothing was removed: an operator can still restore
        assertEquals(2, snapshots(dir).size());
        assertFalse(listed(dir.resolve("segments"), ".seg").isEmpty());
    }

    @Test
    void aTruncatedNewestSnapshotIsSkipped(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        Path newest = snapshots(dir).get(1);
        truncate(newest, Files.size(newest) - 9);
        assertRecovered(dir, expected);
    }

    @Test
    void aNewestSnapshotOfAnUnknownVersionIsSkipped(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        Path newest = snapshots(dir).get(1);
        byte[] b = Files.readAllBytes(newest);
        ByteBuffer header = ByteBuffer.wrap(b, 0, SNAP_HEADER).slice();
        assertEquals(StorageLayouts.SNAPSHOT.currentVersion(), header.getShort(FileHeader.VERSION));
        header.putShort(FileHeader.VERSION, (short) 9);
        StorageLayouts.SNAPSHOT.seal(header, ByteBuffer.wrap(b, SNAP_HEADER, b.length - SNAP_HEADER));
        patch(newest, 0, Arrays.copyOf(b, SNAP_HEADER));
        assertRecovered(dir, expected);
    }

    /**
     * Rewrites a snapshot with one more section (id 4000) before its end marker, header resealed: what a newer
     * build that added a feature would have written.
     */
    private static void addSection(Path snapshot, int flags) throws IOException {
        byte[] file = Files.readAllBytes(snapshot);
        ByteBuffer body = ByteBuffer.wrap(file, SNAP_HEADER, file.length - SNAP_HEADER).slice();
        int end = body.limit() - SnapshotSections.HEADER;
        byte[] content = {1, 2, 3};
        ByteBuffer out = ByteBuffer.allocate(file.length + SnapshotSections.HEADER + content.length);
        out.put(file, 0, SNAP_HEADER).put(body.duplicate().limit(end));
        int at = out.position();
        out.putShort(at + SnapshotSections.ID, (short) 4000).putShort(at + SnapshotSections.VERSION, (short) 1)
                .putShort(at + SnapshotSections.FLAGS, (short) flags)
                .putInt(at + SnapshotSections.LENGTH, content.length);
        out.position(at + SnapshotSections.HEADER).put(content).put(body.duplicate().position(end)).flip();
        ByteBuffer header = out.duplicate().limit(SNAP_HEADER).slice();
        header.putInt(StorageLayouts.SNAPSHOT_BODY_LENGTH, out.limit() - SNAP_HEADER);
        StorageLayouts.SNAPSHOT.seal(header, out.duplicate().position(SNAP_HEADER));
        Files.write(snapshot, Arrays.copyOf(out.array(), out.limit()));
    }

    @Test
    void aNewestSnapshotWithAnUnknownOptionalSectionIsUsed(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        addSection(snapshots(dir).get(1), 0);
        try (SeqlogEngine log = open(dir)) {
            assertTrue(Files.exists(segment(dir, 1, 31)), "recovery started from snapshot 3");
            assertEquals(expected, all(log, "f"));
        }
    }

    @Test
    void aNewestSnapshotWithAnUnknownRequiredSectionIsSkipped(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSnapshots(dir);
        addSection(snapshots(dir).get(1), SnapshotSections.REQUIRED);
        assertRecovered(dir, expected);
    }

    // ------------------------------------------------------------------------------------- 5. indexes

    /** Topic 1 with sealed segments at 1, 11, 21 and an active one at 31; returns its records. */
    private List<TopicRecord> threeSealed(TestDir dir) {
        try (SeqlogEngine log = open(dir)) {
            configure(log, "t", Durability.DISK);
            append(log, "t", 0, 35);
            return all(log, "t");
        }
    }

    private void assertIndexRebuilt(TestDir dir, List<TopicRecord> expected, byte[] original, byte[] damaged)
            throws IOException {
        Path idx = index(dir, 1, 11);
        try (SeqlogEngine log = open(dir)) {
            assertTrue(Files.exists(idx), "index rewritten");
            byte[] now = Files.readAllBytes(idx);
            if (damaged != null) {
                assertFalse(Arrays.equals(damaged, now), "index rewritten");
            }
            assertArrayEquals(original, now, "the rebuilt index equals the one the checkpoint wrote");
            assertEquals(expected, all(log, "t"));
            assertEquals(expected.subList(12, 35), read(log, "t", 12));
            assertEquals(expected.subList(17, 35), read(log, "t", 17));
        }
    }

    @Test
    void aMissingIndexIsRebuilt(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path idx = index(dir, 1, 11);
        byte[] original = Files.readAllBytes(idx);
        Files.delete(idx);
        assertIndexRebuilt(dir, expected, original, null);
    }

    @Test
    void aTruncatedIndexIsRebuilt(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path idx = index(dir, 1, 11);
        byte[] original = Files.readAllBytes(idx);
        int inHeader = StorageLayouts.INDEX_HEADER - 12;
        assertTrue(original.length > inHeader);
        truncate(idx, inHeader);
        assertIndexRebuilt(dir, expected, original, Arrays.copyOf(original, inHeader));
    }

    @Test
    void anIndexFullOfGarbageIsRebuilt(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path idx = index(dir, 1, 11);
        byte[] original = Files.readAllBytes(idx);
        byte[] garbage = new byte[original.length];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(idx, garbage);
        assertIndexRebuilt(dir, expected, original, garbage);
    }

    @Test
    void aStaleIndexOfAnotherSegmentIsRebuilt(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path idx = index(dir, 1, 11);
        byte[] original = Files.readAllBytes(idx);
        byte[] other = Files.readAllBytes(index(dir, 1, 21));
        assertFalse(Arrays.equals(original, other));
        Files.write(idx, other);
        assertIndexRebuilt(dir, expected, original, other);
    }

    @Test
    void anIndexMadeForOtherContentOfTheSameSegmentIsRebuilt(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path idx = index(dir, 1, 11);
        byte[] original = Files.readAllBytes(idx);
        byte[] stale = original.clone();
        int header = StorageLayouts.INDEX_HEADER;
        ByteBuffer b = ByteBuffer.wrap(stale, 0, header).slice();
        int entryBytes = StorageLayouts.INDEX_ENTRY_BYTES;
        b.putInt(entryBytes, b.getInt(entryBytes) - 1); // entry bytes of an older, shorter content
        StorageLayouts.INDEX.seal(b, ByteBuffer.wrap(stale, header, stale.length - header));
        Files.write(idx, stale);
        assertIndexRebuilt(dir, expected, original, stale);
    }

    // --------------------------------------------------------------------------- 6-8. segment files

    @Test
    @ExpectErrorLogs // recovery failure is reported at ERROR
    void aSealedSegmentShorterThanItsSnapshotStopsStartUp(TestDir dir) throws IOException {
        threeSealed(dir);
        Path seg = segment(dir, 1, 11);
        truncate(seg, Files.size(seg) - 50);
        SeqlogException e = assertThrows(SeqlogException.class, () -> open(dir));
        assertCorruption(e);
        assertTrue(e.getMessage().contains(seg.getFileName().toString()), e.getMessage());
    }

    @Test
    void garbageAfterTheActiveSegmentIsCut(TestDir dir) throws IOException {
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "t", Durability.FSYNC);
            append(log, "t", 0, 25);
            expected = all(log, "t");
        }
        Path active = segment(dir, 1, 21);
        long size = Files.size(active);
        assertEquals(5, entries(active).size());
        byte[] garbage = new byte[300];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i % 2 == 0 ? 0x00 : 0x5A);
        }
        ByteBuffer.wrap(garbage).putInt(0, 120); // a plausible entry length
        Files.write(active, garbage, StandardOpenOption.APPEND);
        try (SeqlogEngine log = open(dir)) {
            assertEquals(size, Files.size(active), "the interrupted checkpoint's bytes were cut");
            assertEquals(expected, all(log, "t"));
            append(log, "t", 25, 8);
            expected = all(log, "t");
            assertEquals(33, expected.size());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "t"));
            assertEquals(33, log.state("t").count());
        }
    }

    @Test
    void segmentFilesNoSnapshotReferencesAreRemovedAndNeverImported(TestDir dir) throws IOException {
        List<TopicRecord> expected = threeSealed(dir);
        Path source = segment(dir, 1, 11);
        Path otherTopic = segment(dir, 999, 11);
        Path otherBase = segment(dir, 1, 36);
        Path otherBaseIdx = index(dir, 1, 36);
        Files.copy(source, otherTopic);
        Files.copy(source, otherBase);
        Files.copy(index(dir, 1, 11), otherBaseIdx);
        try (SeqlogEngine log = open(dir)) {
            assertFalse(Files.exists(otherTopic));
            assertFalse(Files.exists(otherBase));
            assertFalse(Files.exists(otherBaseIdx));
            assertTrue(Files.exists(source));
            assertEquals(1, log.topicCount());
            assertEquals(expected, all(log, "t"));
            assertEquals(35, log.state("t").headSeq());
            append(log, "t", 35, 12); // seqs 36.. now exist for real
            expected = all(log, "t");
            assertEquals(47, expected.size());
        }
        try (SeqlogEngine log = open(dir)) {
            assertEquals(expected, all(log, "t"));
            assertEquals(1, log.topicCount());
        }
    }

    // --------------------------------------------------------------------------- 9. durable deletes

    @Test
    void aDeleteInAMappedSegmentLivesInItsFlagNotTheWal(TestDir dir) throws IOException {
        List<TopicRecord> expected;
        try (SeqlogEngine log = open(dir)) {
            configure(log, "f", Durability.FSYNC);
            for (int i = 1; i <= 25; i++) {
                appendTagged(log, "f", 1, i == 5 || i == 14 ? "drop" : "keep");
            }
            log.checkpoint(); // segments 1 and 11 sealed and mapped
            assertEquals(2, log.delete("f", DeleteRequest.matching(TagMatch.eq("drop"))).deleted());
            log.checkpoint(); // flags written
            log.checkpoint(); // the WAL holding the delete is reclaimable
            expected = all(log, "f");
            assertEquals(23, expected.size());
        }
        Path seg = segment(dir, 1, 1);
        assertEquals(SegmentFile.DELETED, readByte(seg, entries(seg).get(4) + FLAGS),
                "seq 5 flagged deleted in its file");
        List<Path> wal = listed(dir.resolve("wal"), ".wal");
        assertFalse(wal.isEmpty());
        for (Path p : wal) {
            Files.delete(p);
        }
        try (SeqlogEngine log = open(dir)) {
            List<TopicRecord> now = all(log, "f");
            assertEquals(expected, now);
            assertFalse(now.stream().anyMatch(r -> r.seq() == 5 || r.seq() == 14));
            assertEquals(23, log.state("f").count());
            assertEquals(0, log.diff("f", DiffRequest.from(0).withTags(true)).records().stream()
                    .filter(r -> "drop".equals(r.tag())).count());
        }
    }

    @Test
    @ExpectErrorLogs // the engine that lost power reports its failed final flush at ERROR
    void appendsAfterARestartWithoutWalFilesSurviveACrash() throws IOException {
        Path data = Path.of("data");
        SimulatedFileSystem fs = new SimulatedFileSystem();
        EngineOptions options = EngineOptions.builder().dataDir(data).fileSystem(fs).clock(clock).walShards(1)
                .walFileBytes(64 << 10).segmentMaxRecords(10).backgroundPreallocation(false)
                .backgroundExpiry(false).backgroundCheckpoints(false).build();
        try (SeqlogEngine log = SeqlogEngine.open(options)) {
            configure(log, "f", Durability.FSYNC);
            append(log, "f", 0, 5);
        }
        for (Path p : fs.files()) {
            if (p.toString().endsWith(".wal")) {
                fs.delete(p);
            }
        }
        fs.syncDirectory(data.resolve("wal"));
        SimulatedFileSystem after;
        try (SeqlogEngine log = SeqlogEngine.open(options)) {
            append(log, "f", 5, 3); // acknowledged: flushed to the new WAL file
            after = fs.powerLoss(TearMode.NONE, 0);
        }
        EngineOptions again = EngineOptions.builder().dataDir(data).fileSystem(after).clock(clock).walShards(1)
                .walFileBytes(64 << 10).segmentMaxRecords(10).backgroundPreallocation(false)
                .backgroundExpiry(false).backgroundCheckpoints(false).build();
        try (SeqlogEngine log = SeqlogEngine.open(again)) {
            assertEquals(8, log.state("f").headSeq());
            assertEquals(8, log.diff("f", DiffRequest.from(0)).records().size());
        }
    }
}
