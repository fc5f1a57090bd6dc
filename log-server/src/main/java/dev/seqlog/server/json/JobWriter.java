package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.Job;
import dev.seqlog.api.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders leased jobs: the {@code claimed[]} entries of a claim (API §10.3) and the {@code data} of a
 * {@code /work} job frame (§10.10). The record's own fields come from {@link RecordWriter}, so they read exactly
 * as in a diff, with tags always included; the lease fields are written around them:
 * {@code $seq, lease_id, deadline, $ts, $node, $tag, deliveries, meta, data}. Confined to the caller's thread.
 */
public final class JobWriter {
    private static final byte[] TOPIC = ascii("\"topic\":");
    private static final byte[] SEQ = ascii("\"$seq\":");
    private static final byte[] LEASE_ID = ascii(",\"lease_id\":");
    private static final byte[] DEADLINE = ascii(",\"deadline\":");
    private static final byte[] DELIVERIES = ascii(",\"deliveries\":");

    private final ByteSink sink;
    private final RecordWriter records;

    private JobWriter(ByteSink sink) {
        this.sink = sink;
        this.records = new RecordWriter(sink, true, true);
    }

    /**
     * Writes jobs as the elements of an array the generator has open.
     *
     * @param gen the generator writing into {@code sink}, flushed here before the jobs are written
     * @param sink the generator's target
     * @param jobs the jobs, in the order to show them
     * @throws IOException from the generator
     */
    public static void claimed(JsonGenerator gen, ByteSink sink, List<Job> jobs) throws IOException {
        gen.flush(); // the jobs are written past the generator: its buffered bytes go first
        new JobWriter(sink).write(jobs, null);
    }

    /**
     * Writes one job as the JSON object of a {@code job} frame: a claimed entry with {@code topic} first.
     *
     * @param sink the target
     * @param topic the queue
     * @param job the job
     */
    public static void frame(ByteSink sink, String topic, Job job) {
        new JobWriter(sink).write(List.of(job), topic);
    }

    private void write(List<Job> jobs, String topic) {
        int[] at = {0};
        new RecordBatch(jobs.stream().map(Job::record).toList()).forEach(v -> {
            Job j = jobs.get(at[0]);
            if (at[0]++ > 0) {
                sink.write(',');
            }
            sink.write('{');
            if (topic != null) {
                sink.write(TOPIC, 0, TOPIC.length);
                string(topic);
                sink.write(',');
            }
            sink.write(SEQ, 0, SEQ.length);
            sink.writeDecimal(v.seq());
            sink.write(LEASE_ID, 0, LEASE_ID.length);
            string(j.leaseId());
            sink.write(DEADLINE, 0, DEADLINE.length);
            sink.writeDecimal(j.deadline());
            records.envelope(v);
            sink.write(DELIVERIES, 0, DELIVERIES.length);
            sink.writeDecimal(j.deliveries());
            records.payload(v);
            sink.write('}');
        });
    }

    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        records.string(ByteBuffer.wrap(b), 0, b.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
