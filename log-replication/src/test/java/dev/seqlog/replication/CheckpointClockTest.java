package dev.seqlog.replication;

import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The log time of the two newest checkpoints survives a restart; a damaged file is refused. */
class CheckpointClockTest {

    @Test
    void theTwoNewestRecordsSurviveAReopen(TestDir dir) throws IOException {
        Path file = dir.resolve("log-clock");
        CheckpointClock clock = new CheckpointClock(file);
        assertEquals(OptionalLong.empty(), clock.timeAt(5));
        clock.record(5, 1_000);
        clock.record(9, 2_000);
        CheckpointClock reopened = new CheckpointClock(file);
        assertEquals(OptionalLong.of(1_000), reopened.timeAt(5), "the older checkpoint, if the newer never landed");
        assertEquals(OptionalLong.of(2_000), reopened.timeAt(9));
        reopened.record(12, 3_000);
        CheckpointClock third = new CheckpointClock(file);
        assertEquals(OptionalLong.empty(), third.timeAt(5));
        assertEquals(OptionalLong.of(2_000), third.timeAt(9));
        assertEquals(OptionalLong.of(3_000), third.timeAt(12));
        third.record(12, 3_500);
        assertEquals(OptionalLong.of(3_500), new CheckpointClock(file).timeAt(12), "the same index is rewritten");
        assertEquals(OptionalLong.of(2_000), new CheckpointClock(file).timeAt(9));
    }

    @Test
    void aDamagedFileIsRefused(TestDir dir) throws IOException {
        Path file = dir.resolve("log-clock");
        new CheckpointClock(file).record(5, 1_000);
        byte[] bytes = Files.readAllBytes(file);
        bytes[8] ^= 1;
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> new CheckpointClock(file));
        assertEquals("checkpoint clock file " + file + " fails its checksum", e.getMessage());
    }
}
