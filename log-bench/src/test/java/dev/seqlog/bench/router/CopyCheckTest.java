package dev.seqlog.bench.router;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.bench.Payloads;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks fail the runs they should: a lost, repeated or misplaced record, a wrong count. Single-threaded. */
class CopyCheckTest {
    private static final Workload WORK = Workload.of(10, 3);

    private static SeqlogEngine open(Path dir) {
        return SeqlogEngine.open(EngineOptions.builder().dataDir(dir.resolve("data")).build());
    }

    private static List<String> contents(SeqlogEngine log, String topic) {
        List<String> problems = new ArrayList<>();
        CopyCheck.contents(log, topic, WORK, problems);
        return problems;
    }

    @Test
    void theWorkloadWrittenInOrderPasses(@TempDir Path dir) {
        try (SeqlogEngine log = open(dir)) {
            WORK.requests().forEach(r -> log.append("t", r));
            assertEquals(List.of(), contents(log, "t"));
            List<String> problems = new ArrayList<>();
            CopyCheck.counts(log, "t", 10, problems);
            assertEquals(List.of(), problems);
            assertEquals(4, WORK.requests().size(), "batches of 3, the last one short");
        }
    }

    @Test
    void aRepeatedRecordFailsTheContentsAndTheCount(@TempDir Path dir) {
        try (SeqlogEngine log = open(dir)) {
            WORK.requests().forEach(r -> log.append("t", r));
            log.append("t", WORK.requests().get(3));
            List<String> problems = contents(log, "t");
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("11 records read"), problems.get(0));
            CopyCheck.counts(log, "t", 10, problems);
            assertTrue(problems.get(1).contains("head=11 count=11"), problems.get(1));
        }
    }

    @Test
    void aRecordInTheWrongPlaceFailsEvenWithTheRightCount(@TempDir Path dir) {
        try (SeqlogEngine log = open(dir)) {
            log.append("t", WORK.requests().get(1));
            log.append("t", WORK.requests().get(0));
            log.append("t", WORK.requests().get(2));
            log.append("t", WORK.requests().get(3));
            List<String> problems = contents(log, "t");
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("6 of them not the record written at their place (first at seq 1)"),
                    problems.get(0));
            List<String> counted = new ArrayList<>();
            CopyCheck.counts(log, "t", 10, counted);
            assertEquals(List.of(), counted);
        }
    }

    @Test
    void aLostRecordFails(@TempDir Path dir) {
        try (SeqlogEngine log = open(dir)) {
            WORK.requests().forEach(r -> log.append("t", r));
            log.delete("t", DeleteRequest.before(2));
            List<String> problems = contents(log, "t");
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("9 records read"), problems.get(0));
            CopyCheck.counts(log, "t", 10, problems);
            assertTrue(problems.get(1).contains("head=10 count=9"), problems.get(1));
        }
    }

    @Test
    void anotherPayloadOfTheSameSizeIsNotTheRecord(@TempDir Path dir) {
        try (SeqlogEngine log = open(dir)) {
            log.append("t", AppendRequest.of(RecordInput.json(Payloads.jsonString(Workload.PAYLOAD_BYTES))));
            List<String> problems = contents(log, "t");
            assertTrue(problems.get(0).contains("1 of them not the record"), problems.toString());
        }
    }
}
