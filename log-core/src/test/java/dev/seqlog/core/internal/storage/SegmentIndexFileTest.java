package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The sparse index file: header through the descriptor, points, and every reason to rebuild it. */
class SegmentIndexFileTest {
    private static final Path DIR = Path.of("segments");
    private static final Path FILE = DIR.resolve("1.idx");
    private static final SparseIndex INDEX = SparseIndex.fromOffsets(new int[] {0, 5000, 9000, 13000}, 4);

    private final SimulatedFileSystem fs = new SimulatedFileSystem();

    private void write() throws Exception {
        fs.createDirectories(DIR);
        SegmentIndexFile.write(fs, FILE, 100, 14000, 4, INDEX);
    }

    @Test
    void writesTheDrawnLayoutAndReadsItBack() throws Exception {
        write();
        ByteBuffer b = ByteBuffer.wrap(fs.fileBytes(FILE));
        assertEquals(32, SegmentIndexFile.HEADER);
        assertEquals(SegmentIndexFile.HEADER + SegmentIndexFile.POINT_SIZE * INDEX.size(), b.capacity());
        assertEquals(0x53514C58, b.getInt(FileHeader.MAGIC));
        assertEquals(1, b.getShort(FileHeader.VERSION));
        assertEquals(100, b.getLong(SegmentIndexFile.BASE_SEQ));
        assertEquals(14000, b.getInt(SegmentIndexFile.ENTRY_BYTES));
        assertEquals(4, b.getInt(SegmentIndexFile.ENTRIES));
        assertEquals(INDEX.size(), b.getInt(SegmentIndexFile.POINTS));
        SparseIndex back = SegmentIndexFile.read(fs, FILE, 100, 14000, 4);
        assertNotNull(back);
        assertEquals(INDEX.size(), back.size());
        for (int i = 0; i < INDEX.size(); i++) {
            assertEquals(INDEX.number(i), back.number(i));
            assertEquals(INDEX.offset(i), back.offset(i));
        }
    }

    @Test
    void aMissingShortOrStaleIndexIsRebuilt() throws Exception {
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 4), "missing");
        write();
        assertNull(SegmentIndexFile.read(fs, FILE, 101, 14000, 4), "another base seq");
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 13999, 4), "other content");
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 5), "other count");
        fs.corruption().truncateTo(FILE, SegmentIndexFile.HEADER + 4);
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 4), "short");
    }

    @Test
    void aDamagedPointOrHeaderIsRebuilt() throws Exception {
        write();
        fs.corruption().flipBit(FILE, SegmentIndexFile.HEADER + SegmentIndexFile.POINT_SIZE + 1, 2);
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 4), "the checksum covers the points");
        write();
        fs.corruption().flipBit(FILE, SegmentIndexFile.ENTRIES, 0);
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 4));
    }

    @Test
    void anIndexOfAnotherVersionIsRebuiltNotRefused() throws Exception {
        write();
        byte[] b = fs.fileBytes(FILE);
        ByteBuffer h = ByteBuffer.wrap(b, 0, SegmentIndexFile.HEADER).slice();
        h.putShort(FileHeader.VERSION, (short) 2);
        int header = SegmentIndexFile.HEADER;
        SegmentIndexFile.FORMAT.seal(h, ByteBuffer.wrap(b, header, b.length - header));
        fs.corruption().writeDurably(FILE, 0, b);
        assertNull(SegmentIndexFile.read(fs, FILE, 100, 14000, 4));
    }
}
