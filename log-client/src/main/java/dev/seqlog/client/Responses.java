package dev.seqlog.client;

import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the JSON answers of the /v0 routes (API §2–§10) into the API's result types, in one streaming pass
 * each; fields this client does not know are skipped (API §1.1). Stateless.
 */
final class Responses {
    /** Which answer is being read, for the message of a malformed one. */
    @FunctionalInterface
    interface Reader<T> {
        /**
         * @param in the document, on its first token
         * @return the value
         * @throws IOException if the document is not what the route answers
         */
        T read(JsonIn in) throws IOException;
    }

    private Responses() {
    }

    /**
     * Reads a whole answer; anything unreadable is {@code internal} (malformed_response). A failure of the
     * caller's own code inside the reader ({@link SinkFailure}) comes out unchanged.
     *
     * @param body the answer
     * @param what names the answer in the error
     * @param reader reads it
     * @param <T> the result type
     * @return the result
     */
    static <T> T read(byte[] body, String what, Reader<T> reader) {
        try (JsonIn in = new JsonIn(body)) {
            in.expectObject();
            return reader.read(in);
        } catch (SinkFailure e) {
            throw (RuntimeException) e.getCause();
        } catch (IOException | RuntimeException e) {
            throw Errors.malformed(what, e);
        }
    }

    /** Carries an exception thrown by a caller's {@link dev.seqlog.api.RecordSink} out of a reader untouched. */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param cause what the sink threw */
        SinkFailure(RuntimeException cause) {
            super(cause);
        }
    }

    /** The config object (API §1.15): every field resolved by the server. */
    static TopicConfig config(JsonIn in) throws IOException {
        in.expectObject();
        TopicConfig.Builder b = TopicConfig.builder();
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "type" -> b.type(TopicType.fromWire(in.str()));
                case "ttl_ms" -> b.ttlMs(in.num());
                case "cap_records" -> b.capRecords(in.num());
                case "cap_bytes" -> b.capBytes(in.num());
                case "discard" -> b.discard(Discard.fromWire(in.str()));
                case "durability" -> b.durability(Durability.fromWire(in.str()));
                case "priority" -> b.priority(in.isNull() ? null : (int) in.num());
                case "auto_priority" -> b.autoPriority(in.bool());
                case "auto_create" -> b.autoCreate(in.bool());
                case "idempotency_window_ms" -> b.idempotencyWindowMs(in.num());
                case "dedupe_node" -> b.dedupeNode(in.bool());
                case "lease_ms" -> b.leaseMs(in.num());
                case "claim_jitter_ms" -> b.claimJitterMs(in.num());
                case "max_deliveries" -> b.maxDeliveries(in.num());
                case "dead_letter" -> b.deadLetter(in.str());
                case "leases_durable" -> b.leasesDurable(in.bool());
                default -> in.skip(); // "durable" repeats durability
            }
        }
        return b.build();
    }

    /** {@code PUT /v0/topics/:topic}. */
    static ConfigureResult configured(JsonIn in) throws IOException {
        String topic = null;
        boolean created = false;
        TopicConfig config = null;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "created" -> created = in.bool();
                case "config" -> config = config(in);
                default -> in.skip();
            }
        }
        return new ConfigureResult(topic, created, require(config, "config"));
    }

    /** {@code GET /v0/topics/:topic} (API §2.2). */
    static TopicState state(JsonIn in) throws IOException {
        String topic = null;
        long head = 0;
        long earliest = 0;
        long count = 0;
        long bytes = 0;
        TopicConfig config = null;
        int priority = 0;
        Long lastWrite = null;
        Long lastRead = null;
        QueueCounters queue = null;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "head_seq" -> head = in.num();
                case "earliest_seq" -> earliest = in.num();
                case "count" -> count = in.num();
                case "bytes" -> bytes = in.num();
                case "config" -> config = config(in);
                case "effective_priority" -> priority = (int) in.num();
                case "last_write_ts" -> lastWrite = in.optNum();
                case "last_read_ts" -> lastRead = in.optNum();
                case "queue" -> queue = queue(in);
                default -> in.skip();
            }
        }
        return new TopicState(topic, head, earliest, count, bytes, require(config, "config"), priority, lastWrite,
                lastRead, queue);
    }

    private static QueueCounters queue(JsonIn in) throws IOException {
        in.expectObject();
        long ready = 0;
        long inFlight = 0;
        long dead = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "ready" -> ready = in.num();
                case "in_flight" -> inFlight = in.num();
                case "dead_lettered" -> dead = in.num();
                default -> in.skip();
            }
        }
        return new QueueCounters(ready, inFlight, dead);
    }

    /** A page of names: {@code GET /v0/topics} or {@code GET /v0/routers}, whose entries name themselves by key. */
    record NamePage(List<String> names, String nextCursor) {
    }

    /**
     * @param array the field holding the entries ({@code topics}, {@code routers})
     * @param key the entry field holding the name ({@code topic}, {@code router})
     * @return a reader of the names and the next cursor
     */
    static Reader<NamePage> names(String array, String key) {
        return in -> {
            List<String> names = new ArrayList<>();
            String next = null;
            String f;
            while ((f = in.field()) != null) {
                if (f.equals(array)) {
                    while (in.element()) {
                        in.expectObject();
                        String g;
                        while ((g = in.field()) != null) {
                            if (g.equals(key)) {
                                names.add(in.str());
                            } else {
                                in.skip();
                            }
                        }
                    }
                } else if (f.equals("next_cursor")) {
                    next = in.str();
                } else {
                    in.skip();
                }
            }
            return new NamePage(names, next);
        };
    }

    /** {@code DELETE /v0/topics/:topic} (API §2.4). */
    static TopicDeletion topicDeletion(JsonIn in) throws IOException {
        String topic = null;
        boolean deleted = false;
        List<String> routers = new ArrayList<>();
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "deleted" -> deleted = in.bool();
                case "routers_removed" -> {
                    while (in.element()) {
                        routers.add(in.str());
                    }
                }
                default -> in.skip();
            }
        }
        return new TopicDeletion(topic, deleted, List.copyOf(routers));
    }

    /** The {@code performance} block (API §1.13): the timings this client reports, in ns. */
    static final class Timings {
        long walNanos;
        long fsyncNanos;
        long scanned;

        void read(JsonIn in) throws IOException {
            in.expectObject();
            String f;
            while ((f = in.field()) != null) {
                switch (f) {
                    case "wal_append_ms" -> walNanos = Math.round(in.dbl() * 1e6);
                    case "fsync_ms" -> fsyncNanos = Math.round(in.dbl() * 1e6);
                    case "records_scanned" -> scanned = in.num();
                    default -> in.skip();
                }
            }
        }
    }

    /**
     * {@code POST /v0/topics/:topic} (API §3). The timings are the server's {@code wal_append_ms} and
     * {@code fsync_ms}.
     */
    static AppendResult appended(JsonIn in) throws IOException {
        String topic = null;
        long first = 0;
        long last = 0;
        long head = 0;
        int count = 0;
        boolean created = false;
        boolean deduped = false;
        Timings t = new Timings();
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "first_seq" -> first = in.num();
                case "last_seq" -> last = in.num();
                case "head_seq" -> head = in.num();
                case "count" -> count = (int) in.num();
                case "created" -> created = in.bool();
                case "deduped" -> deduped = in.bool();
                case "performance" -> t.read(in);
                default -> in.skip();
            }
        }
        return new AppendResult(topic, first, last, head, count, created, deduped, t.walNanos, t.fsyncNanos);
    }

    /** {@code POST /v0/topics/:topic/delete} (API §6). */
    static DeleteResult deleted(JsonIn in) throws IOException {
        String topic = null;
        long deleted = 0;
        long earliest = 0;
        long head = 0;
        long count = 0;
        long bytes = 0;
        Timings t = new Timings();
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "topic" -> topic = in.str();
                case "deleted" -> deleted = in.num();
                case "earliest_seq" -> earliest = in.num();
                case "head_seq" -> head = in.num();
                case "count" -> count = in.num();
                case "bytes" -> bytes = in.num();
                case "performance" -> t.read(in);
                default -> in.skip();
            }
        }
        return new DeleteResult(topic, deleted, earliest, head, count, bytes, t.walNanos, t.fsyncNanos);
    }

    /** A tombstone object (API §4.3); an unknown reason reads as {@code mixed}, as the API asks. */
    static Tombstone tombstone(JsonIn in) throws IOException {
        in.expectObject();
        long from = 0;
        long to = 0;
        TombstoneReason reason = TombstoneReason.MIXED;
        long missed = 0;
        long earliest = 0;
        long head = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "gap_from" -> from = in.num();
                case "gap_to" -> to = in.num();
                case "reason" -> reason = reason(in.str());
                case "missed_estimate" -> missed = in.num();
                case "earliest_seq" -> earliest = in.num();
                case "head_seq" -> head = in.num();
                default -> in.skip();
            }
        }
        return new Tombstone(from, to, reason, missed, earliest, head);
    }

    /** @return the reason named, {@code mixed} for one this client does not know */
    static TombstoneReason reason(String wire) {
        for (TombstoneReason r : TombstoneReason.values()) {
            if (r.wireName().equals(wire)) {
                return r;
            }
        }
        return TombstoneReason.MIXED;
    }

    private static <T> T require(T v, String field) throws IOException {
        if (v == null) {
            throw new IOException("the answer has no " + field);
        }
        return v;
    }
}
