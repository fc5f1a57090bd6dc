package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.spi.StorageFile;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading a WAL file: frames up to the logical end, and what happens to the bytes after it. */
class WalReaderTest {
    private static final Path DIR = Path.of("wal");
    private static final long CAPACITY = 4096;

    private final SimulatedFileSystem fs = new SimulatedFileSystem();

    /** A file with two frames and the first bytes of a third whose write never finished. */
    private WalDirectory.Entry written() throws Exception {
        fs.createDirectories(DIR);
        WalDirectory dir = new WalDirectory(fs, DIR, 0);
        try (WalFile f = dir.create(0, 1, CAPACITY)) {
            ByteBuffer frames = ByteBuffer.allocate(256);
            long at = WalFileHeader.SIZE;
            for (byte[] body : List.of(new byte[] {4, 1}, new byte[] {4, 2, 3})) {
                int before = frames.position();
                WalFrame.write(frames, f.header.generation, at, WalFileHeader.SIZE, ByteBuffer.wrap(body));
                at += frames.position() - before;
            }
            frames.put(new byte[] {0, 0, 0, 9, 1, 2}); // the start of a frame whose write never finished
            f.append(frames.flip());
        }
        return dir.list().get(0);
    }

    private List<Integer> lengths(WalReader reader, WalDirectory.Entry e, long[] end) throws Exception {
        List<Integer> lengths = new ArrayList<>();
        end[0] = reader.read(e, body -> lengths.add(body.remaining()));
        return lengths;
    }

    @Test
    void aReaderThatDoesNotCutReportsTheTornTailAndLeavesTheFileAsItWas() throws Exception {
        WalDirectory.Entry e = written();
        byte[] before = fs.fileBytes(e.path);
        long[] end = new long[1];
        WalReader reader = new WalReader(fs, false);
        assertEquals(List.of(2, 3), lengths(reader, e, end));
        assertEquals(WalFileHeader.SIZE + WalFrame.size(2) + WalFrame.size(3), end[0]);
        assertEquals(6, reader.tailBytes());
        assertArrayEquals(before, fs.fileBytes(e.path));
    }

    @Test
    void recoveryCutsTheTornTail() throws Exception {
        WalDirectory.Entry e = written();
        long[] end = new long[1];
        WalReader reader = new WalReader(fs);
        assertEquals(List.of(2, 3), lengths(reader, e, end));
        assertEquals(6, reader.tailBytes());
        try (StorageFile f = fs.open(e.path, false)) {
            assertEquals(end[0], f.size());
        }
        WalReader again = new WalReader(fs, false);
        again.read(e, body -> { });
        assertEquals(0, again.tailBytes());
    }
}
