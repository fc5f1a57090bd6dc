package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A segment file: its header through the descriptor, entry framing, checksums, the delete flag, the cut. */
class SegmentFileTest {
    private static final Path DIR = Path.of("segments");
    private static final Path FILE = DIR.resolve("1.seg");
    /** Smallest entry the scans below accept: the framing plus one field byte. */
    private static final int MIN_ENTRY = SegmentFile.ENTRY_FIELDS + 1;

    private final SimulatedFileSystem fs = new SimulatedFileSystem();

    private SegmentFile create(long topicId, long baseSeq) throws Exception {
        fs.createDirectories(DIR);
        return SegmentFile.create(fs, FILE, topicId, baseSeq);
    }

    /** Entries with {@code fields} bytes of record fields each, checksums filled in. */
    private static ByteBuffer entries(int... fields) {
        int total = 0;
        for (int f : fields) {
            total += SegmentFile.ENTRY_FIELDS + f;
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        int at = 0;
        for (int f : fields) {
            int len = SegmentFile.ENTRY_FIELDS + f;
            b.putInt(at + SegmentFile.ENTRY_LENGTH, len);
            for (int i = 0; i < f; i++) {
                b.put(at + SegmentFile.ENTRY_FIELDS + i, (byte) (i + f));
            }
            at += len;
        }
        SegmentFile.fillChecksums(b, 0, total);
        return b;
    }

    @Test
    void aCreatedHeaderHasTheDrawnLayoutAndOpens() throws Exception {
        try (SegmentFile f = create(7, 100)) {
            f.sync();
        }
        ByteBuffer h = ByteBuffer.wrap(fs.fileBytes(FILE));
        assertEquals(SegmentFile.HEADER, h.capacity());
        assertEquals(0x53514C47, h.getInt(FileHeader.MAGIC));
        assertEquals(1, h.getShort(FileHeader.VERSION));
        assertEquals(0, h.getShort(FileHeader.FIELDS), "reserved");
        assertEquals(8, SegmentFile.TOPIC_ID);
        assertEquals(16, SegmentFile.BASE_SEQ);
        assertEquals(24, SegmentFile.HEADER_CRC);
        assertEquals(7, h.getLong(SegmentFile.TOPIC_ID));
        assertEquals(100, h.getLong(SegmentFile.BASE_SEQ));
        try (SegmentFile f = SegmentFile.open(fs, FILE, 7, 100)) {
            assertEquals(0, f.entryBytes());
        }
    }

    @Test
    void aHeaderNamingAnotherSegmentIsCorruption() throws Exception {
        create(7, 100).close();
        CorruptionException e = assertThrows(CorruptionException.class, () -> SegmentFile.open(fs, FILE, 8, 100));
        assertTrue(e.getMessage().contains("topicId=7 baseSeq=100 expectedTopicId=8 expectedBaseSeq=100"),
                e.getMessage());
        assertThrows(CorruptionException.class, () -> SegmentFile.open(fs, FILE, 7, 101));
        assertEquals(0, fs.openFiles(), "a refused file is closed");
    }

    @Test
    void aDamagedOrShortHeaderIsCorruptionAndAnotherVersionUnsupported() throws Exception {
        create(7, 100).close();
        fs.corruption().flipBit(FILE, SegmentFile.BASE_SEQ + 3, 0);
        CorruptionException damaged = assertThrows(CorruptionException.class,
                () -> SegmentFile.open(fs, FILE, 7, 100));
        assertTrue(damaged.getMessage().startsWith("segment header checksum mismatch: file=" + FILE),
                damaged.getMessage());

        ByteBuffer v2 = SegmentFile.FORMAT.start(2);
        v2.putLong(SegmentFile.TOPIC_ID, 7).putLong(SegmentFile.BASE_SEQ, 100);
        SegmentFile.FORMAT.seal(v2, null);
        fs.corruption().writeDurably(FILE, 0, v2.array());
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> SegmentFile.open(fs, FILE, 7, 100));
        assertTrue(e.getMessage().contains("found=2 expected=1"), e.getMessage());

        fs.corruption().truncateTo(FILE, SegmentFile.HEADER - 1);
        assertThrows(CorruptionException.class, () -> SegmentFile.open(fs, FILE, 7, 100));
        assertEquals(0, fs.openFiles());
    }

    @Test
    void entriesWrittenAfterTheHeaderReadBackAndScan() throws Exception {
        ByteBuffer e = entries(3, 10, 1);
        try (SegmentFile f = create(7, 100)) {
            f.write(e.duplicate(), 0);
            f.sync();
            assertEquals(e.capacity(), f.entryBytes());
        }
        try (SegmentFile f = SegmentFile.open(fs, FILE, 7, 100)) {
            ByteBuffer back = ByteBuffer.allocate(e.capacity());
            f.read(back, e.capacity());
            assertEquals(e.rewind(), back.rewind());
            List<Integer> at = new ArrayList<>();
            assertEquals(3, SegmentFile.scan(back, back.capacity(), MIN_ENTRY, FILE, (i, off) -> at.add(off)));
            assertEquals(List.of(0, 12, 31), at);
        }
    }

    @Test
    void theDeleteFlagSitsOutsideTheChecksum() throws Exception {
        ByteBuffer e = entries(4, 4);
        try (SegmentFile f = create(7, 100)) {
            f.write(e.duplicate(), 0);
            f.markDeleted(13);
            f.sync();
        }
        ByteBuffer back = ByteBuffer.wrap(fs.fileBytes(FILE)).position(SegmentFile.HEADER).slice();
        assertEquals(SegmentFile.DELETED, back.get(13 + SegmentFile.ENTRY_FLAGS));
        assertEquals(2, SegmentFile.scan(back, back.capacity(), MIN_ENTRY, FILE, null), "still valid");
    }

    @Test
    void aDamagedEntryOrLengthIsCorruptionNamingFileAndOffset() {
        ByteBuffer e = entries(4, 4);
        e.put(13 + SegmentFile.ENTRY_FIELDS + 1, (byte) 99);
        CorruptionException crc = assertThrows(CorruptionException.class,
                () -> SegmentFile.scan(e, e.capacity(), MIN_ENTRY, FILE, null));
        assertEquals("segment entry checksum mismatch: file=" + FILE + " offset=13", crc.getMessage());
        ByteBuffer len = entries(4, 4);
        len.putInt(13 + SegmentFile.ENTRY_LENGTH, 1000);
        CorruptionException overrun = assertThrows(CorruptionException.class,
                () -> SegmentFile.scan(len, len.capacity(), MIN_ENTRY, FILE, null));
        assertTrue(overrun.getMessage().contains("offset=13 length=1000"), overrun.getMessage());
    }

    @Test
    void bytesBeyondTheValidLengthAreCutAndAShortFileIsCorruption() throws Exception {
        ByteBuffer e = entries(4, 4, 4);
        try (SegmentFile f = create(7, 100)) {
            f.write(e.duplicate(), 0);
            f.truncateEntries(26);
            assertEquals(26, f.entryBytes());
            ByteBuffer dst = ByteBuffer.allocate(39);
            CorruptionException short1 = assertThrows(CorruptionException.class, () -> f.read(dst, 39));
            assertTrue(short1.getMessage().contains("expected=39 found=26"), short1.getMessage());
        }
    }
}
