package dev.seqlog.core;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.testsupport.ManualClock;

import java.util.ArrayList;
import java.util.List;

/** An in-memory engine on a manual clock, with shorthands for tests. Confined to one test. */
final class Fixture implements AutoCloseable {
    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final SeqlogEngine log;

    Fixture() {
        this(EngineOptions.builder());
    }

    Fixture(EngineOptions.Builder options) {
        log = SeqlogEngine.open(options.clock(clock).backgroundExpiry(false).build());
    }

    static Fixture smallSegments() {
        return new Fixture(EngineOptions.builder().segmentMaxRecords(4));
    }

    AppendResult append(String topic, String... jsonData) {
        List<RecordInput> in = new ArrayList<>();
        for (String d : jsonData) {
            in.add(RecordInput.json(d));
        }
        return log.append(topic, AppendRequest.of(in));
    }

    AppendResult appendTagged(String topic, String tag, String jsonData) {
        return log.append(topic, AppendRequest.of(RecordInput.json(jsonData).withTag(tag)));
    }

    /** Appends n records {@code {"i":k}} one write each. */
    void appendN(String topic, int n) {
        for (int k = 0; k < n; k++) {
            append(topic, "{\"i\":" + k + "}");
        }
    }

    DiffResult diff(String topic, long from) {
        return log.diff(topic, DiffRequest.from(from).withLimit(1000));
    }

    static List<Long> seqs(DiffResult r) {
        List<Long> out = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            out.add(rec.seq());
        }
        return out;
    }

    @Override
    public void close() {
        log.close();
    }
}
