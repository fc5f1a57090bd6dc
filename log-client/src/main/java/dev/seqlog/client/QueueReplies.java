package dev.seqlog.client;

import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decodes the answers of the queue routes (API §10.3–§10.7, §10.10). Stateless. */
final class QueueReplies {
    private QueueReplies() {
    }

    /** {@code POST /v0/topics/:q/claim} (API §10.3). */
    static ClaimResult claimed(JsonIn in) throws IOException {
        String topic = null;
        List<Job> jobs = new ArrayList<>();
        long ready = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "claimed" -> {
                    while (in.element()) {
                        jobs.add(job(in));
                    }
                }
                case "ready" -> ready = in.num();
                default -> in.skip();
            }
        }
        return new ClaimResult(topic, List.copyOf(jobs), ready);
    }

    /** A {@code claimed[]} entry, or the data of a {@code /work} job frame (API §10.10), whose topic is skipped. */
    static Job job(JsonIn in) throws IOException {
        in.expectObject();
        RecordFields r = new RecordFields();
        String leaseId = null;
        long deadline = 0;
        long deliveries = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "lease_id" -> leaseId = in.str();
                case "deadline" -> deadline = in.num();
                case "deliveries" -> deliveries = in.num();
                default -> r.field(in, f);
            }
        }
        return new Job(r.record(in.buffer()), leaseId, deadline, deliveries);
    }

    /** Shared by ack and nack (API §10.5, §10.6): the count is named {@code done}. */
    static Responses.Reader<LeaseResult> leased(String done) {
        return in -> {
            String topic = null;
            long n = 0;
            List<Long> skipped = new ArrayList<>();
            long ready = -1;
            long inFlight = -1;
            Map<Long, Long> deadlines = new LinkedHashMap<>();
            Responses.Timings t = new Responses.Timings();
            String f;
            while ((f = in.field()) != null) {
                if (f.equals(done)) {
                    n = in.num();
                    continue;
                }
                switch (f) {
                    case "topic" -> topic = in.str();
                    case "skipped" -> {
                        while (in.element()) {
                            skipped.add(in.num());
                        }
                    }
                    case "ready" -> ready = in.num();
                    case "in_flight" -> inFlight = in.num();
                    case "deadlines" -> {
                        in.expectObject();
                        String seq;
                        while ((seq = in.field()) != null) {
                            deadlines.put(Long.parseLong(seq), in.num());
                        }
                    }
                    case "performance" -> t.read(in);
                    default -> in.skip();
                }
            }
            return new LeaseResult(topic, n, List.copyOf(skipped), ready, inFlight,
                    Collections.unmodifiableMap(deadlines), t.fsyncNanos);
        };
    }
}
