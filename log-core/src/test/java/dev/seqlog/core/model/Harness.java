package dev.seqlog.core.model;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.Tombstone;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Runs {@link Step}s against the engine and the {@link LogModel} side by side, compares every answer and
 * checks the SEMANTICS §17 invariants after every step. Confined to one test.
 *
 * <p>Invariant coverage (numbers of SEMANTICS §17):
 * <ul>
 *   <li>1, 2, 3 — {@link #append}: seqs contiguous, first = previous head + 1, first write of an instance
 *       gets 1; a never-written topic reports head 0 (state comparison).</li>
 *   <li>4 — {@link #compareState}: next_seq = head + 1.</li>
 *   <li>5 — {@link #walk}: $ts non-decreasing along a full read.</li>
 *   <li>6 — {@link #compareDiff}: data, meta, tag and node of every record equal what was written.</li>
 *   <li>9, 10 — {@link #observe}: E ≤ H + 1 and neither decreases within an instance; {@link #walk}: the
 *       first record of a full read is E.</li>
 *   <li>11 — {@link #walk}: count and bytes equal what a full read from 0 returns.</li>
 *   <li>12, 13, 14, 15, 16, 19, 21, 22, 25 — {@link #compareDiff}, on every read.</li>
 *   <li>17 — {@link #delete}: a cursor without tombstone before a delete has none after it.</li>
 *   <li>18 — {@link #compareDiff}: a cap tombstone spans [from + 1, E - 1] and is followed by E.</li>
 *   <li>20 — {@link #walk}: complete accounting from cursor 0, with and without a node filter.</li>
 *   <li>23, 24 — {@link #append}: caps hold after writes; topic_full (and any refused write) changes
 *       nothing.</li>
 *   <li>26, 27 — {@link #observe} / {@link #compareDiff}: nothing below an observed E and no deleted seq
 *       is ever returned again (also across raised TTLs); count drops by {@code deleted}.</li>
 *   <li>28, 29 — delete selection compared with the model, records appended later stay readable.</li>
 *   <li>30 — {@link #delete}: head unchanged.</li>
 *   <li>31 — {@link #append}: a key repeated within the window returns the original seqs, deduped.</li>
 *   <li>32 — {@link #checkAll}: a recreated topic restarts at seq 1 and is listed exactly once.</li>
 *   <li>54, 55, 56 — {@link #restart} (durable mode): after a clean restart every topic and its
 *       configuration is back, an {@code ephemeral} topic has count 0, its head and a {@code restart}
 *       tombstone below it, every other class answers every cursor exactly as before the stop, and the
 *       next write continues at head + 1.</li>
 * </ul>
 *
 * <p>Every step is followed by state reads and full reads of every topic at the current clock, so TTL is
 * evaluated at every clock value in both the engine and the model; the tests therefore never depend on
 * how lazily an implementation evaluates expiry. Where SEMANTICS leaves a result open (an idempotency
 * entry that lapsed under an earlier, smaller window or before a backwards clock jump, see
 * {@link LogModel#dedupeAmbiguous}), the engine's choice is accepted and the model follows it.
 */
final class Harness implements AutoCloseable {
    static final String[] TOPICS = {"t0", "t1"};
    static final long START = 1_700_000_000_000L;

    final TestClock clock = new TestClock(START);
    final LogModel model = new LogModel();
    SeqlogEngine engine;
    private final int segmentMaxRecords;
    private final Path dataDir;
    private final int walkLimit;
    private final long[][] readers = new long[TOPICS.length][2];
    private final Map<String, Seen> seen = new HashMap<>();
    private final List<String> trace = new ArrayList<>();
    private final Set<String> events = new TreeSet<>();

    /** What has been observed of one topic instance. */
    private static final class Seen {
        final int instance;
        long maxHead;
        long maxEarliest = 1;
        final BitSet deleted = new BitSet();

        Seen(int instance) {
            this.instance = instance;
        }
    }

    /**
     * Opens an engine.
     *
     * @param segmentMaxRecords records per segment (small values exercise segment boundaries)
     * @param walkLimit the record limit used by the full reads after every step
     */
    Harness(int segmentMaxRecords, int walkLimit) {
        this(segmentMaxRecords, walkLimit, null, 1);
    }

    /**
     * Opens an engine, durable when {@code dataDir} is given; only a durable harness runs {@link Step.Restart}.
     *
     * @param segmentMaxRecords records per segment (small values exercise segment boundaries)
     * @param walkLimit the record limit used by the full reads after every step
     * @param dataDir an empty data directory, or null for the in-memory engine
     * @param walShards WAL shards of the first engine (ignored in memory)
     */
    Harness(int segmentMaxRecords, int walkLimit, Path dataDir, int walShards) {
        this.segmentMaxRecords = segmentMaxRecords;
        this.dataDir = dataDir;
        this.walkLimit = walkLimit;
        this.engine = open(walShards);
    }

    private SeqlogEngine open(int walShards) {
        EngineOptions.Builder b = EngineOptions.builder().clock(clock).backgroundExpiry(false)
                .backgroundCheckpoints(false).segmentMaxRecords(segmentMaxRecords);
        if (dataDir != null) {
            b.dataDir(dataDir).walShards(walShards).walFileBytes(65536);
        }
        return SeqlogEngine.open(b.build());
    }

    @Override
    public void close() {
        engine.close();
    }

    /** @return the kinds of interesting outcomes seen so far (tombstone reasons, refusals, dedupes, ...) */
    Set<String> events() {
        return events;
    }

    /** Runs all steps, checking after each. */
    void runAll(List<Step> steps) {
        for (Step s : steps) {
            run(s);
        }
    }

    /** Runs one step and checks every invariant afterwards. */
    void run(Step s) {
        trace.add(s.toString());
        if (s instanceof Step.Append a) {
            append(a);
        } else if (s instanceof Step.Read r) {
            read(r);
        } else if (s instanceof Step.ReadNext r) {
            readNext(r);
        } else if (s instanceof Step.Delete d) {
            delete(d);
        } else if (s instanceof Step.Configure c) {
            configure(c);
        } else if (s instanceof Step.Advance a) {
            clock.advance(a.ms());
        } else if (s instanceof Step.DropTopic d) {
            dropTopic(TOPICS[d.topic()], d.ifEmpty());
        } else if (s instanceof Step.Recreate r) {
            dropTopic(TOPICS[r.topic()], false);
            configure(TOPICS[r.topic()], TopicConfig.builder().durability(r.durability()).build());
        } else if (s instanceof Step.Restart r) {
            restart(r.walShards());
        } else if (s instanceof Step.Checkpoint) {
            check(dataDir != null, "a checkpoint needs the durable harness");
            engine.checkpoint();
            events.add("checkpoint");
        } else {
            throw new IllegalArgumentException(String.valueOf(s));
        }
        checkAll();
    }

    // ------------------------------------------------------------------------------------------ steps

    private void append(Step.Append a) {
        String name = TOPICS[a.topic()];
        long now = clock.millis();
        LogModel.Topic before = model.topic(name);
        long headBefore = before == null ? 0 : before.head;
        boolean newInstance = before == null;
        TopicState stateBefore = null;
        if (before != null) {
            model.state(name, now);
            stateBefore = engine.state(name);
        }
        AppendRequest.Builder b = AppendRequest.builder().node(a.batchNode()).idempotencyKey(a.key())
                .create(a.create());
        for (RecSpec r : a.records()) {
            RecordInput in = RecordInput.json(r.data().input());
            if (r.meta() != null) {
                in = in.withMeta(r.meta().input());
            }
            b.add(in.withTag(r.tag()).withNode(r.node()));
        }
        LogModel.AppendOutcome want;
        AppendResult got;
        if (model.dedupeAmbiguous(name, a.key(), now)) {
            events.add("append:dedupe-ambiguous");
            AppendResult engineFirst = null;
            SeqlogException engineError = null;
            try {
                engineFirst = engine.append(name, b.build());
            } catch (SeqlogException e) {
                engineError = e;
            }
            want = model.append(name, a.records(), a.batchNode(), a.key(), a.create(), now,
                    engineFirst != null && engineFirst.deduped());
            AppendResult result = engineFirst;
            SeqlogException error = engineError;
            got = expect("append " + name, want.error(), () -> {
                if (error != null) {
                    throw error;
                }
                return result;
            });
        } else {
            want = model.append(name, a.records(), a.batchNode(), a.key(), a.create(), now, false);
            got = expect("append " + name, want.error(), () -> engine.append(name, b.build()));
        }
        int n = a.records().size();
        events.add(want.error() != null ? "append:" + want.error() : want.deduped() ? "append:deduped" : "append:ok");
        if (want.error() != null) {
            if (stateBefore != null) {
                TopicState after = engine.state(name);
                check(after.headSeq() == stateBefore.headSeq() && after.count() == stateBefore.count()
                        && after.bytes() == stateBefore.bytes(), "inv 24: refused write (" + want.error()
                        + ") changed the topic: " + stateBefore + " -> " + after);
            }
            return;
        }
        check(got.firstSeq() == want.first() && got.lastSeq() == want.last() && got.headSeq() == want.head()
                && got.deduped() == want.deduped() && got.created() == want.created() && got.count() == n,
                "append result differs: engine " + got + " model " + want);
        if (got.deduped()) {
            check(got.headSeq() == headBefore, "inv 31: a deduplicated write moved the head");
        } else {
            check(got.lastSeq() - got.firstSeq() + 1 == n, "inv 1: seqs not contiguous: " + got);
            check(got.firstSeq() == headBefore + 1, "inv 2: seqs do not follow the previous write: " + got);
            check(!newInstance || got.firstSeq() == 1, "inv 3/32: first write of an instance is not seq 1: " + got);
        }
        TopicConfig cfg = model.topic(name).config;
        TopicState after = engine.state(name);
        if (cfg.discard() == Discard.REJECT && !got.deduped()
                && (after.count() == cfg.capRecords() || after.bytes() == cfg.capBytes())) {
            events.add("append:reject-topic-filled-exactly");
        }
        check(cfg.capRecords() == 0 || after.count() <= cfg.capRecords(), "inv 23: count over cap_records: " + after);
        check(cfg.capBytes() == 0 || after.bytes() <= cfg.capBytes(), "inv 23: bytes over cap_bytes: " + after);
    }

    private void read(Step.Read r) {
        String name = TOPICS[r.topic()];
        long from = resolve(name, r.from());
        DiffRequest req = new DiffRequest(from, r.limit(), r.nodes(), r.tags(), r.meta(), r.budget());
        diffAndCompare(name, req);
    }

    private void readNext(Step.ReadNext r) {
        String name = TOPICS[r.topic()];
        DiffRequest req = new DiffRequest(readers[r.topic()][r.reader()], r.limit(), r.nodes(), true, true, r.budget());
        DiffResult got = diffAndCompare(name, req);
        if (got != null) {
            readers[r.topic()][r.reader()] = got.nextFromSeq();
        }
    }

    private void delete(Step.Delete d) {
        String name = TOPICS[d.topic()];
        long now = clock.millis();
        Long before = d.before() == null ? null : resolve(name, d.before());
        LogModel.Topic t = model.topic(name);
        if (t == null) {
            LogModel.DeleteOutcome want = model.delete(name, before, d.match(), now);
            expect("delete", want.error(), () -> engine.delete(name, new DeleteRequest(before, d.match())));
            return;
        }
        // invariant 17: probe cursors that see no tombstone now; the delete must not give them one
        Set<Long> probes = new TreeSet<>();
        probes.add(0L);
        probes.add(Math.max(0, t.earliest() - 1));
        probes.add(t.head);
        probes.add(readers[d.topic()][0]);
        probes.add(readers[d.topic()][1]);
        List<Long> quiet = new ArrayList<>();
        for (long c : probes) {
            DiffResult r = diffAndCompare(name, DiffRequest.from(c));
            if (r.tombstone() == null) {
                quiet.add(c);
            }
        }
        model.state(name, now);
        TopicState stateBefore = engine.state(name);
        Set<Long> liveBefore = liveSeqs(t);
        LogModel.DeleteOutcome want = model.delete(name, before, d.match(), now);
        DeleteResult got = engine.delete(name, new DeleteRequest(before, d.match()));
        check(got.deleted() == want.deleted() && got.earliestSeq() == want.earliest() && got.headSeq() == want.head()
                && got.count() == want.count() && got.bytes() == want.bytes(),
                "delete result differs: engine " + got + " model " + want);
        events.add(got.deleted() > 0 ? "delete:removed" : "delete:none");
        check(got.headSeq() == stateBefore.headSeq(), "inv 30: delete changed head_seq");
        check(stateBefore.count() - got.deleted() == got.count(), "inv 27: count did not drop by deleted");
        observe(name, got.headSeq(), got.earliestSeq());
        Seen s = seen(name);
        Set<Long> liveAfter = liveSeqs(t);
        for (long seq : liveBefore) {
            if (!liveAfter.contains(seq)) {
                s.deleted.set((int) seq);
            }
        }
        for (long c : quiet) {
            DiffResult r = diffAndCompare(name, DiffRequest.from(c));
            check(r.tombstone() == null, "inv 17: delete caused a tombstone for cursor " + c + ": " + r.tombstone());
        }
    }

    private static Set<Long> liveSeqs(LogModel.Topic t) {
        Set<Long> live = new HashSet<>();
        for (LogModel.Rec r : t.recs.values()) {
            if (r.state == LogModel.State.LIVE) {
                live.add(r.seq);
            }
        }
        return live;
    }

    private void configure(Step.Configure c) {
        String name = TOPICS[c.topic()];
        Durability cls = model.classFor(name, c.durability());
        TopicConfig cfg = TopicConfig.builder().ttlMs(c.ttlMs()).capRecords(c.capRecords()).capBytes(c.capBytes())
                .discard(c.discard()).dedupeNode(c.dedupeNode()).idempotencyWindowMs(c.windowMs()).durability(cls)
                .build();
        configure(name, cfg);
    }

    private void configure(String name, TopicConfig cfg) {
        boolean wantCreated = model.configure(name, cfg, clock.millis());
        ConfigureResult got = engine.configure(name, cfg);
        check(got.created() == wantCreated, "configure created=" + got.created() + ", model " + wantCreated);
        check(got.config().equals(cfg), "configure returned " + got.config() + " for " + cfg);
    }

    private void dropTopic(String name, boolean ifEmpty) {
        boolean[] want = new boolean[1];
        ErrorCode error = model.deleteTopic(name, ifEmpty, clock.millis(), want);
        TopicDeletion got = expect("deleteTopic " + name, error, () -> engine.deleteTopic(name,
                ifEmpty ? DeleteIf.EMPTY : DeleteIf.ALWAYS));
        if (error == null) {
            events.add(want[0] ? "dropTopic:deleted" : "dropTopic:absent");
            check(got.deleted() == want[0], "deleteTopic deleted=" + got.deleted() + ", model " + want[0]);
        } else {
            events.add("dropTopic:" + error);
        }
    }

    /**
     * A clean close and a reopen on the same data directory. Before the stop every topic's answers are
     * captured (state, configuration and a short read from every cursor in [0, H + 1]); after the start the
     * engine must give the same answers for every class but {@code ephemeral}, and the model's answers for
     * all classes, at every cursor.
     */
    private void restart(int walShards) {
        check(dataDir != null, "a restart needs the durable harness");
        Map<String, Snapshot> before = new LinkedHashMap<>();
        for (String name : TOPICS) {
            if (model.topic(name) != null) {
                before.put(name, snapshot(name));
            }
        }
        engine.close();
        model.restart();
        engine = open(walShards);
        events.add("restart");
        for (Map.Entry<String, Snapshot> e : before.entrySet()) {
            String name = e.getKey();
            Snapshot was = e.getValue();
            LogModel.Topic t = model.topic(name);
            Durability cls = t.config.durability();
            events.add("restart:" + cls.wireName() + (was.state.count() > 0 ? ":with-records" : ":empty"));
            TopicState now = expect("state " + name + " after restart", null, () -> engine.state(name));
            check(sameSettings(now.config(), was.state.config()), "inv 55: configuration of " + name
                    + " changed across a restart: " + was.state.config() + " -> " + now.config());
            check(now.headSeq() == was.state.headSeq(), "inv 54/56: head_seq of " + cls.wireName() + " topic "
                    + name + " changed across a clean restart: " + was.state.headSeq() + " -> " + now.headSeq());
            if (cls == Durability.EPHEMERAL) {
                check(now.count() == 0 && now.bytes() == 0 && now.earliestSeq() == now.headSeq() + 1,
                        "inv 54: ephemeral topic " + name + " kept records across a restart: " + now);
                if (now.headSeq() > 0) {
                    DiffResult r = engine.diff(name, DiffRequest.from(0));
                    check(r.tombstone() != null && r.tombstone().gapFrom() == 1
                            && r.tombstone().gapTo() == now.headSeq(), "inv 54: reader at 0 of ephemeral topic "
                            + name + " got " + describe(r));
                }
                continue;
            }
            check(now.earliestSeq() == was.state.earliestSeq() && now.count() == was.state.count()
                    && now.bytes() == was.state.bytes(), "state of " + cls.wireName() + " topic " + name
                    + " changed across a clean restart: " + was.state + " -> " + now);
            Snapshot is = snapshot(name);
            for (int c = 0; c < was.reads.size(); c++) {
                String a = was.reads.get(c);
                String b = is.reads.get(c);
                check(a.equals(b) || a.equals(b.replace("reason=MIXED", "reason=" + was.reasons.get(c))),
                        "read from " + c + " of " + cls.wireName() + " topic " + name
                        + " changed across a clean restart:\n  before: " + a + "\n  after:  " + b);
            }
        }
        // the model's answer at every cursor, not only along the walks of checkAll
        for (String name : TOPICS) {
            LogModel.Topic t = model.topic(name);
            if (t != null) {
                for (long c = 0; c <= t.head + 1; c++) {
                    diffAndCompare(name, new DiffRequest(c, 2, Set.of(), true, true, 0));
                }
            }
        }
    }

    /** What the engine answers for one topic. */
    private record Snapshot(TopicState state, List<String> reads, List<TombstoneReason> reasons) {
    }

    private Snapshot snapshot(String name) {
        TopicState st = engine.state(name);
        List<String> reads = new ArrayList<>();
        List<TombstoneReason> reasons = new ArrayList<>();
        for (long c = 0; c <= st.headSeq() + 1; c++) {
            DiffResult r = engine.diff(name, new DiffRequest(c, 3, Set.of(), true, true, 0));
            reads.add(full(r));
            reasons.add(r.tombstone() == null ? null : r.tombstone().reason());
        }
        return new Snapshot(st, reads, reasons);
    }

    /** Every field of a read answer, records included, but the tombstone's estimate (§6.3: need not be exact). */
    private static String full(DiffResult r) {
        StringBuilder sb = new StringBuilder("next=").append(r.nextFromSeq()).append(" head=").append(r.headSeq())
                .append(" earliest=").append(r.earliestSeq()).append(" caught_up=").append(r.caughtUp());
        Tombstone t = r.tombstone();
        if (t != null) {
            sb.append(" tomb=[").append(t.gapFrom()).append(',').append(t.gapTo()).append(" reason=")
                    .append(t.reason()).append(']');
        }
        for (TopicRecord rec : r.records()) {
            sb.append(" #").append(rec.seq()).append('@').append(rec.ts()).append(' ').append(rec.dataString())
                    .append(" meta=").append(rec.metaString()).append(" tag=").append(rec.tag()).append(" node=")
                    .append(rec.node());
        }
        return sb.toString();
    }

    private long resolve(String name, Step.Pos p) {
        LogModel.Topic t = model.topic(name);
        long h = t == null ? 0 : t.head;
        long e = t == null ? 1 : t.earliest();
        long base = switch (p.base()) {
            case ZERO -> 0;
            case EARLIEST -> e - 1;
            case HEAD -> h;
        };
        return Math.max(0, base + p.offset());
    }

    // ------------------------------------------------------------------------------------------ checks

    /** Compares state and walks every topic; checks the listing. */
    void checkAll() {
        for (String name : TOPICS) {
            long now = clock.millis();
            LogModel.StateOutcome want = model.state(name, now);
            TopicState got = expect("state " + name, want.error(), () -> engine.state(name));
            if (want.error() != null) {
                expect("diff " + name, ErrorCode.TOPIC_NOT_FOUND, () -> engine.diff(name, DiffRequest.from(0)));
                continue;
            }
            compareState(name, got, want);
            walk(name, Set.of(), walkLimit, 0);
            walk(name, Set.of("n1"), Math.max(1, walkLimit / 2), 10);
        }
        List<String> listed = new ArrayList<>();
        for (TopicState s : engine.list(ListRequest.all()).topics()) {
            listed.add(s.topic());
        }
        List<String> expected = new ArrayList<>(new TreeSet<>(model.names()));
        check(listed.equals(expected), "inv 32: list shows " + listed + ", expected " + expected);
    }

    private void compareState(String name, TopicState got, LogModel.StateOutcome want) {
        check(got.headSeq() == want.head() && got.earliestSeq() == want.earliest() && got.count() == want.count()
                && got.bytes() == want.bytes(), "state of " + name + " differs: engine head=" + got.headSeq()
                + " earliest=" + got.earliestSeq() + " count=" + got.count() + " bytes=" + got.bytes() + "; model "
                + want + "; model records " + model.topic(name).recs.values());
        check(got.nextSeq() == got.headSeq() + 1, "inv 4: next_seq != head_seq + 1");
        check(sameSettings(got.config(), model.topic(name).config), "inv 55: configuration of " + name
                + " differs: engine " + got.config() + "; model " + model.topic(name).config);
        observe(name, got.headSeq(), got.earliestSeq());
    }

    /** Compares the configuration fields the steps set (priority is runtime scheduling state, not compared). */
    private static boolean sameSettings(TopicConfig a, TopicConfig b) {
        return a.ttlMs() == b.ttlMs() && a.capRecords() == b.capRecords() && a.capBytes() == b.capBytes()
                && a.discard() == b.discard() && a.dedupeNode() == b.dedupeNode()
                && a.idempotencyWindowMs() == b.idempotencyWindowMs() && a.durability() == b.durability()
                && a.type() == b.type() && a.autoCreate() == b.autoCreate();
    }

    /** Invariant 20: reads from 0 until caught up account for every seq in [1, H] exactly once. */
    private void walk(String name, Set<String> nodes, int limit, long budget) {
        LogModel.Topic t = model.topic(name);
        long h = t.head;
        BitSet accounted = new BitSet();
        long cursor = 0;
        long delivered = 0;
        long bytes = 0;
        long firstDelivered = -1;
        long lastTs = Long.MIN_VALUE;
        for (long round = 0; ; round++) {
            check(round <= h + 2, "inv 20: full read of " + name + " did not catch up after " + round + " reads");
            DiffRequest req = new DiffRequest(cursor, limit, nodes, true, true, budget);
            DiffResult r = diffAndCompare(name, req);
            long eff = cursor;
            if (r.tombstone() != null) {
                for (long s = r.tombstone().gapFrom(); s <= r.tombstone().gapTo(); s++) {
                    check(s >= 1 && s <= h && !accounted.get((int) s), "inv 20: seq " + s + " accounted twice or out of range");
                    accounted.set((int) s);
                }
                eff = r.tombstone().gapTo();
            }
            Set<Long> got = new HashSet<>();
            for (TopicRecord rec : r.records()) {
                got.add(rec.seq());
                check(rec.ts() >= lastTs, "inv 5: $ts decreases at seq " + rec.seq());
                lastTs = rec.ts();
                if (firstDelivered < 0) {
                    firstDelivered = rec.seq();
                }
                delivered++;
                bytes += rec.data().length + (rec.meta() == null ? 0 : rec.meta().length);
            }
            for (long s = eff + 1; s <= r.nextFromSeq(); s++) {
                check(s >= 1 && s <= h && !accounted.get((int) s), "inv 20: seq " + s + " accounted twice or out of range");
                accounted.set((int) s);
                if (!got.contains(s)) {
                    LogModel.Rec m = t.recs.get(s);
                    boolean filtered = m.state == LogModel.State.LIVE && m.node != null && nodes.contains(m.node)
                            && t.config.dedupeNode();
                    events.add(filtered ? "skip:node" : "skip:deleted");
                    check(m.state == LogModel.State.DELETED || filtered, "inv 20: live seq " + s + " skipped: " + m);
                }
            }
            if (r.caughtUp()) {
                break;
            }
            check(r.nextFromSeq() > cursor || r.tombstone() != null, "inv 20: no progress at cursor " + cursor);
            cursor = r.nextFromSeq();
        }
        check(accounted.cardinality() == h && (h == 0 || accounted.nextClearBit(1) == h + 1),
                "inv 20: seqs of [1, " + h + "] not all accounted: " + accounted);
        if (nodes.isEmpty()) {
            LogModel.StateOutcome st = model.state(name, clock.millis());
            TopicState es = engine.state(name);
            check(es.count() == delivered && es.bytes() == bytes, "inv 11: count/bytes " + es.count() + "/"
                    + es.bytes() + " but a full read returned " + delivered + "/" + bytes);
            check(firstDelivered < 0 ? es.earliestSeq() == es.headSeq() + 1 : es.earliestSeq() == firstDelivered,
                    "inv 9: earliest_seq " + es.earliestSeq() + " but a full read starts at " + firstDelivered);
            check(st.count() == delivered, "model count disagrees with its own read");
        }
    }

    /** Runs one diff on both sides and compares; returns the engine's answer (null if the topic is absent). */
    DiffResult diffAndCompare(String name, DiffRequest req) {
        LogModel.DiffOutcome want = model.diff(name, req.fromSeq(), req.limit(), req.nodes(), req.maxBatchBytes(),
                clock.millis());
        DiffResult got = expect("diff " + name + " " + req, want.error(), () -> engine.diff(name, req));
        if (want.error() != null) {
            return null;
        }
        compareDiff(name, req, got, want);
        return got;
    }

    private void compareDiff(String name, DiffRequest req, DiffResult got, LogModel.DiffOutcome want) {
        String ctx = "diff " + name + " " + req + "\n  engine: " + describe(got) + "\n  model:  " + describe(want)
                + "\n  model records: " + model.topic(name).recs.values();
        LogModel.Topic t = model.topic(name);
        long now = clock.millis();
        check(got.headSeq() == want.head() && got.earliestSeq() == want.earliest(), "watermarks differ; " + ctx);
        check(got.nextFromSeq() == want.next(), "next_from_seq differs; " + ctx);
        check(got.caughtUp() == want.caughtUp() && got.lag() == want.lag(), "caught_up/lag differ; " + ctx);
        check(got.caughtUp() == (got.nextFromSeq() == got.headSeq()) && got.lag() == got.headSeq() - got.nextFromSeq(),
                "inv 13; " + ctx);
        Tombstone ts = got.tombstone();
        LogModel.Tomb wt = want.tomb();
        check((ts == null) == (wt == null), "tombstone presence differs; " + ctx);
        if (ts != null) {
            events.add("tombstone:" + ts.reason());
            check(ts.gapFrom() == wt.gapFrom() && ts.gapTo() == wt.gapTo() && wt.allows(ts.reason()),
                    "tombstone differs; " + ctx);
            if (ts.reason() != wt.reason()) {
                events.add("tombstone:" + ts.reason() + "-for-" + wt.reason());
            }
            check(ts.earliestSeq() == got.earliestSeq() && ts.headSeq() == got.headSeq(),
                    "tombstone watermarks differ from the response; " + ctx);
            long size = ts.gapTo() - ts.gapFrom() + 1;
            check(size <= 0 ? ts.missedEstimate() == 0 : ts.missedEstimate() >= 1 && ts.missedEstimate() <= size,
                    "missed_estimate " + ts.missedEstimate() + " outside [1, gap size]; " + ctx);
            // inv 15 / 19
            check(ts.reason() == TombstoneReason.RECREATED ? ts.gapFrom() == 1 : ts.gapFrom() == req.fromSeq() + 1,
                    "inv 15: gap_from is not the effective cursor + 1; " + ctx);
            // inv 18: a cap (or any floor) tombstone ends just below E and reading resumes at E
            if (ts.reason() != TombstoneReason.RECREATED) {
                check(ts.gapTo() == got.earliestSeq() - 1, "inv 18: gap_to != earliest_seq - 1; " + ctx);
                boolean unfiltered = req.nodes().isEmpty() || !t.config.dedupeNode();
                check(got.records().isEmpty() || !unfiltered || got.records().get(0).seq() == got.earliestSeq(),
                        "inv 18: first record after the tombstone is not earliest_seq; " + ctx);
            }
        }
        if (req.fromSeq() > got.headSeq()) {
            check(ts != null && ts.reason() == TombstoneReason.RECREATED && ts.gapFrom() == 1, "inv 19; " + ctx);
        } else {
            check(got.nextFromSeq() >= req.fromSeq(), "inv 14: next_from_seq < from_seq; " + ctx);
        }
        long c = req.fromSeq();
        if (c <= t.head && c + 1 >= t.floor() && c + 1 < t.earliest()) {
            check(ts == null, "inv 16: cursor below E only through deletes got a tombstone; " + ctx);
        }
        // records
        check(got.records().size() == want.records().size() && got.delivered() == got.records().size(),
                "record count differs; " + ctx);
        int limit = Math.min(req.limit(), LogModel.MAX_LIMIT);
        check(got.records().size() <= limit, "inv 12: more than limit records; " + ctx);
        check(want.records().isEmpty() || !got.records().isEmpty(), "inv 22: no record though one is deliverable; "
                + ctx);
        long prev = ts == null ? req.fromSeq() : want.effectiveCursor();
        Seen s = seen(name);
        for (int i = 0; i < got.records().size(); i++) {
            TopicRecord g = got.records().get(i);
            LogModel.Rec w = want.records().get(i);
            check(g.seq() > prev && g.seq() <= got.headSeq(), "inv 12: records not ascending within (cursor, head]; "
                    + ctx);
            prev = g.seq();
            check(g.seq() == w.seq && g.ts() == w.ts, "record seq/ts differs at " + i + "; " + ctx);
            check(g.dataString().equals(w.data), "inv 6: data differs at seq " + g.seq() + ": " + g.dataString()
                    + " vs " + w.data);
            check(Objects.equals(g.node(), w.node), "inv 6: node differs at seq " + g.seq() + "; " + ctx);
            check(Objects.equals(g.tag(), req.includeTags() ? w.tag : null), "inv 6: tag differs at seq " + g.seq()
                    + "; " + ctx);
            check(Objects.equals(g.metaString(), req.includeMeta() ? w.meta : null), "inv 6: meta differs at seq "
                    + g.seq() + "; " + ctx);
            if (t.config.dedupeNode()) {
                check(g.node() == null || !req.nodes().contains(g.node()), "inv 21: own node delivered; " + ctx);
            }
            if (t.config.ttlMs() > 0) {
                check(now - g.ts() <= t.config.ttlMs(), "inv 25: expired record delivered; " + ctx);
            }
            check(g.seq() >= s.maxEarliest, "inv 26: seq " + g.seq() + " below an earlier earliest_seq "
                    + s.maxEarliest + " returned; " + ctx);
            check(!s.deleted.get((int) g.seq()), "inv 27: deleted seq " + g.seq() + " returned; " + ctx);
        }
        if (!t.config.dedupeNode()) {
            for (LogModel.Rec w : want.records()) {
                check(w.node == null || got.records().stream().anyMatch(g -> g.seq() == w.seq),
                        "inv 21: node-matching record withheld on a dedupe_node=false topic; " + ctx);
            }
        }
        observe(name, got.headSeq(), got.earliestSeq());
    }

    /** Invariants 9 and 10 for any reported watermarks. */
    private void observe(String name, long head, long earliest) {
        Seen s = seen(name);
        check(earliest <= head + 1, "inv 9: earliest_seq " + earliest + " > head_seq + 1 (" + head + ")");
        check(head >= s.maxHead, "inv 10: head_seq of " + name + " decreased from " + s.maxHead + " to " + head);
        check(earliest >= s.maxEarliest, "inv 10: earliest_seq of " + name + " decreased from " + s.maxEarliest
                + " to " + earliest);
        s.maxHead = head;
        s.maxEarliest = earliest;
    }

    private Seen seen(String name) {
        int instance = model.topic(name).instance;
        Seen s = seen.get(name);
        if (s == null || s.instance != instance) {
            s = new Seen(instance);
            seen.put(name, s);
        }
        return s;
    }

    private <T> T expect(String what, ErrorCode code, Supplier<T> call) {
        if (code == null) {
            try {
                return call.get();
            } catch (SeqlogException e) {
                throw fail(what + ": engine failed with " + e.code() + " (" + e.getMessage() + "), model expects success");
            }
        }
        try {
            T r = call.get();
            throw fail(what + ": engine succeeded with " + r + ", model expects " + code);
        } catch (SeqlogException e) {
            check(e.code() == code, what + ": engine failed with " + e.code() + ", model expects " + code);
            return null;
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw fail(message);
        }
    }

    private AssertionError fail(String message) {
        StringBuilder sb = new StringBuilder(message).append("\nclock=").append(clock.millis() - START)
                .append(" ms after start; steps so far:");
        for (int i = 0; i < trace.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(trace.get(i));
        }
        return new AssertionError(sb.toString());
    }

    private static String describe(DiffResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("next=").append(r.nextFromSeq()).append(" head=").append(r.headSeq()).append(" earliest=")
                .append(r.earliestSeq()).append(" tomb=");
        Tombstone t = r.tombstone();
        sb.append(t == null ? "null" : "[" + t.gapFrom() + "," + t.gapTo() + " " + t.reason() + " est="
                + t.missedEstimate() + "]");
        sb.append(" seqs=");
        List<Long> seqs = new ArrayList<>();
        for (TopicRecord rec : r.records()) {
            seqs.add(rec.seq());
        }
        return sb.append(seqs).toString();
    }

    private static String describe(LogModel.DiffOutcome r) {
        StringBuilder sb = new StringBuilder();
        sb.append("next=").append(r.next()).append(" head=").append(r.head()).append(" earliest=")
                .append(r.earliest()).append(" tomb=");
        LogModel.Tomb t = r.tomb();
        sb.append(t == null ? "null" : "[" + t.gapFrom() + "," + t.gapTo() + " " + t.reason() + "]");
        sb.append(" seqs=");
        List<Long> seqs = new ArrayList<>();
        for (LogModel.Rec rec : r.records()) {
            seqs.add(rec.seq);
        }
        return sb.append(seqs).toString();
    }
}
