package dev.seqlog.client;

import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TopicRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the answer of {@code POST /v0/topics/:topic/diff} (API §4): each record is handed to a
 * {@link RecordSink} as a view over the answer's bytes as it is parsed, then the cursor, watermarks and
 * tombstone. Stateless.
 */
final class Diffs {
    private Diffs() {
    }

    /**
     * Reads an answer, streaming its records to {@code sink}.
     *
     * @param body the answer
     * @param sink receives each record
     * @return the result; its {@code records} list is empty
     */
    static DiffResult read(byte[] body, RecordSink sink) {
        return Responses.read(body, "diff answer", in -> read(in, sink));
    }

    /**
     * Reads an answer, materialising its records.
     *
     * @param body the answer
     * @return the result with its records
     */
    static DiffResult materialise(byte[] body) {
        List<TopicRecord> records = new ArrayList<>();
        DiffResult r = read(body, v -> records.add(TopicRecord.copyOf(v)));
        return new DiffResult(List.copyOf(records), r.delivered(), r.nextFromSeq(), r.headSeq(), r.earliestSeq(),
                r.tombstone(), r.recordsScanned());
    }

    private static DiffResult read(JsonIn in, RecordSink sink) throws IOException {
        int delivered = 0;
        long next = 0;
        long head = 0;
        long earliest = 0;
        Tombstone tombstone = null;
        long scanned = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "records" -> delivered = records(in, sink);
                case "next_from_seq" -> next = in.num();
                case "head_seq" -> head = in.num();
                case "earliest_seq" -> earliest = in.num();
                case "tombstone" -> tombstone = in.isNull() ? null : Responses.tombstone(in);
                case "performance" -> scanned = scanned(in);
                default -> in.skip();
            }
        }
        return new DiffResult(List.of(), delivered, next, head, earliest, tombstone, scanned);
    }

    /**
     * Streams the records of a {@code records} array to a sink.
     *
     * @param in the document, on the array
     * @param sink receives each record
     * @return how many records there were
     */
    static int records(JsonIn in, RecordSink sink) throws IOException {
        BodyRecordView view = new BodyRecordView(in.buffer());
        RecordFields r = new RecordFields();
        int n = 0;
        while (in.element()) {
            in.expectObject();
            r.reset();
            String f;
            while ((f = in.field()) != null) {
                r.field(in, f);
            }
            try {
                sink.accept(view.set(r));
            } catch (RuntimeException e) {
                throw new Responses.SinkFailure(e);
            }
            n++;
        }
        return n;
    }

    private static long scanned(JsonIn in) throws IOException {
        in.expectObject();
        long scanned = 0;
        String f;
        while ((f = in.field()) != null) {
            if (f.equals("records_scanned")) {
                scanned = in.num();
            } else {
                in.skip();
            }
        }
        return scanned;
    }
}
