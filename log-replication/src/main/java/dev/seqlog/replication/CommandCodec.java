package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.RouterGuarantee;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.TagMatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one Raft log entry: a batch of {@link Command}s with the time the proposing node stamped on them.
 * The Raft log is the only log in replicated mode, so this layout is durable data: change it only with a new
 * version byte, and keep reading the old one.
 *
 * <pre>
 * Entry (big-endian)
 *  offset  size  field
 *  0       1     version (1)
 *  1       8     leader time, ms since the epoch (the proposer's clock; the state machine never goes backwards)
 *  9       4     command count n, at least 1
 *  13      ...   n commands, each: kind (1) | body length (4) | body
 *
 * str  = length (4, -1 for null) | UTF-8 bytes          bytes = length (4, -1 for null) | bytes
 * config = ConfigWire (flags (1) | log-core ConfigCodec layout)
 *
 * APPEND (1)        topic str | create refusal (1: 0 none, 1 followed by an error as in ResultCodec)
 *                   | flags (1: bit 0 create given, bit 1 create value, bit 2 config present)
 *                   | node str | idempotency key str | [config] | record count (4) | records
 *   record          data bytes | meta bytes | meta key count (4) | tag str | node str
 * CONFIGURE (2)     topic str | config
 * DELETE_TOPIC (3)  topic str | condition (1: 0 always, 1 empty)
 * DELETE (4)        topic str | flags (1: bit 0 before_seq, bit 1 match, bit 2 match is a prefix)
 *                   | [before_seq (8)] | [match value str]
 * TICK (5)          (empty)
 * CLAIM (6)         topic str | claim
 *   claim           node str | max (4) | lease_ms (8, -1 for the topic's)
 * CLAIM_COHORT (12) topic str | claim count n (4) | n claims
 * ACK (7)           topic str | lease request
 * NACK (8)          topic str | lease request | delay_ms (8)
 * EXTEND (9)        topic str | lease request | lease_ms (8)
 *   lease request   node str | seq count n (4) | n seqs (8 each) | lease ids given (1) | [n lease id strs]
 * PUT_ROUTER (10)   router str | source str | dest str | RouterWire (flags, filter, guarantee)
 * DELETE_ROUTER (11) router str
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class CommandCodec {
    /** The layout version this codec writes and reads. */
    static final byte VERSION = 1;
    /** Bytes before the first command. */
    static final int HEADER_BYTES = 1 + 8 + 4;

    private static final int CREATE_GIVEN = 1;
    private static final int CREATE_VALUE = 2;
    private static final int HAS_CONFIG = 4;
    private static final int HAS_BEFORE = 1;
    private static final int HAS_MATCH = 2;
    private static final int MATCH_PREFIX = 4;

    /** A decoded entry. */
    record Entry(long leaderTimeMs, List<Command> commands) {
    }

    private CommandCodec() {
    }

    /**
     * Encodes one command as it appears inside an entry (kind, body length, body), so a proposer can measure
     * commands one at a time and join them with {@link #entry}.
     */
    static byte[] command(Command c) {
        WireWriter w = new WireWriter(c instanceof Command.Append a ? estimate(a.request()) : 64);
        w.putByte(c.kind());
        int lengthAt = w.reserve(4);
        int bodyStart = w.position();
        if (c instanceof Command.Append a) {
            writeAppend(w, a);
        } else if (c instanceof Command.Configure cfg) {
            w.putString(cfg.topic());
            ConfigWire.write(w, cfg.config());
        } else if (c instanceof Command.DeleteTopic d) {
            w.putString(d.topic()).putByte(d.condition() == DeleteIf.EMPTY ? 1 : 0);
        } else if (c instanceof Command.Delete d) {
            writeDelete(w, d);
        } else if (c instanceof Command.Claim cl) {
            writeClaim(w.putString(cl.topic()), cl.request());
        } else if (c instanceof Command.ClaimCohort co) {
            w.putString(co.topic()).putInt(co.requests().size());
            co.requests().forEach(r -> writeClaim(w, r));
        } else if (c instanceof Command.Lease l) {
            writeLease(w, l);
        } else if (c instanceof Command.PutRouter p) {
            writeRouter(w, p);
        } else if (c instanceof Command.DeleteRouter d) {
            w.putString(d.router());
        } else if (!(c instanceof Command.Tick)) {
            throw new IllegalArgumentException("unknown command " + c);
        }
        w.putIntAt(lengthAt, w.position() - bodyStart);
        return w.toByteArray();
    }

    /** Joins encoded commands into one entry stamped with {@code leaderTimeMs}. */
    static byte[] entry(long leaderTimeMs, List<byte[]> commands) {
        int size = HEADER_BYTES;
        for (byte[] c : commands) {
            size += c.length;
        }
        WireWriter w = new WireWriter(size);
        w.putByte(VERSION).putLong(leaderTimeMs).putInt(commands.size());
        for (byte[] c : commands) {
            w.putRaw(c);
        }
        return w.toByteArray();
    }

    /**
     * Decodes an entry. Record data is not copied: each record's {@code data} points into {@code bytes}, which the
     * caller must not change afterwards.
     *
     * @throws MalformedEntryException if the bytes do not follow the layout
     */
    static Entry decode(byte[] bytes) {
        WireReader r = new WireReader(bytes);
        int version = r.getByte("version");
        if (version != VERSION) {
            throw new MalformedEntryException("entry version " + version + ", this node reads version " + VERSION);
        }
        long time = r.getLong("leader time");
        int n = r.getInt("command count");
        if (n < 0 || n > r.remaining()) {
            throw new MalformedEntryException("command count " + n + " with " + r.remaining() + " bytes left");
        }
        List<Command> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.getByte("command kind");
            int length = r.getInt("command length");
            if (length < 0 || length > r.remaining()) {
                throw new MalformedEntryException("command " + i + " length " + length + ", " + r.remaining()
                        + " bytes left");
            }
            int end = r.position() + length;
            commands.add(readCommand(r, kind));
            if (r.position() != end) {
                throw new MalformedEntryException("command " + i + " (kind " + kind + ") ends at " + r.position()
                        + ", its length says " + end);
            }
        }
        if (r.remaining() != 0) {
            throw new MalformedEntryException(r.remaining() + " bytes after the last command");
        }
        return new Entry(time, commands);
    }

    private static Command readCommand(WireReader r, int kind) {
        switch (kind) {
            case Command.Append.KIND:
                return readAppend(r);
            case Command.Configure.KIND:
                return new Command.Configure(r.getString("topic"), ConfigWire.read(r));
            case Command.DeleteTopic.KIND:
                return new Command.DeleteTopic(r.getString("topic"),
                        r.getByte("condition") == 1 ? DeleteIf.EMPTY : DeleteIf.ALWAYS);
            case Command.Delete.KIND:
                return readDelete(r);
            case Command.Tick.KIND:
                return Command.TICK;
            case Command.Claim.KIND:
                return new Command.Claim(r.getString("topic"), readClaim(r));
            case Command.ClaimCohort.KIND: {
                String topic = r.getString("topic");
                int n = r.getInt("cohort size");
                if (n < 1 || n > r.remaining()) {
                    throw new MalformedEntryException("cohort size " + n + " with " + r.remaining() + " bytes left");
                }
                List<ClaimRequest> claims = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    claims.add(readClaim(r));
                }
                return new Command.ClaimCohort(topic, claims);
            }
            case Command.Lease.ACK:
            case Command.Lease.NACK:
            case Command.Lease.EXTEND:
                return readLease(r, (byte) kind);
            case Command.PutRouter.KIND:
                return readRouter(r);
            case Command.DeleteRouter.KIND:
                return new Command.DeleteRouter(r.getString("router"));
            default:
                throw new MalformedEntryException("unknown command kind " + kind);
        }
    }

    private static void writeAppend(WireWriter w, Command.Append a) {
        AppendRequest req = a.request();
        w.putString(a.topic());
        if (a.createRefusal() == null) {
            w.putByte(0);
        } else {
            w.putByte(1);
            ResultCodec.writeError(w, a.createRefusal());
        }
        int flags = (req.create() != null ? CREATE_GIVEN : 0) | (Boolean.TRUE.equals(req.create()) ? CREATE_VALUE : 0)
                | (req.config() != null ? HAS_CONFIG : 0);
        w.putByte(flags).putString(req.node()).putString(req.idempotencyKey());
        if (req.config() != null) {
            ConfigWire.write(w, req.config());
        }
        List<RecordInput> records = req.records();
        w.putInt(records.size());
        for (RecordInput rec : records) {
            w.putBytes(rec.dataArray(), rec.dataOffset(), rec.dataLength());
            w.putBytes(rec.meta()).putInt(MetaKeys.count(rec.meta()));
            w.putString(rec.tag()).putString(rec.node());
        }
    }

    private static Command.Append readAppend(WireReader r) {
        String topic = r.getString("topic");
        var refusal = r.getByte("create refusal") == 0 ? null : ResultCodec.readError(r);
        int flags = r.getByte("append flags");
        String node = r.getString("node");
        String key = r.getString("idempotency key");
        var config = (flags & HAS_CONFIG) != 0 ? ConfigWire.read(r) : null;
        Boolean create = (flags & CREATE_GIVEN) == 0 ? null : (flags & CREATE_VALUE) != 0;
        int n = r.getInt("record count");
        if (n < 0 || n > r.remaining()) {
            throw new MalformedEntryException("record count " + n + " with " + r.remaining() + " bytes left");
        }
        List<RecordInput> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] data = r.slice("record data");
            if (data == null) {
                throw new MalformedEntryException("record " + i + " has no data");
            }
            byte[] meta = r.getBytes("record meta");
            int keys = r.getInt("record meta keys");
            RecordInput rec = RecordInput.trusted(r.array(), data[0], data[1]);
            if (meta != null) {
                rec = rec.withTrustedMeta(meta, keys);
            }
            String tag = r.getString("record tag");
            String recNode = r.getString("record node");
            records.add(rec.withTag(tag).withNode(recNode));
        }
        return new Command.Append(topic, new AppendRequest(records, node, key, create, config), refusal);
    }

    private static void writeDelete(WireWriter w, Command.Delete d) {
        DeleteRequest req = d.request();
        TagMatch m = req.match();
        int flags = (req.beforeSeq() != null ? HAS_BEFORE : 0) | (m != null ? HAS_MATCH : 0)
                | (m != null && m.prefix() ? MATCH_PREFIX : 0);
        w.putString(d.topic()).putByte(flags);
        if (req.beforeSeq() != null) {
            w.putLong(req.beforeSeq());
        }
        if (m != null) {
            w.putString(m.value());
        }
    }

    private static Command.Delete readDelete(WireReader r) {
        String topic = r.getString("topic");
        int flags = r.getByte("delete flags");
        Long before = (flags & HAS_BEFORE) != 0 ? r.getLong("before_seq") : null;
        TagMatch match = null;
        if ((flags & HAS_MATCH) != 0) {
            String value = r.getString("match value");
            if (value == null) {
                throw new MalformedEntryException("delete match without a value");
            }
            match = new TagMatch((flags & MATCH_PREFIX) != 0, value);
        }
        return new Command.Delete(topic, new DeleteRequest(before, match));
    }

    private static void writeClaim(WireWriter w, ClaimRequest r) {
        w.putString(r.node()).putInt(r.max()).putLong(r.leaseMs() == null ? -1 : r.leaseMs());
    }

    private static ClaimRequest readClaim(WireReader r) {
        String node = r.getString("claim node");
        int max = r.getInt("claim max");
        long lease = r.getLong("claim lease_ms");
        if (max < 0 || lease < -1) {
            throw new MalformedEntryException("claim max " + max + ", lease_ms " + lease);
        }
        return new ClaimRequest(node, max, lease == -1 ? null : lease);
    }

    private static void writeLease(WireWriter w, Command.Lease l) {
        LeaseRequest r = l.request();
        w.putString(l.topic()).putString(r.node()).putInt(r.size());
        for (int i = 0; i < r.size(); i++) {
            w.putLong(r.seq(i));
        }
        List<String> ids = r.leaseIds();
        w.putBoolean(ids != null);
        if (ids != null) {
            ids.forEach(w::putString);
        }
        if (l.kind() != Command.Lease.ACK) {
            w.putLong(l.millis());
        }
    }

    private static Command.Lease readLease(WireReader r, byte kind) {
        String topic = r.getString("topic");
        String node = r.getString("lease node");
        int n = r.getInt("lease seq count");
        if (n < 1 || n > r.remaining() / 8) {
            throw new MalformedEntryException("lease seq count " + n + " with " + r.remaining() + " bytes left");
        }
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = r.getLong("lease seq");
            if (seqs[i] < 0) {
                throw new MalformedEntryException("negative lease seq " + seqs[i]);
            }
        }
        LeaseRequest request = LeaseRequest.of(node, seqs);
        if (r.getBoolean("lease ids given")) {
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = r.getString("lease id");
                if (id == null) {
                    throw new MalformedEntryException("lease id " + i + " is null");
                }
                ids.add(id);
            }
            request = request.withLeaseIds(ids);
        }
        long millis = kind == Command.Lease.ACK ? 0 : r.getLong("lease millis");
        return new Command.Lease(kind, topic, request, millis);
    }

    private static void writeRouter(WireWriter w, Command.PutRouter p) {
        RouterSpec s = p.spec();
        w.putString(p.router()).putString(s.source()).putString(s.dest())
                .putByte(RouterWire.flags(s.preserveNode(), s.preserveTag(), s.allowCycle(), s.createDest(), s.filter()));
        RouterWire.writeFilterAndGuarantee(w, s.filter(), s.guarantee());
    }

    private static Command.PutRouter readRouter(WireReader r) {
        String router = r.getString("router");
        String source = r.getString("router source");
        String dest = r.getString("router dest");
        int flags = r.getByte("router flags");
        TagMatch filter = RouterWire.readFilter(r, flags);
        RouterGuarantee g = RouterWire.readGuarantee(r);
        return new Command.PutRouter(router, new RouterSpec(source, dest, (flags & RouterWire.PRESERVE_NODE) != 0,
                (flags & RouterWire.PRESERVE_TAG) != 0, filter, (flags & RouterWire.ALLOW_CYCLE) != 0, g,
                (flags & RouterWire.CREATE_DEST) != 0));
    }

    private static int estimate(AppendRequest req) {
        long size = 128;
        for (RecordInput r : req.records()) {
            size += 32 + r.accountedSize() + (r.tag() == null ? 0 : r.tag().length())
                    + (r.node() == null ? 0 : r.node().length());
        }
        return (int) Math.min(size, 1 << 26);
    }
}
