package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.LogPosition;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine whose operations live in an external log: a restart comes back exactly at the last checkpoint's
 * position (no restart loss, no skipped seq, whatever the class), and a directory is never opened in the other
 * mode than the one that wrote it.
 */
class ExternalLogTest {
    private final ManualClock clock = new ManualClock(1_000_000);

    private SeqlogEngine open(TestDir dir, boolean external) {
        return open(dir.path(), external);
    }

    private SeqlogEngine open(java.nio.file.Path dir, boolean external) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir).clock(clock).externalLog(external)
                .backgroundExpiry(false).backgroundCheckpoints(false).segmentMaxRecords(3).build());
    }

    @Test
    void aRestartResumesAtTheCheckpointedPositionWithTheSameSeqs(TestDir dir) throws Exception {
        try (SeqlogEngine log = open(dir, true)) {
            assertNull(log.externalLog().checkpointedPosition());
            for (Durability d : Durability.values()) {
                String t = d.wireName();
                log.configure(t, TopicConfig.builder().durability(d).build());
                for (int i = 0; i < 5; i++) {
                    log.append(t, AppendRequest.of(RecordInput.json("" + i)));
                }
            }
            log.externalLog().checkpoint(new LogPosition(3, 42, 1_700_000_000_000L));
            log.append("fsync", AppendRequest.of(RecordInput.json("\"after\""))); // not checkpointed: replayed later
        }
        try (Stream<java.nio.file.Path> wal = Files.list(dir.path().resolve("wal"))) {
            assertEquals(0, wal.count(), "no WAL file is written");
        }
        try (SeqlogEngine log = open(dir, true)) {
            assertEquals(new LogPosition(3, 42, 1_700_000_000_000L), log.externalLog().checkpointedPosition());
            for (Durability d : new Durability[] {Durability.MEMORY, Durability.DISK, Durability.FSYNC}) {
                String t = d.wireName();
                assertEquals(5, log.state(t).headSeq(), t);
                assertEquals(5, log.diff(t, dev.seqlog.api.DiffRequest.from(0)).records().size(), t);
                assertEquals(6, log.append(t, AppendRequest.of(RecordInput.json("6"))).firstSeq(),
                        t + ": the next seq is the one a replica that never restarted assigns");
            }
            // ephemeral records live in memory only, as on a single node; the head and config survive
            assertEquals(5, log.state("ephemeral").headSeq());
            log.externalLog().checkpoint(new LogPosition(3, 50, 1_700_000_000_000L));
        }
        try (SeqlogEngine log = open(dir, true)) {
            assertEquals(new LogPosition(3, 50, 1_700_000_000_000L), log.externalLog().checkpointedPosition());
            assertEquals(6, log.state("fsync").headSeq());
        }
    }

    @Test
    void theIdempotencyMapIsKeptWithTheCheckpoint(TestDir dir) {
        AppendRequest keyed = AppendRequest.builder().idempotencyKey("k").add(RecordInput.json("1")).build();
        try (SeqlogEngine log = open(dir, true)) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).idempotencyWindowMs(60_000).build());
            assertEquals(1, log.append("t", keyed).firstSeq());
            log.externalLog().checkpoint(new LogPosition(1, 2, 1_700_000_000_000L));
        }
        try (SeqlogEngine log = open(dir, true)) {
            dev.seqlog.api.AppendResult again = log.append("t", keyed);
            assertTrue(again.deduped(), "a retry after the restart is deduplicated as on a replica that kept running");
            assertEquals(1, again.firstSeq());
            clock.advance(java.time.Duration.ofMillis(60_000));
            assertEquals(2, log.append("t", keyed).firstSeq(), "the restored entry still expires with its window");
        }
    }

    @Test
    void checkpointsAndBackupsThatCannotRecordAPositionAreRefused(TestDir dir) {
        try (SeqlogEngine log = open(dir, true)) {
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class, log::checkpoint).code());
            assertEquals(ErrorCode.INVALID_REQUEST, assertThrows(SeqlogException.class, log::backup).code());
        }
        java.nio.file.Path other = dir.resolve("standalone");
        try (SeqlogEngine log = open(other, false)) {
            SeqlogException e = assertThrows(SeqlogException.class, log::externalLog);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        }
    }

    @Test
    @ExpectErrorLogs // each refused start-up is reported as a recovery failure
    void aDirectoryIsOnlyOpenedInTheModeThatWroteIt(TestDir dir) {
        java.nio.file.Path standalone = dir.resolve("standalone");
        try (SeqlogEngine log = open(standalone, false)) {
            log.append("t", AppendRequest.of(RecordInput.json("1")));
        }
        SeqlogException e = assertThrows(SeqlogException.class, () -> open(standalone, true));
        assertTrue(e.getMessage().contains("belongs to a standalone engine"), e.getMessage());

        java.nio.file.Path replica = dir.resolve("replica");
        try (SeqlogEngine log = open(replica, true)) {
            log.append("t", AppendRequest.of(RecordInput.json("1")));
            log.externalLog().checkpoint(new LogPosition(1, 1, 1_700_000_000_000L));
        }
        e = assertThrows(SeqlogException.class, () -> open(replica, false));
        assertTrue(e.getMessage().contains("belongs to a replicated node"), e.getMessage());
    }
}
