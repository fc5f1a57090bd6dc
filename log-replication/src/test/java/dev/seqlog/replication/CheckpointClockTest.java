package dev.seqlog.replication;

import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The log time of the newest complete checkpoint survives the next one and a restart; a damaged file is refused. */
class CheckpointClockTest {

    @Test
    void theRecordOfTheLastCompleteCheckpointSurvivesTheNext(TestDir dir) throws IOException {
        Path file = dir.resolve("log-clock");
        CheckpointClock clock = new CheckpointClock(file);
        assertEquals(OptionalLong.empty(), clock.timeAt(5));
        clock.record(-1, 5, 1_000);
        clock.record(5, 9, 2_000);
        CheckpointClock reopened = new CheckpointClock(file);
        assertEquals(OptionalLong.of(1_000), reopened.timeAt(5), "the older checkpoint, if the newer never landed");
        assertEquals(OptionalLong.of(2_000), reopened.timeAt(9));
        // the checkpoint at 9 failed: the next keeps 5, the one the engine still has
        reopened.record(5, 12, 3_000);
        CheckpointClock third = new CheckpointClock(file);
        assertEquals(OptionalLong.of(1_000), third.timeAt(5));
        assertEquals(OptionalLong.empty(), third.timeAt(9));
        assertEquals(OptionalLong.of(3_000), third.timeAt(12));
        third.record(12, 12, 3_500);
        assertEquals(OptionalLong.of(3_500), new CheckpointClock(file).timeAt(12), "the same index is rewritten");
        third.record(12, 20, 4_000);
        assertEquals(OptionalLong.empty(), new CheckpointClock(file).timeAt(5));
        assertEquals(OptionalLong.of(3_500), new CheckpointClock(file).timeAt(12));
    }

    @Test
    void aDamagedFileIsRefused(TestDir dir) throws IOException {
        Path file = dir.resolve("log-clock");
        new CheckpointClock(file).record(-1, 5, 1_000);
        byte[] bytes = Files.readAllBytes(file);
        bytes[8] ^= 1;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> new CheckpointClock(file));
        assertEquals("checkpoint clock file " + file + " fails its checksum", e.getMessage());
    }
}
