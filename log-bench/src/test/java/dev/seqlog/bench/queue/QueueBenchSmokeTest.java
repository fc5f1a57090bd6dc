package dev.seqlog.bench.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process benchmark end to end on a real data directory, with counts small enough for a unit test
 * (and budgets long enough that the queue, not the clock, ends each run). Single-threaded apart from the
 * benchmark's workers.
 */
class QueueBenchSmokeTest {

    private static List<QueueOutcome> run(Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--warmup-jobs", "50", "--seconds", "60", "--warmup-seconds", "60"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<QueueOutcome> outcomes;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            outcomes = QueueBench.run(QueueOptions.parse(all, dir), out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("ALL VERIFIED"), text);
        assertTrue(empty(dir), "the data directories are deleted");
        return outcomes;
    }

    @Test
    void twoHundredDiskJobsTwoWorkersEachAckedOnce(@TempDir Path dir) throws Exception {
        List<QueueOutcome> outcomes = run(dir, "--jobs", "200", "--workers", "2", "--classes", "disk");
        assertEquals(1, outcomes.size());
        QueueOutcome o = outcomes.get(0);
        assertTrue(o.verified(), String.join("\n", o.summary()));
        assertEquals(200, o.completed());
        assertEquals(200, o.check().distinct());
        assertEquals(0, o.check().remaining());
        assertTrue(o.check().drained());
        assertTrue(o.jobsPerSecond() > 0);
        assertTrue(o.claimP50Nanos() > 0 && o.ackP99Nanos() >= o.ackP50Nanos());
        assertEquals("seqlog in-process disk, leases off", o.who());
    }

    @Test
    void fsyncWithDurableLeasesInBatchesOfTen(@TempDir Path dir) throws Exception {
        List<QueueOutcome> outcomes = run(dir, "--jobs", "200", "--workers", "2", "--batch", "10", "--classes",
                "fsync", "--leases-durable", "on");
        QueueOutcome o = outcomes.get(0);
        assertTrue(o.verified(), String.join("\n", o.summary()));
        assertEquals(200, o.completed());
        assertEquals(10, o.batch());
        assertEquals("seqlog in-process fsync, leases on", o.who());
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
