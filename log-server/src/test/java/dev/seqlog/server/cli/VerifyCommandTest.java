package dev.seqlog.server.cli;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.cli.CliTest.Result;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code verify} on data directories a real engine wrote, clean and then damaged one file at a time. */
class VerifyCommandTest {

    /** A stopped engine's directory: WAL frames, sealed segments with indexes, an active segment, snapshots. */
    private static Path written(TestDir dir) {
        Path data = dir.path().resolve("data");
        EngineOptions options = EngineOptions.builder().dataDir(data).walShards(1).segmentMaxRecords(4)
                .backgroundCheckpoints(false).build();
        try (SeqlogEngine engine = SeqlogEngine.start(options)) {
            engine.awaitReady();
            engine.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            for (int i = 0; i < 10; i++) {
                engine.append("t", AppendRequest.of(RecordInput.json("{\"n\":" + i + "}")));
            }
            engine.checkpoint();
            for (int i = 10; i < 13; i++) {
                engine.append("t", AppendRequest.of(RecordInput.json("{\"n\":" + i + "}")));
            }
        }
        return data;
    }

    private static Path first(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().findFirst().orElseThrow();
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5A);
        }
    }

    /** Every file's size and bytes, to prove a check changed nothing. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), java.util.Arrays.toString(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static void assertDamaged(Result r, Path file) {
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("damaged: ") && l.contains(file.toString())),
                r.out());
    }

    @Test
    void aCleanDirectoryPassesAndIsLeftUntouched(TestDir dir) throws IOException {
        Path data = written(dir);
        Map<String, String> before = contents(data);
        Result r = CliTest.run("verify", data.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertFalse(r.out().contains("damaged"), r.out());
        assertTrue(r.out().contains("summary: "), r.out());
        assertEquals(before, contents(data));
    }

    @Test
    void anUnfinishedRestoreIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Files.writeString(data.resolve("RESTORE-IN-PROGRESS"), "");
        Result r = CliTest.run("verify", data.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("damaged: a restore into this directory did not finish")),
                r.out());
    }

    @Test
    void aFlippedByteInAFlushedWalFrameIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path wal = first(data.resolve("wal"), ".wal");
        flip(wal, 64 + 16 + 2); // inside the first frame's body; later frames prove it was flushed
        Map<String, String> before = contents(data);
        assertDamaged(CliTest.run("verify", data.toString()), wal);
        assertEquals(before, contents(data));
    }

    @Test
    void aFlippedByteInASegmentEntryIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path seg = first(data.resolve("segments"), ".seg");
        flip(seg, 64 + 40);
        assertDamaged(CliTest.run("verify", data.toString()), seg);
    }

    @Test
    void aFlippedByteInASnapshotIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path snap = first(data.resolve("snapshots"), ".snap");
        flip(snap, Files.size(snap) - 3);
        assertDamaged(CliTest.run("verify", data.toString()), snap);
    }

    @Test
    void aTruncatedReferencedSegmentIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path seg = first(data.resolve("segments"), ".seg");
        try (FileChannel c = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            c.truncate(64 + 10);
        }
        assertDamaged(CliTest.run("verify", data.toString()), seg);
    }

    @Test
    void anAbsentIndexIsANoteAndADamagedOneIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path idx = first(data.resolve("segments"), ".idx");
        byte[] original = Files.readAllBytes(idx);
        Files.delete(idx);
        Result absent = CliTest.run("verify", data.toString());
        assertEquals(0, absent.code(), absent.out() + absent.err());
        assertTrue(absent.out().contains("note: segment index absent, recovery builds it: file=" + idx), absent.out());
        byte[] damaged = original.clone();
        damaged[damaged.length - 1] ^= 1;
        Files.write(idx, damaged);
        assertDamaged(CliTest.run("verify", data.toString()), idx);
    }

    @Test
    void aDeletedReferencedSegmentIsDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path seg = first(data.resolve("segments"), ".seg");
        Files.delete(seg);
        Result r = CliTest.run("verify", data.toString());
        assertDamaged(r, seg);
        assertTrue(r.out().contains("file missing: file=" + seg), r.out());
    }

    @Test
    void aTornWalTailAndALeftoverSegmentAreNotesNotDamage(TestDir dir) throws IOException {
        Path data = written(dir);
        Path wal = first(data.resolve("wal"), ".wal");
        byte[] b = Files.readAllBytes(wal);
        int end = b.length;
        while (b[end - 1] == 0) {
            end--;
        }
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.seek(end);
            f.write(new byte[] {0, 0, 0, 40, 7, 7, 7}); // a frame whose write never finished
        }
        Path leftover = data.resolve("segments").resolve("0000000000000009-00000000000000000001.seg");
        Files.write(leftover, new byte[64]);
        Result r = CliTest.run("verify", data.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("note: bytes after the WAL's logical end, cut by recovery: file=" + wal
                + " offset=" + end + " bytes=7"), r.out());
        assertTrue(r.out().contains("note: not referenced by any snapshot, deleted by recovery: file=" + leftover),
                r.out());
    }

    @Test
    void aDirectoryARunningEngineHoldsIsRefused(TestDir dir) {
        Path data = dir.path().resolve("data");
        try (SeqlogEngine engine = SeqlogEngine.start(EngineOptions.builder().dataDir(data).build())) {
            engine.awaitReady();
            Result r = CliTest.run("verify", data.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("in use by a running server"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void badArgumentsAreUsageErrors(TestDir dir) {
        for (List<String> args : List.of(List.of("verify"), List.of("verify", dir.path().resolve("absent").toString()),
                List.of("verify", "a", "b"))) {
            Result r = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), args + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("seqlog: "), r.err());
        }
    }
}
