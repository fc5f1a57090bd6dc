package dev.seqlog.client;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.WatchRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes the JSON request bodies of the /v0 routes from the API's request types, field names as API §2–§10 spell
 * them. Record payloads are written as the bytes their {@link RecordInput} holds. Stateless.
 */
final class Requests {
    private Requests() {
    }

    /**
     * {@code PUT /v0/topics/:topic} (API §2.1): every field, resolved, so the server stores exactly this
     * configuration; {@code type} only when it was given, since an omitted type keeps the existing one.
     */
    static byte[] config(TopicConfig c) {
        return JsonOut.write(512, o -> config(o.g, c));
    }

    private static void config(JsonGenerator g, TopicConfig c) throws IOException {
        g.writeStartObject();
        if (c.typeSpecified()) {
            g.writeStringField("type", c.type().wireName());
        }
        g.writeNumberField("ttl_ms", c.ttlMs());
        g.writeNumberField("cap_records", c.capRecords());
        g.writeNumberField("cap_bytes", c.capBytes());
        g.writeStringField("discard", c.discard().wireName());
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

    /** {@code POST /v0/topics/:topic} (API §3). */
    static byte[] append(AppendRequest r) {
        long size = 64;
        for (RecordInput in : r.records()) {
            size += in.accountedSize() + 48;
        }
        return JsonOut.write((int) Math.min(size, Integer.MAX_VALUE - 8), o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            g.writeArrayFieldStart("records");
            for (RecordInput in : r.records()) {
                g.writeStartObject();
                g.writeFieldName("data");
                o.raw(in.dataArray(), in.dataOffset(), in.dataLength());
                if (in.meta() != null) {
                    g.writeFieldName("meta");
                    o.raw(in.meta(), 0, in.meta().length);
                }
                stringField(g, "tag", in.tag());
                stringField(g, "node", in.node());
                g.writeEndObject();
            }
            g.writeEndArray();
            stringField(g, "node", r.node());
            stringField(g, "idempotency_key", r.idempotencyKey());
            if (r.create() != null) {
                g.writeBooleanField("create", r.create());
            }
            if (r.config() != null) {
                g.writeFieldName("config");
                config(g, r.config());
            }
            g.writeEndObject();
        });
    }

    /** {@code POST /v0/topics/:topic/diff} (API §4), with the long-poll wait. */
    static byte[] diff(DiffRequest r, long waitMs) {
        return JsonOut.write(160, o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            g.writeNumberField("from_seq", r.fromSeq());
            g.writeNumberField("limit", r.limit());
            nodes(g, r.nodes());
            g.writeBooleanField("include_tags", r.includeTags());
            g.writeBooleanField("include_meta", r.includeMeta());
            g.writeNumberField("max_batch_bytes", r.maxBatchBytes());
            if (waitMs > 0) {
                g.writeNumberField("wait_ms", waitMs);
            }
            g.writeEndObject();
        });
    }

    /** {@code POST /v0/topics/:topic/delete} (API §6). */
    static byte[] delete(DeleteRequest r) {
        return JsonOut.write(96, o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            if (r.beforeSeq() != null) {
                g.writeNumberField("before_seq", r.beforeSeq());
            }
            if (r.match() != null) {
                g.writeFieldName("match");
                match(g, r.match());
            }
            g.writeEndObject();
        });
    }

    /** {@code POST /v0/topics/:q/claim} (API §10.3). */
    static byte[] claim(ClaimRequest r) {
        return JsonOut.write(96, o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            stringField(g, "node", r.node());
            g.writeNumberField("max", r.max());
            if (r.leaseMs() != null) {
                g.writeNumberField("lease_ms", r.leaseMs());
            }
            g.writeEndObject();
        });
    }

    /**
     * An ack, nack or extend body (API §10.2).
     *
     * @param durationField {@code delay_ms}, {@code lease_ms}, or null for an ack
     * @param ms the duration
     */
    static byte[] lease(LeaseRequest r, String durationField, long ms) {
        return JsonOut.write(64 + 24 * r.size(), o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            stringField(g, "node", r.node());
            g.writeArrayFieldStart("seqs");
            for (int i = 0; i < r.size(); i++) {
                g.writeNumber(r.seq(i));
            }
            g.writeEndArray();
            if (r.leaseIds() != null) {
                g.writeArrayFieldStart("lease_ids");
                for (String id : r.leaseIds()) {
                    g.writeString(id);
                }
                g.writeEndArray();
            }
            if (durationField != null) {
                g.writeNumberField(durationField, ms);
            }
            g.writeEndObject();
        });
    }

    /** {@code PUT /v0/routers/:router} (API §7.1). */
    static byte[] router(RouterSpec s) {
        return JsonOut.write(256, o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            g.writeStringField("source", s.source());
            g.writeStringField("dest", s.dest());
            g.writeBooleanField("preserve_node", s.preserveNode());
            g.writeBooleanField("preserve_tag", s.preserveTag());
            g.writeBooleanField("create_dest", s.createDest());
            g.writeFieldName("filter");
            if (s.filter() == null) {
                g.writeNull();
            } else {
                match(g, s.filter());
            }
            g.writeBooleanField("allow_cycle", s.allowCycle());
            g.writeStringField("guarantee", s.guarantee().wireName());
            g.writeEndObject();
        });
    }

    /**
     * {@code POST /v0/watch} (API §8.2).
     *
     * @param r the read options
     * @param from each topic's cursor, or null to take the starts of {@code r}
     * @param heartbeatMs the heartbeat interval the stream should keep
     */
    static byte[] watch(WatchRequest r, Map<String, Long> from, long heartbeatMs) {
        return JsonOut.write(256 + 48 * r.topics().size(), o -> {
            JsonGenerator g = o.g;
            g.writeStartObject();
            g.writeObjectFieldStart("topics");
            if (from == null) {
                for (var e : r.topics().entrySet()) {
                    g.writeObjectFieldStart(e.getKey());
                    if (e.getValue().tail()) {
                        g.writeBooleanField("tail", true);
                    } else {
                        g.writeNumberField("from_seq", e.getValue().fromSeq());
                    }
                    g.writeEndObject();
                }
            } else {
                for (var e : from.entrySet()) {
                    g.writeObjectFieldStart(e.getKey());
                    g.writeNumberField("from_seq", e.getValue());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            nodes(g, r.nodes());
            g.writeNumberField("limit", r.limit());
            g.writeNumberField("max_batch_bytes", r.maxBatchBytes());
            g.writeBooleanField("include_data", r.includeData());
            g.writeBooleanField("include_meta", r.includeMeta());
            g.writeBooleanField("include_tags", r.includeTags());
            g.writeStringField("consistency", r.strong() ? "strong" : "eventual");
            g.writeNumberField("heartbeat_ms", heartbeatMs);
            g.writeEndObject();
        });
    }

    /** A tag predicate in its array form (API §6). */
    private static void match(JsonGenerator g, TagMatch m) throws IOException {
        g.writeStartArray();
        g.writeString("tag");
        g.writeString(m.prefix() ? "Glob" : "Eq");
        g.writeString(m.prefix() ? m.value() + "*" : m.value());
        g.writeEndArray();
    }

    private static void nodes(JsonGenerator g, Set<String> nodes) throws IOException {
        if (!nodes.isEmpty()) {
            g.writeArrayFieldStart("node");
            for (String n : List.copyOf(nodes)) {
                g.writeString(n);
            }
            g.writeEndArray();
        }
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
