package dev.seqlog.junit;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crashes lose what each durability class may lose, and nothing else. */
@WithSeqlog
class CrashTest {
    private static final int N = 50;

    @ParameterizedTest
    @EnumSource(Crash.class)
    void fsyncRecordsAndConfigurationSurvive(Crash kind, EventLog log, SeqlogEmulator seqlog) {
        TopicConfig config = TopicConfig.builder().durability(Durability.FSYNC).capRecords(1000).build();
        log.configure("orders", config);
        appendNumbered(log, "orders", N);
        seqlog.crash(kind);
        assertEquals(numbers(1, N), data(log, "orders"));
        assertEquals(1000, log.state("orders").config().capRecords());
        assertEquals(N + 1, appendOne(log, "orders"), "the next write continues the log");
    }

    @ParameterizedTest
    @EnumSource(Crash.class)
    void ephemeralRecordsAreGoneWithARestartTombstoneAndTheirSeqsAreNotReused(Crash kind, EventLog log,
                                                                             SeqlogEmulator seqlog) {
        log.configure("clicks", TopicConfig.builder().durability(Durability.EPHEMERAL).build());
        appendNumbered(log, "clicks", N);
        seqlog.crash(kind);
        DiffResult r = log.diff("clicks", DiffRequest.from(0).withLimit(1000));
        assertEquals(List.of(), r.records());
        assertNotNull(r.tombstone());
        assertEquals(TombstoneReason.RESTART, r.tombstone().reason());
        assertEquals(1, r.tombstone().gapFrom());
        assertTrue(r.tombstone().gapTo() >= N, r.tombstone().toString());
        assertTrue(appendOne(log, "clicks") > N, "no seq is reused");
    }

    /** Whatever a crash takes from a disk topic, it keeps a prefix, reports the rest and never reuses a seq. */
    @ParameterizedTest
    @EnumSource(Crash.class)
    void aDiskTopicKeepsAPrefixAndReportsTheLostTail(Crash kind, EventLog log, SeqlogEmulator seqlog) {
        log.configure("events", TopicConfig.builder().durability(Durability.DISK).build());
        appendNumbered(log, "events", N);
        seqlog.crash(kind);
        DiffResult r = log.diff("events", DiffRequest.from(0).withLimit(1000));
        List<String> kept = r.records().stream().map(TopicRecord::dataString).toList();
        assertEquals(numbers(1, kept.size()), kept, "a prefix");
        if (kept.size() < N) {
            DiffResult after = log.diff("events", DiffRequest.from(kept.size()).withLimit(1000));
            assertEquals(TombstoneReason.RESTART, after.tombstone().reason());
            assertEquals(kept.size() + 1, after.tombstone().gapFrom());
        }
        assertTrue(appendOne(log, "events") > N, "no acknowledged seq is reused");
    }

    @Test
    void aCleanRestartKeepsEveryClassButEphemeral(EventLog log, SeqlogEmulator seqlog) {
        for (Durability d : Durability.values()) {
            String topic = d.name().toLowerCase(java.util.Locale.ROOT);
            log.configure(topic, TopicConfig.builder().durability(d).build());
            appendNumbered(log, topic, 10);
        }
        seqlog.restart();
        assertEquals(numbers(1, 10), data(log, "fsync"));
        assertEquals(numbers(1, 10), data(log, "disk"));
        assertEquals(numbers(1, 10), data(log, "memory"));
        assertEquals(List.of(), data(log, "ephemeral"));
    }

    @Test
    void theLogAndTheClockStayTheSameObjectsAcrossACrash(EventLog log, SeqlogEmulator seqlog, EmulatorClock clock) {
        log.configure("t", TopicConfig.builder().durability(Durability.FSYNC).build());
        clock.advance(java.time.Duration.ofMinutes(5));
        long before = clock.millis();
        seqlog.crash(Crash.POWER_LOSS);
        assertSame(log, seqlog.log());
        assertEquals(before, clock.millis(), "a crash does not move the clock");
        assertEquals(1, appendOne(log, "t"));
        assertEquals(before, log.diff("t", DiffRequest.from(0)).records().get(0).ts());
        assertNull(log.diff("t", DiffRequest.from(0)).tombstone());
    }

    static void appendNumbered(EventLog log, String topic, int n) {
        for (int i = 1; i <= n; i++) {
            log.append(topic, AppendRequest.of(RecordInput.json(String.valueOf(i))));
        }
    }

    static long appendOne(EventLog log, String topic) {
        return log.append(topic, AppendRequest.of(RecordInput.json("0"))).firstSeq();
    }

    static List<String> numbers(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(String.valueOf(i));
        }
        return out;
    }

    static List<String> data(EventLog log, String topic) {
        return log.diff(topic, DiffRequest.from(0).withLimit(1000)).records().stream()
                .map(TopicRecord::dataString).toList();
    }
}
