package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.format.FileHeader;
import dev.seqlog.core.internal.storage.StorageLayouts;
import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged WAL bytes (STORAGE-GUARANTEES §5): garbage after a torn tail is cut and everything before it
 * recovered; damage inside flushed data stops start-up with data_corruption naming the file and offset,
 * never silently dropping the frames after it; a header of an unknown version stops start-up. Recovery
 * reports corruption and unsupported versions at ERROR before start-up fails.
 */
@ExpectErrorLogs // the engine that lost power reports its failed final flush at ERROR
class WalCorruptionTest {
    private static final Path DATA = Path.of("data");

    private static SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(new ManualClock(1_000_000))
                .walShards(1).walFileBytes(64 << 10).backgroundPreallocation(false).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    /**
     * Writes 20 fsync records and loses power right after, so the WAL ends with the last append (a clean
     * close would add its exact-head frames after it).
     */
    private static SimulatedFileSystem written() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        SimulatedFileSystem after;
        try (SeqlogEngine log = open(fs)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            for (int i = 0; i < 20; i++) {
                log.append("f", AppendRequest.of(RecordInput.json("{\"i\":" + i + "}")));
            }
            after = fs.powerLoss(TearMode.NONE, 0);
        }
        return after;
    }

    private static Path firstWal(SimulatedFileSystem fs) {
        List<Path> wal = fs.durableFiles().stream().filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        return wal.get(0);
    }

    private static int logicalEnd(byte[] file) {
        int end = file.length;
        while (end > 0 && file[end - 1] == 0) {
            end--;
        }
        return end;
    }

    @Test
    void garbageAfterTheLastFrameIsCutAndNothingIsLost() {
        SimulatedFileSystem fs = written();
        Path wal = firstWal(fs);
        int end = logicalEnd(fs.fileBytes(wal));
        fs.corruption().writeDurably(wal, end + 3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
        try (SeqlogEngine log = open(fs)) {
            assertEquals(20, log.diff("f", DiffRequest.from(0)).records().size());
        }
        assertEquals(end, logicalEnd(fs.fileBytes(wal)), "the torn tail was cut");
    }

    @Test
    void aFlippedBitInsideFlushedDataStopsStartUp() {
        SimulatedFileSystem fs = written();
        Path wal = firstWal(fs);
        int end = logicalEnd(fs.fileBytes(wal));
        fs.corruption().flipBit(wal, end / 2, 3);
        SeqlogException e = assertThrows(SeqlogException.class, () -> open(fs));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals("data_corruption", e.detail().get("reason"));
        assertTrue(e.getMessage().contains(wal.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset="), e.getMessage());
    }

    @Test
    void aTruncatedTailLosesOnlyTheTornFrame() {
        SimulatedFileSystem fs = written();
        Path wal = firstWal(fs);
        int end = logicalEnd(fs.fileBytes(wal));
        fs.corruption().truncateTo(wal, end - 5);
        try (SeqlogEngine log = open(fs)) {
            // the last frame lost its end: that append was never durable in this story, the rest is intact
            assertEquals(19, log.diff("f", DiffRequest.from(0)).records().size());
        }
    }

    @Test
    void anUnknownFormatVersionStopsStartUp() {
        SimulatedFileSystem fs = written();
        Path wal = firstWal(fs);
        java.nio.ByteBuffer header =
                java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(fs.fileBytes(wal), WalFileHeader.SIZE));
        header.putShort(FileHeader.VERSION, (short) 9);
        StorageLayouts.WAL.seal(header, null);
        fs.corruption().writeDurably(wal, 0, header.array());
        SeqlogException e = assertThrows(SeqlogException.class, () -> open(fs));
        assertTrue(e.getMessage().contains("unsupported WAL format version"), e.getMessage());
        assertTrue(e.getMessage().contains("found=9 expected=2"), e.getMessage());
    }
}
