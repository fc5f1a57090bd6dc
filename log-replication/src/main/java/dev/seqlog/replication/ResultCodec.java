package dev.seqlog.replication;

import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reply of one applied entry: per command, the engine's success value or its error, so the client that
 * proposed gets exactly what a single node would have returned or thrown, including the error's code, message and
 * {@code detail} map. Replies are not stored, only sent back to the proposing node.
 *
 * <pre>
 * Reply (big-endian)
 *  offset  size  field
 *  0       1     version (1)
 *  1       4     result count n
 *  5       ...   n results, each: status (1: 0 value, 1 error) | then a value or an error
 *
 * value = kind (1, as in CommandCodec) | body:
 *   APPEND        topic str | first_seq (8) | last_seq (8) | head_seq (8) | count (4)
 *                 | flags (1: bit 0 created, bit 1 deduped) | wal_append_nanos (8) | fsync_nanos (8)
 *   CONFIGURE     topic str | created (1) | config (ConfigWire)
 *   DELETE_TOPIC  topic str | deleted (1) | router count (4) | router names str...
 *   DELETE        topic str | deleted (8) | earliest_seq (8) | head_seq (8) | count (8) | bytes (8)
 *                 | wal_append_nanos (8) | fsync_nanos (8)
 *   TICK          (empty)
 *   CLAIM         topic str | ready (8) | job count (4) | jobs, each: seq (8) | ts (8) | node str | tag str
 *                 | data bytes | meta bytes | lease id str | deadline (8) | deliveries (8)
 *   ACK           (for ack, nack and extend) topic str | done (8) | skipped count (4) | skipped seqs (8 each)
 *                 | ready (8) | in_flight (8) | deadline count (4) | deadlines: seq (8) | deadline (8)
 *                 | flush_nanos (8)
 *   CLAIM_COHORT  result count n (4) | n results, each as above: status (1) | a CLAIM value or an error
 *   PUT_ROUTER    created (1) | router info
 *   DELETE_ROUTER router str | deleted (1)
 * router info = router str | source str | dest str | RouterWire (flags, filter, guarantee) | forwarded_total (8)
 *               | cursor (8) | created_ts (8)
 * error = code str (wire name) | message str | detail count (4) | detail entries: key str | detail value
 * detail value = tag (1) | 0 null | 1 str | 2 int (4) | 3 long (8) | 4 double (8) | 5 boolean (1)
 *                | 6 list: count (4) | detail values
 *   any other value is written as its string form (tag 1).
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class ResultCodec {
    /** The layout version this codec writes and reads. */
    static final byte VERSION = 1;

    private static final int CREATED = 1;
    private static final int DEDUPED = 2;

    private ResultCodec() {
    }

    static byte[] encode(List<Outcome> outcomes) {
        WireWriter w = new WireWriter(32 + 64 * outcomes.size());
        w.putByte(VERSION).putInt(outcomes.size());
        for (Outcome o : outcomes) {
            if (o.isError()) {
                w.putByte(1);
                writeError(w, o.error());
            } else {
                w.putByte(0);
                writeValue(w, o.value());
            }
        }
        return w.toByteArray();
    }

    static List<Outcome> decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int version = r.getByte("version");
        if (version != VERSION) {
            throw new MalformedEntryException("reply version " + version + ", this node reads version " + VERSION);
        }
        int n = r.getInt("result count");
        if (n < 0 || n > r.remaining()) {
            throw new MalformedEntryException("result count " + n + " with " + r.remaining() + " bytes left");
        }
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.getByte("status") == 0 ? Outcome.ok(readValue(r)) : Outcome.failed(readError(r)));
        }
        if (r.remaining() != 0) {
            throw new MalformedEntryException(r.remaining() + " bytes after the last result");
        }
        return out;
    }

    /** A new exception equal to {@code e} in code, message and detail (each throw site gets its own). */
    static SeqlogException copy(SeqlogException e) {
        SeqlogException c = new SeqlogException(e.code(), e.getMessage());
        e.detail().forEach(c::with);
        return c;
    }

    static void writeError(WireWriter w, SeqlogException e) {
        w.putString(e.code().wireName()).putString(e.getMessage());
        Map<String, Object> detail = e.detail();
        w.putInt(detail.size());
        for (Map.Entry<String, Object> d : detail.entrySet()) {
            w.putString(d.getKey());
            writeDetailValue(w, d.getValue());
        }
    }

    static SeqlogException readError(WireReader r) {
        String code = r.getString("error code");
        String message = r.getString("error message");
        SeqlogException e = new SeqlogException(errorCode(code), message);
        int n = r.getInt("detail count");
        if (n < 0 || n > r.remaining()) {
            throw new MalformedEntryException("detail count " + n + " with " + r.remaining() + " bytes left");
        }
        for (int i = 0; i < n; i++) {
            e.with(r.getString("detail key"), readDetailValue(r));
        }
        return e;
    }

    private static ErrorCode errorCode(String wireName) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.wireName().equals(wireName)) {
                return c;
            }
        }
        // a newer node's code this one does not know: still an error, never a success
        return ErrorCode.INTERNAL;
    }

    private static void writeDetailValue(WireWriter w, Object v) {
        if (v == null) {
            w.putByte(0);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            w.putByte(2).putInt(((Number) v).intValue());
        } else if (v instanceof Long l) {
            w.putByte(3).putLong(l);
        } else if (v instanceof Double || v instanceof Float) {
            w.putByte(4).putDouble(((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            w.putByte(5).putBoolean(b);
        } else if (v instanceof List<?> list) {
            w.putByte(6).putInt(list.size());
            for (Object item : list) {
                writeDetailValue(w, item);
            }
        } else {
            w.putByte(1).putString(v.toString());
        }
    }

    private static Object readDetailValue(WireReader r) {
        int tag = r.getByte("detail tag");
        switch (tag) {
            case 0:
                return null;
            case 1:
                return r.getString("detail string");
            case 2:
                return r.getInt("detail int");
            case 3:
                return r.getLong("detail long");
            case 4:
                return r.getDouble("detail double");
            case 5:
                return r.getBoolean("detail boolean");
            case 6:
                int n = r.getInt("detail list size");
                if (n < 0 || n > r.remaining()) {
                    throw new MalformedEntryException("detail list size " + n);
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readDetailValue(r));
                }
                return Collections.unmodifiableList(list);
            default:
                throw new MalformedEntryException("unknown detail value tag " + tag);
        }
    }

    private static void writeValue(WireWriter w, Object v) {
        if (v == null) {
            w.putByte(Command.Tick.KIND);
        } else if (v instanceof AppendResult a) {
            w.putByte(Command.Append.KIND).putString(a.topic()).putLong(a.firstSeq()).putLong(a.lastSeq())
                    .putLong(a.headSeq()).putInt(a.count())
                    .putByte((a.created() ? CREATED : 0) | (a.deduped() ? DEDUPED : 0))
                    .putLong(a.walAppendNanos()).putLong(a.fsyncNanos());
        } else if (v instanceof ConfigureResult c) {
            w.putByte(Command.Configure.KIND).putString(c.topic()).putBoolean(c.created());
            ConfigWire.write(w, c.config());
        } else if (v instanceof TopicDeletion d) {
            w.putByte(Command.DeleteTopic.KIND).putString(d.topic()).putBoolean(d.deleted());
            List<String> routers = d.routersRemoved() == null ? List.of() : d.routersRemoved();
            w.putInt(routers.size());
            routers.forEach(w::putString);
        } else if (v instanceof DeleteResult d) {
            w.putByte(Command.Delete.KIND).putString(d.topic()).putLong(d.deleted()).putLong(d.earliestSeq())
                    .putLong(d.headSeq()).putLong(d.count()).putLong(d.bytes()).putLong(d.walAppendNanos())
                    .putLong(d.fsyncNanos());
        } else if (v instanceof ClaimResult c) {
            writeClaim(w, c);
        } else if (v instanceof LeaseResult l) {
            writeLease(w, l);
        } else if (v instanceof CohortOutcome c) {
            w.putByte(Command.ClaimCohort.KIND).putInt(c.outcomes().size());
            for (Outcome o : c.outcomes()) {
                if (o.isError()) {
                    writeError(w.putByte(1), o.error());
                } else {
                    writeValue(w.putByte(0), o.value());
                }
            }
        } else if (v instanceof RouterPut p) {
            w.putByte(Command.PutRouter.KIND).putBoolean(p.created());
            writeRouterInfo(w, p.router());
        } else if (v instanceof RouterDeletion d) {
            w.putByte(Command.DeleteRouter.KIND).putString(d.router()).putBoolean(d.deleted());
        } else {
            throw new IllegalArgumentException("no reply layout for " + v.getClass().getName());
        }
    }

    private static Object readValue(WireReader r) {
        int kind = r.getByte("result kind");
        switch (kind) {
            case Command.Tick.KIND:
                return null;
            case Command.Append.KIND: {
                String topic = r.getString("topic");
                long first = r.getLong("first_seq");
                long last = r.getLong("last_seq");
                long head = r.getLong("head_seq");
                int count = r.getInt("count");
                int flags = r.getByte("append result flags");
                return new AppendResult(topic, first, last, head, count, (flags & CREATED) != 0,
                        (flags & DEDUPED) != 0, r.getLong("wal_append_nanos"), r.getLong("fsync_nanos"));
            }
            case Command.Configure.KIND:
                return new ConfigureResult(r.getString("topic"), r.getBoolean("created"), ConfigWire.read(r));
            case Command.DeleteTopic.KIND: {
                String topic = r.getString("topic");
                boolean deleted = r.getBoolean("deleted");
                int n = r.getInt("router count");
                if (n < 0 || n > r.remaining()) {
                    throw new MalformedEntryException("router count " + n);
                }
                List<String> routers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    routers.add(r.getString("router"));
                }
                return new TopicDeletion(topic, deleted, List.copyOf(routers));
            }
            case Command.Delete.KIND:
                return new DeleteResult(r.getString("topic"), r.getLong("deleted"), r.getLong("earliest_seq"),
                        r.getLong("head_seq"), r.getLong("count"), r.getLong("bytes"),
                        r.getLong("wal_append_nanos"), r.getLong("fsync_nanos"));
            case Command.Claim.KIND:
                return readClaim(r);
            case Command.Lease.ACK:
                return readLease(r);
            case Command.ClaimCohort.KIND: {
                int n = count(r, "cohort result count");
                List<Outcome> outcomes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    outcomes.add(r.getByte("status") == 0 ? Outcome.ok(readValue(r)) : Outcome.failed(readError(r)));
                }
                return new CohortOutcome(outcomes);
            }
            case Command.PutRouter.KIND: {
                boolean created = r.getBoolean("created");
                return new RouterPut(readRouterInfo(r), created);
            }
            case Command.DeleteRouter.KIND:
                return new RouterDeletion(r.getString("router"), r.getBoolean("deleted"));
            default:
                throw new MalformedEntryException("unknown result kind " + kind);
        }
    }

    private static void writeClaim(WireWriter w, ClaimResult c) {
        w.putByte(Command.Claim.KIND).putString(c.topic()).putLong(c.ready()).putInt(c.claimed().size());
        for (Job j : c.claimed()) {
            TopicRecord rec = j.record();
            w.putLong(rec.seq()).putLong(rec.ts()).putString(rec.node()).putString(rec.tag()).putBytes(rec.data())
                    .putBytes(rec.meta()).putString(j.leaseId()).putLong(j.deadline()).putLong(j.deliveries());
        }
    }

    private static ClaimResult readClaim(WireReader r) {
        String topic = r.getString("topic");
        long ready = r.getLong("ready");
        int n = count(r, "job count");
        List<Job> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = r.getLong("job seq");
            long ts = r.getLong("job ts");
            String node = r.getString("job node");
            String tag = r.getString("job tag");
            byte[] data = r.getBytes("job data");
            byte[] meta = r.getBytes("job meta");
            TopicRecord rec = new TopicRecord(seq, ts, node, tag, data, meta);
            jobs.add(new Job(rec, r.getString("lease id"), r.getLong("deadline"), r.getLong("deliveries")));
        }
        return new ClaimResult(topic, List.copyOf(jobs), ready);
    }

    private static void writeLease(WireWriter w, LeaseResult l) {
        w.putByte(Command.Lease.ACK).putString(l.topic()).putLong(l.done()).putInt(l.skipped().size());
        l.skipped().forEach(w::putLong);
        w.putLong(l.ready()).putLong(l.inFlight()).putInt(l.deadlines().size());
        l.deadlines().forEach((seq, deadline) -> w.putLong(seq).putLong(deadline));
        w.putLong(l.flushNanos());
    }

    private static LeaseResult readLease(WireReader r) {
        String topic = r.getString("topic");
        long done = r.getLong("done");
        int n = count(r, "skipped count");
        List<Long> skipped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            skipped.add(r.getLong("skipped seq"));
        }
        long ready = r.getLong("ready");
        long inFlight = r.getLong("in_flight");
        int d = count(r, "deadline count");
        Map<Long, Long> deadlines = new LinkedHashMap<>();
        for (int i = 0; i < d; i++) {
            deadlines.put(r.getLong("deadline seq"), r.getLong("deadline"));
        }
        return new LeaseResult(topic, done, List.copyOf(skipped), ready, inFlight,
                Collections.unmodifiableMap(deadlines), r.getLong("flush_nanos"));
    }

    private static void writeRouterInfo(WireWriter w, RouterInfo i) {
        w.putString(i.router()).putString(i.source()).putString(i.dest())
                .putByte(RouterWire.flags(i.preserveNode(), i.preserveTag(), i.allowCycle(), false, i.filter()));
        RouterWire.writeFilterAndGuarantee(w, i.filter(), i.guarantee());
        w.putLong(i.forwardedTotal()).putLong(i.cursor()).putLong(i.createdTs());
    }

    private static RouterInfo readRouterInfo(WireReader r) {
        String router = r.getString("router");
        String source = r.getString("router source");
        String dest = r.getString("router dest");
        int flags = r.getByte("router flags");
        TagMatch filter = RouterWire.readFilter(r, flags);
        RouterGuarantee g = RouterWire.readGuarantee(r);
        return new RouterInfo(router, source, dest, (flags & RouterWire.PRESERVE_NODE) != 0,
                (flags & RouterWire.PRESERVE_TAG) != 0, filter, (flags & RouterWire.ALLOW_CYCLE) != 0, g,
                r.getLong("forwarded_total"), r.getLong("cursor"), r.getLong("created_ts"));
    }

    private static int count(WireReader r, String field) {
        int n = r.getInt(field);
        if (n < 0 || n > r.remaining()) {
            throw new MalformedEntryException(field + " " + n + " with " + r.remaining() + " bytes left");
        }
        return n;
    }
}
