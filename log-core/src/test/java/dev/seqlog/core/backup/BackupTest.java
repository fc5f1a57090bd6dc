package dev.seqlog.core.backup;

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
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.core.spi.DirectoryObjectStore;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backups (STORAGE-GUARANTEES §12): the restored directory recovers exactly the state at the backup's instant,
 * although deletes, writes, checkpoints, reclamation and tiering go on while the files are read.
 */
class BackupTest {
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    private EngineOptions.Builder options(Path dir) {
        return EngineOptions.builder().dataDir(dir).clock(clock).walShards(2).walFileBytes(256 << 10)
                .segmentMaxRecords(50).backgroundExpiry(false).backgroundCheckpoints(false);
    }

    /** Appends records {@code {"t":name,"i":i}} tagged {@code t(i % 10)}, one write per record. */
    static void write(SeqlogEngine log, String topic, int from, int n) {
        for (int i = from; i < from + n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json("{\"t\":\"" + topic + "\",\"i\":" + i + "}")
                    .withTag("t" + (i % 10))));
        }
    }

    /** Every live record of a topic: seq, ts and data. */
    static List<String> records(SeqlogEngine log, String topic) {
        List<String> out = new ArrayList<>();
        long from = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(from).withLimit(1000));
            for (TopicRecord rec : r.records()) {
                out.add(rec.seq() + " " + rec.ts() + " " + rec.dataString());
            }
            if (r.records().isEmpty() || r.nextFromSeq() > r.headSeq()) {
                return out;
            }
            from = r.nextFromSeq();
        }
    }

    /** Copies a backup's files into a new directory through {@link Restore}, with a manifest made alongside. */
    static void restore(Backup b, FileSystem fs, Path dir, Path cold) throws IOException {
        Map<String, Restore.Expected> manifest = new LinkedHashMap<>();
        try (Restore r = Restore.begin(fs, dir, cold)) {
            for (BackupFile f : b.files()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                b.copy(f, bytes);
                assertEquals(f.size(), bytes.size(), f.name());
                manifest.put(f.name(), new Restore.Expected(f.size(), sha256(bytes.toByteArray())));
                r.write(f.name(), new ByteArrayInputStream(bytes.toByteArray()), f.size());
            }
            r.finish(manifest);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void restoredDirectoryHoldsExactlyTheStateAtTheBackupInstant(TestDir source, TestDir target) throws IOException {
        Map<String, List<String>> atBackup = new LinkedHashMap<>();
        Backup backup;
        try (SeqlogEngine log = SeqlogEngine.open(options(source.path()).build())) {
            for (Durability d : Durability.values()) {
                String topic = d.name().toLowerCase();
                log.configure(topic, TopicConfig.builder().durability(d).build());
                write(log, topic, 0, 180);
            }
            log.delete("fsync", DeleteRequest.matching(TagMatch.eq("t3")));
            log.checkpoint(); // the flags of those deletes are now in the segment files
            log.delete("fsync", DeleteRequest.matching(TagMatch.eq("t4"))); // flags listed, not yet written
            log.delete("disk", DeleteRequest.before(20));
            write(log, "memory", 180, 5); // only in the WAL when the backup is taken
            for (String t : List.of("fsync", "disk", "memory")) {
                atBackup.put(t, records(log, t));
            }
            assertEquals(180 - 36, atBackup.get("fsync").size());
            assertEquals(161, atBackup.get("disk").size());
            assertEquals(185, atBackup.get("memory").size());
            long ephemeralHead = log.state("ephemeral").headSeq();

            backup = log.backup();
            // while it is read: deletes whose flags land in pinned files, new writes, passes that would
            // reclaim a deleted topic's segments and retire the WAL the backup holds
            log.delete("fsync", DeleteRequest.matching(TagMatch.eq("t5")));
            write(log, "fsync", 180, 120);
            write(log, "memory", 185, 60);
            log.checkpoint();
            log.deleteTopic("disk");
            log.checkpoint();
            log.checkpoint();
            SeqlogException second = assertThrows(SeqlogException.class, log::backup);
            assertEquals(ErrorCode.THROTTLED, second.code());
            assertEquals("max_concurrent_backups", second.detail().get("limit"));

            restore(backup, new JdkFileSystem(), target.path().resolve("restored"), target.path().resolve("cold"));
            backup.close();
            log.backup().close(); // the slot is free again

            try (SeqlogEngine restored = SeqlogEngine.open(options(target.path().resolve("restored")).build())) {
                for (Map.Entry<String, List<String>> e : atBackup.entrySet()) {
                    assertEquals(e.getValue(), records(restored, e.getKey()), e.getKey());
                }
                assertTrue(records(restored, "fsync").stream().anyMatch(r -> r.endsWith("\"i\":5}")),
                        "a delete made after the backup's instant must not show in it");
                // as after a crash: the head resumes at the topic's last durable reservation, with no record
                assertTrue(restored.state("ephemeral").headSeq() >= ephemeralHead);
                assertEquals(List.of(), records(restored, "ephemeral"));
            }
        }
    }

    @Test
    void coldTierFilesAreIncludedAndStayReadableWhileTieringGoesOn(TestDir source, TestDir cold, TestDir target)
            throws IOException {
        List<String> atBackup;
        try (SeqlogEngine log = SeqlogEngine.open(options(source.path()).coldDir(cold.path()).hotRetainSegments(1)
                .build())) {
            log.configure("c", TopicConfig.builder().durability(Durability.FSYNC).build());
            write(log, "c", 0, 300);
            log.checkpoint();
            log.checkpoint(); // sealed segments beyond the first are cold now
            write(log, "c", 300, 40);
            atBackup = records(log, "c");
            try (Backup backup = log.backup()) {
                assertTrue(backup.files().stream().anyMatch(f -> f.name().startsWith("cold/")), backup.files()::toString);
                write(log, "c", 340, 200);
                log.checkpoint();
                log.checkpoint(); // segments hot in the backup move cold, and their hot files would go
                restore(backup, new JdkFileSystem(), target.path().resolve("d"), target.path().resolve("d-cold"));
            }
        }
        try (SeqlogEngine restored = SeqlogEngine.open(options(target.path().resolve("d"))
                .coldDir(target.path().resolve("d-cold")).build())) {
            assertEquals(atBackup, records(restored, "c"));
        }
    }

    @Test
    void objectStoreSegmentsAreArchivedAsFilesSoTheRestoredDirectoryNeedsNoStore(TestDir source, TestDir objects,
                                                                                 TestDir target) throws IOException {
        DirectoryObjectStore store = new DirectoryObjectStore(new JdkFileSystem(), objects.path());
        List<String> atBackup;
        try (SeqlogEngine log = SeqlogEngine.open(options(source.path()).objectStore(store).hotRetainSegments(1)
                .build())) {
            log.configure("c", TopicConfig.builder().durability(Durability.FSYNC).build());
            write(log, "c", 0, 300);
            log.checkpoint();
            log.delete("c", DeleteRequest.before(20)); // deletes inside object-store segments
            log.checkpoint();
            log.checkpoint(); // the hot copies are reclaimed
            atBackup = records(log, "c");
            try (Backup backup = log.backup()) {
                write(log, "c", 300, 200);
                log.deleteTopic("c");
                log.checkpoint();
                log.checkpoint();
                log.checkpoint(); // collection would take the objects, but the backup pins them
                restore(backup, new JdkFileSystem(), target.path().resolve("d"), target.path().resolve("d-cold"));
            }
        }
        try (SeqlogEngine restored = SeqlogEngine.open(options(target.path().resolve("d")).build())) {
            assertEquals(atBackup, records(restored, "c"));
            assertEquals(281, atBackup.size()); // seqs 1-19 deleted
        }
    }

    @Test
    void pinnedFilesAreReclaimedOnceTheBackupCloses(TestDir source) throws IOException {
        try (SeqlogEngine log = SeqlogEngine.open(options(source.path()).build())) {
            log.configure("x", TopicConfig.builder().durability(Durability.FSYNC).build());
            write(log, "x", 0, 200);
            Backup backup = log.backup();
            log.deleteTopic("x");
            log.checkpoint();
            log.checkpoint();
            Path segments = source.path().resolve("segments");
            assertFalse(segmentFiles(segments).isEmpty(), "the backup's segments must stay while it runs");
            backup.close();
            log.checkpoint();
            log.checkpoint();
            assertEquals(List.of(), segmentFiles(segments));
        }
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }

    @Test
    void theInMemoryEngineHasNothingToBackUp() {
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().clock(clock).build())) {
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class, log::backup).code());
        }
    }
}
