package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.spi.sim.Fault;
import dev.seqlog.core.spi.sim.SimulatedFileSystem;
import dev.seqlog.core.spi.sim.TearMode;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Disk errors on write and flush (STORAGE-GUARANTEES §4.2–4.4): the affected operations fail with a clear
 * error and are never acknowledged, the store turns read-only (every later mutation fails fast), reads of
 * visible data keep working, and after a restart nothing that failed shows up as acknowledged.
 */
@ExpectErrorLogs // the WAL writer reports each injected failure at ERROR
class IoFaultTest {
    private static final Path DATA = Path.of("data");

    private static SeqlogEngine open(SimulatedFileSystem fs) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(DATA).fileSystem(fs).clock(new ManualClock(1_000_000))
                .walShards(1).walFileBytes(64 << 10).backgroundPreallocation(false).backgroundExpiry(false).backgroundCheckpoints(false).build());
    }

    private static void append(SeqlogEngine log, String topic, String data) {
        log.append(topic, AppendRequest.of(RecordInput.json(data)));
    }

    private static void assertStorageError(Runnable r, String reason) {
        SeqlogException e = assertThrows(SeqlogException.class, r::run);
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(reason, e.detail().get("reason"));
    }

    private void faultOnNextCall(Consumer<SimulatedFileSystem> inject, boolean failsWithError) {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "f", "1");
            append(log, "f", "2");
            inject.accept(fs);
            if (failsWithError) {
                assertStorageError(() -> append(log, "f", "3"), "storage_error");
            }
            assertTrue(log.isReadOnly());
            assertStorageError(() -> append(log, "f", "4"), "storage_read_only");
            assertStorageError(() -> log.delete("f", DeleteRequest.before(2)), "storage_read_only");
            assertStorageError(() -> log.configure("g", TopicConfig.defaults()), "storage_read_only");
            assertEquals(2, log.diff("f", DiffRequest.from(0)).records().size(), "reads keep working");
            assertEquals(2, log.state("f").headSeq(), "a failed write publishes nothing");
        }
        try (SeqlogEngine log = open(fs.powerLoss(TearMode.NONE, 0))) {
            long head = log.state("f").headSeq();
            assertTrue(head >= 2 && head <= 3, "head " + head);
            assertEquals(2, log.diff("f", DiffRequest.from(0)).records().stream()
                    .filter(r -> r.seq() <= 2).count(), "acknowledged records survive");
            assertFalse(log.isReadOnly(), "a restart clears read-only mode");
            append(log, "f", "5");
        }
    }

    @Test
    void eioOnWrite() {
        faultOnNextCall(fs -> fs.faults().failAt(fs.mutatingCalls() + 1, Fault.EIO), true);
    }

    @Test
    void enospcOnWrite() {
        faultOnNextCall(fs -> fs.faults().failAt(fs.mutatingCalls() + 1, Fault.ENOSPC), true);
    }

    @Test
    void shortWrite() {
        faultOnNextCall(fs -> fs.faults().failAt(fs.mutatingCalls() + 1, Fault.SHORT_WRITE), true);
    }

    @Test
    void flushFailureFailsEveryCoveredWriteAndIsNeverRetried() {
        faultOnNextCall(fs -> fs.faults().syncsFailFromNow(), true);
    }

    @Test
    void aFailedCheckpointWriteMakesTheStoreReadOnlyAndLosesNothing() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            append(log, "f", "1");
            log.checkpoint();
            append(log, "f", "2");
            append(log, "f", "3");
            fs.faults().failAt(fs.mutatingCalls() + 1, Fault.EIO); // the segment append of the next checkpoint
            assertStorageError(log::checkpoint, "storage_error");
            assertTrue(log.isReadOnly());
            assertStorageError(() -> append(log, "f", "4"), "storage_read_only");
            assertEquals(3, log.diff("f", DiffRequest.from(0)).records().size(), "reads keep working");
        }
        try (SeqlogEngine log = open(fs.powerLoss(TearMode.ALL, 0))) {
            assertEquals(3, log.diff("f", DiffRequest.from(0)).records().size(), "acknowledged records survive");
            assertFalse(log.isReadOnly());
            append(log, "f", "5");
            log.checkpoint();
        }
    }

    @Test
    void diskFullWhenTheNextFileIsPreallocated() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            log.configure("f", TopicConfig.builder().durability(Durability.FSYNC).build());
            fs.faults().diskFullFromNow();
            String big = "\"" + "x".repeat(2000) + "\"";
            SeqlogException e = assertThrows(SeqlogException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    append(log, "f", big); // fills the preallocated file, then needs a new one
                }
            });
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(log.isReadOnly());
            long head = log.state("f").headSeq();
            assertTrue(head > 0 && head < 100, "writes before the full disk succeeded: " + head);
            assertEquals(head, log.diff("f", DiffRequest.from(0).withLimit(1000)).records().size());
        }
    }

    @Test
    void aDiskClassWriteFailureMakesTheStoreReadOnlyToo() {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (SeqlogEngine log = open(fs)) {
            log.configure("d", TopicConfig.builder().durability(Durability.DISK).build());
            append(log, "d", "1");
            fs.faults().syncsFailFromNow();
            // disk writes are acknowledged on enqueue until the shard notices the failed flush
            assertThrows(SeqlogException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    append(log, "d", "2");
                    log.configure("x" + i, TopicConfig.defaults()); // a control change forces a flush
                }
            });
            assertTrue(log.isReadOnly());
            assertStorageError(() -> append(log, "d", "3"), "storage_read_only");
        }
    }
}
