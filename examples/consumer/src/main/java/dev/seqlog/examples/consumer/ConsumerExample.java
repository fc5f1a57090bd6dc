package dev.seqlog.examples.consumer;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.io.PrintStream;

/**
 * seqlog embedded: an in-memory engine (no data directory), one topic, three records appended in one
 * batch and read back from the start.
 */
public final class ConsumerExample {
    private ConsumerExample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the example, printing what it appended and what it read to {@code out}. */
    static void run(PrintStream out) {
        EngineOptions options = EngineOptions.builder().build();   // no dataDir: everything stays in memory
        try (SeqlogEngine log = SeqlogEngine.open(options)) {
            log.configure("orders", TopicConfig.builder().capRecords(1_000).build());

            AppendResult appended = log.append("orders", AppendRequest.of(
                    RecordInput.json("{\"sku\": \"A-1\", \"qty\": 2}").withTag("order-1"),
                    RecordInput.json("{\"sku\": \"B-2\", \"qty\": 1}").withTag("order-2"),
                    RecordInput.json("{\"sku\": \"C-3\", \"qty\": 5}").withTag("order-3")));
            out.println("appended " + appended.count() + " records: seq " + appended.firstSeq() + ".." + appended.lastSeq());

            DiffResult read = log.diff("orders", DiffRequest.from(0).withTags(true));
            for (TopicRecord record : read.records()) {
                out.println(record.seq() + " " + record.tag() + " " + record.dataString());
            }
            out.println("caught up: " + read.caughtUp());
        }
    }
}
