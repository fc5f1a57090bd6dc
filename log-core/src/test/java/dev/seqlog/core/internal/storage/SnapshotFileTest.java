package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot files: header through the descriptor, atomic write, and every reason to skip one. */
class SnapshotFileTest {
    private static final Path DIR = Path.of("data", "snapshots");
    private static final Path FILE = DIR.resolve("0000000000000005.snap");
    private static final byte[] BODY = {9, 8, 7, 6, 5, 4, 3};

    private final SimulatedFileSystem fs = new SimulatedFileSystem();

    private SnapshotFile written() throws Exception {
        fs.createDirectories(DIR.getParent());
        SnapshotFile s = new SnapshotFile(fs, DIR);
        s.write(5, ByteBuffer.wrap(BODY));
        return s;
    }

    @Test
    void writesTheDrawnLayoutAndReadsBodyAndVersionBack() throws Exception {
        SnapshotFile s = written();
        ByteBuffer b = ByteBuffer.wrap(fs.durableBytes(FILE));
        assertEquals(24, SnapshotFile.HEADER);
        assertEquals(SnapshotFile.HEADER + BODY.length, b.capacity());
        assertEquals(0x53514C50, b.getInt(FileHeader.MAGIC));
        assertEquals(SnapshotFile.FORMAT.currentVersion(), b.getShort(FileHeader.VERSION));
        assertEquals(5, b.getLong(SnapshotFile.NUMBER));
        assertEquals(BODY.length, b.getInt(SnapshotFile.BODY_LENGTH));
        SnapshotFile.Contents c = s.read(5);
        assertEquals(SnapshotFile.FORMAT.currentVersion(), c.version);
        assertEquals(ByteBuffer.wrap(BODY), c.body);
        assertEquals(List.of(5L), s.list());
    }

    @Test
    void aVersion1SnapshotIsStillReadAndSaysSo() throws Exception {
        SnapshotFile s = written();
        s.write(5, 1, ByteBuffer.wrap(BODY));
        assertEquals(1, ByteBuffer.wrap(fs.durableBytes(FILE)).getShort(FileHeader.VERSION));
        SnapshotFile.Contents c = s.read(5);
        assertEquals(1, c.version);
        assertEquals(ByteBuffer.wrap(BODY), c.body);
        assertEquals(2, SnapshotFile.FORMAT.currentVersion());
    }

    @Test
    void leftoverTemporaryFilesAreRemovedWhenListing() throws Exception {
        SnapshotFile s = written();
        fs.open(DIR.resolve("0000000000000006.snap.tmp"), true).close();
        assertEquals(List.of(5L), s.list());
        assertFalse(fs.exists(DIR.resolve("0000000000000006.snap.tmp")));
    }

    @Test
    void aDamagedTruncatedOrMisnamedSnapshotIsSkipped() throws Exception {
        SnapshotFile s = written();
        fs.corruption().flipBit(FILE, SnapshotFile.HEADER + 2, 1);
        assertNull(s.read(5), "the checksum covers the body");
        s.write(5, ByteBuffer.wrap(BODY));
        fs.corruption().truncateTo(FILE, SnapshotFile.HEADER + BODY.length - 1);
        assertNull(s.read(5), "truncated");
        s.write(5, ByteBuffer.wrap(BODY));
        fs.rename(FILE, DIR.resolve("0000000000000006.snap"));
        assertNull(s.read(6), "the header names snapshot 5");
    }

    @Test
    void decodingAWholeFileSaysWhyItIsDamaged() throws Exception {
        written();
        assertArrayEquals(BODY, bytes(SnapshotFile.decode(ByteBuffer.wrap(fs.fileBytes(FILE)), 5, FILE).body));
        CorruptionException other = assertThrows(CorruptionException.class,
                () -> SnapshotFile.decode(ByteBuffer.wrap(fs.fileBytes(FILE)), 6, FILE));
        assertTrue(other.getMessage().contains("expectedNumber=6"), other.getMessage());
        fs.corruption().flipBit(FILE, SnapshotFile.HEADER + 2, 1);
        CorruptionException flipped = assertThrows(CorruptionException.class,
                () -> SnapshotFile.decode(ByteBuffer.wrap(fs.fileBytes(FILE)), 5, FILE));
        assertTrue(flipped.getMessage().contains("checksum mismatch: file=" + FILE), flipped.getMessage());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void aSnapshotOfAnUnknownVersionIsSkipped() throws Exception {
        SnapshotFile s = written();
        s.write(5, 99, ByteBuffer.wrap(BODY));
        assertNull(s.read(5));
        s.write(5, 0, ByteBuffer.wrap(BODY));
        assertNull(s.read(5));
    }
}
