package dev.seqlog.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicState;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/** Writes the fields of each response body of the topic routes into an open JSON object. Stateless. */
public final class Render {
    private Render() {
    }

    /** The resolved config object (API §1.15), every field. */
    public static void config(JsonGenerator g, TopicConfig c) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", c.type().wireName());
        g.writeNumberField("ttl_ms", c.ttlMs());
        g.writeNumberField("cap_records", c.capRecords());
        g.writeNumberField("cap_bytes", c.capBytes());
        g.writeStringField("discard", c.discard().wireName());
        g.writeBooleanField("durable", c.durable());
        g.writeStringField("durability", c.durability().wireName());
        g.writeFieldName("priority");
        if (c.priority() == null) {
            g.writeNull();
        } else {
            g.writeNumber(c.priority());
        }
        g.writeBooleanField("auto_priority", c.autoPriority());
        g.writeBooleanField("auto_create", c.autoCreate());
        g.writeNumberField("idempotency_window_ms", c.idempotencyWindowMs());
        g.writeBooleanField("dedupe_node", c.dedupeNode());
        g.writeNumberField("lease_ms", c.leaseMs());
        g.writeNumberField("claim_jitter_ms", c.claimJitterMs());
        g.writeNumberField("max_deliveries", c.maxDeliveries());
        g.writeStringField("dead_letter", c.deadLetter());
        g.writeBooleanField("leases_durable", c.leasesDurable());
        g.writeEndObject();
    }

    /** Fields of {@code GET /v0/topics/:topic} (API §2.2). */
    public static void topicState(JsonGenerator g, TopicState s) throws IOException {
        g.writeStringField("topic", s.topic());
        g.writeStringField("type", s.type().wireName());
        g.writeNumberField("head_seq", s.headSeq());
        g.writeNumberField("earliest_seq", s.earliestSeq());
        g.writeNumberField("next_seq", s.nextSeq());
        g.writeNumberField("count", s.count());
        g.writeNumberField("bytes", s.bytes());
        g.writeFieldName("config");
        config(g, s.config());
        queue(g, s.queue());
        g.writeNumberField("effective_priority", s.effectivePriority());
        nullableLong(g, "last_write_ts", s.lastWriteTs());
        nullableLong(g, "last_read_ts", s.lastReadTs());
    }

    /** One entry of a topic listing (API §2.3), as a whole object. */
    public static void listEntry(JsonGenerator g, TopicState s) throws IOException {
        g.writeStartObject();
        g.writeStringField("topic", s.topic());
        g.writeStringField("type", s.type().wireName());
        g.writeNumberField("head_seq", s.headSeq());
        g.writeNumberField("earliest_seq", s.earliestSeq());
        g.writeNumberField("count", s.count());
        g.writeNumberField("bytes", s.bytes());
        g.writeBooleanField("durable", s.config().durable());
        g.writeStringField("durability", s.config().durability().wireName());
        g.writeNumberField("effective_priority", s.effectivePriority());
        queue(g, s.queue());
        g.writeEndObject();
    }

    /** The {@code queue} object of a queue topic's state (API §10.9); nothing for a log. */
    private static void queue(JsonGenerator g, QueueCounters q) throws IOException {
        if (q == null) {
            return;
        }
        g.writeObjectFieldStart("queue");
        g.writeNumberField("ready", q.ready());
        g.writeNumberField("in_flight", q.inFlight());
        g.writeNumberField("dead_lettered", q.deadLettered());
        g.writeEndObject();
    }

    /**
     * Fields of an ack or nack response (API §10.5, §10.6).
     *
     * @param g the generator, in the response object
     * @param r the outcome
     * @param done the name of the count: {@code acked} or {@code nacked}
     * @throws IOException from the generator
     */
    public static void leaseResult(JsonGenerator g, LeaseResult r, String done) throws IOException {
        g.writeStringField("topic", r.topic());
        g.writeNumberField(done, r.done());
        skipped(g, r);
        g.writeNumberField("ready", r.ready());
        g.writeNumberField("in_flight", r.inFlight());
    }

    /** Fields of an extend response (API §10.7): the new deadlines keyed by decimal seq. */
    public static void extendResult(JsonGenerator g, LeaseResult r) throws IOException {
        g.writeStringField("topic", r.topic());
        g.writeNumberField("extended", r.done());
        skipped(g, r);
        g.writeObjectFieldStart("deadlines");
        for (Map.Entry<Long, Long> e : r.deadlines().entrySet()) {
            g.writeNumberField(Long.toString(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    private static void skipped(JsonGenerator g, LeaseResult r) throws IOException {
        g.writeArrayFieldStart("skipped");
        for (long s : r.skipped()) {
            g.writeNumber(s);
        }
        g.writeEndArray();
    }

    /** Fields of a write response (API §3). */
    public static void appendResult(JsonGenerator g, AppendResult r, boolean returnSeqs) throws IOException {
        g.writeStringField("topic", r.topic());
        g.writeNumberField("first_seq", r.firstSeq());
        g.writeNumberField("last_seq", r.lastSeq());
        if (returnSeqs) {
            g.writeArrayFieldStart("seqs");
            for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
                g.writeNumber(s);
            }
            g.writeEndArray();
        }
        g.writeNumberField("head_seq", r.headSeq());
        g.writeNumberField("count", r.count());
        g.writeBooleanField("created", r.created());
        g.writeBooleanField("deduped", r.deduped());
    }

    /** Fields of a record-delete response (API §6). */
    public static void deleteResult(JsonGenerator g, DeleteResult r) throws IOException {
        g.writeStringField("topic", r.topic());
        g.writeNumberField("deleted", r.deleted());
        g.writeNumberField("earliest_seq", r.earliestSeq());
        g.writeNumberField("head_seq", r.headSeq());
        g.writeNumberField("count", r.count());
        g.writeNumberField("bytes", r.bytes());
    }

    /** Fields of a diff response after its {@code records} array (API §4). */
    public static void diffTail(JsonGenerator g, DiffResult r) throws IOException {
        g.writeNumberField("next_from_seq", r.nextFromSeq());
        g.writeNumberField("head_seq", r.headSeq());
        g.writeNumberField("earliest_seq", r.earliestSeq());
        g.writeBooleanField("caught_up", r.caughtUp());
        g.writeFieldName("tombstone");
        if (r.tombstone() == null) {
            g.writeNull();
        } else {
            tombstone(g, r.tombstone());
        }
        g.writeNumberField("lag", r.lag());
    }

    /** A tombstone object (API §4.3), with {@code gap_to} clipped to {@code maxSeq}. */
    public static void tombstone(JsonGenerator g, Tombstone t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("gap_from", t.gapFrom());
        g.writeNumberField("gap_to", t.gapTo());
        g.writeStringField("reason", t.reason().wireName());
        g.writeNumberField("missed_estimate", t.missedEstimate());
        g.writeNumberField("earliest_seq", t.earliestSeq());
        g.writeNumberField("head_seq", t.headSeq());
        g.writeEndObject();
    }

    /** The {@code error} object of the envelope (API §1.9). */
    public static void error(JsonGenerator g, SeqlogException e) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", e.code().wireName());
        g.writeStringField("message", e.getMessage() == null ? e.code().wireName() : e.getMessage());
        if (!e.detail().isEmpty()) {
            g.writeFieldName("detail");
            value(g, e.detail());
        }
        g.writeEndObject();
    }

    /** Writes a detail value: map, collection, string, number, boolean or null. */
    public static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static void nullableLong(JsonGenerator g, String name, Long v) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else {
            g.writeNumber(v);
        }
    }
}
