package dev.seqlog.core.backup;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.LogPosition;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.storage.JdkFileSystem;
import dev.seqlog.testsupport.ManualClock;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backup of an engine with an external log records the log position, so a replica restored from it resumes
 * at that position: how a node that fell behind the log's retained entries catches up.
 */
class ExternalLogBackupTest {
    private final ManualClock clock = new ManualClock(1_000_000);

    private SeqlogEngine open(Path dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir).clock(clock).externalLog(true)
                .backgroundExpiry(false).segmentMaxRecords(3).build());
    }

    @Test
    void aRestoredReplicaResumesAtTheBackupsPosition(TestDir source, TestDir target) throws IOException {
        Path restored = target.path().resolve("data");
        String expected;
        try (SeqlogEngine log = open(source.path())) {
            log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
            for (int i = 0; i < 10; i++) {
                log.append("t", AppendRequest.builder().idempotencyKey("k" + i).add(RecordInput.json("" + i)).build());
            }
            try (Backup b = log.externalLog().backup(new LogPosition(2, 11, 1_700_000_000_000L))) {
                BackupTest.restore(b, new JdkFileSystem(), restored, target.path().resolve("cold"));
            }
            expected = log.diff("t", DiffRequest.from(0)).records().toString();
            assertEquals(new LogPosition(2, 11, 1_700_000_000_000L), log.externalLog().checkpointedPosition());
        }
        try (SeqlogEngine log = open(restored)) {
            assertEquals(new LogPosition(2, 11, 1_700_000_000_000L), log.externalLog().checkpointedPosition());
            assertEquals(expected, log.diff("t", DiffRequest.from(0)).records().toString());
            assertEquals(10, log.append("t", AppendRequest.builder().idempotencyKey("k9")
                    .add(RecordInput.json("9")).build()).firstSeq(), "the idempotency map came along");
            assertEquals(11, log.append("t", AppendRequest.of(RecordInput.json("10"))).firstSeq());
        }
    }
}
