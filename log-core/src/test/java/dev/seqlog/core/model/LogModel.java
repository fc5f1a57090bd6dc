package dev.seqlog.core.model;

import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference model: topics as plain ordered maps of records with the watermarks of SEMANTICS §5, the
 * read procedure of §6.2 and clean restarts (§4.2, §10, §14), written for obviousness rather than speed.
 */
final class LogModel {
    /** Largest record limit of a read (API §4, {@code SEQLOG_MAX_LIMIT}). */
    static final int MAX_LIMIT = 1000;

    /** Per-seq state (SEMANTICS §5.1; evicted, expired and lost in a restart are the "below floor" causes). */
    enum State { LIVE, DELETED, EVICTED, EXPIRED, LOST }

    /** One record of the model with its current state. */
    static final class Rec {
        final long seq;
        final long ts;
        final String data;
        final String meta;
        final String tag;
        final String node;
        final long size;
        State state = State.LIVE;

        Rec(long seq, long ts, RecSpec spec, String node) {
            this.seq = seq;
            this.ts = ts;
            this.data = spec.data().compact();
            this.meta = spec.meta() == null ? null : spec.meta().compact();
            this.tag = spec.tag();
            this.node = node;
            this.size = spec.size();
        }

        @Override
        public String toString() {
            return "#" + seq + "@" + ts + "[" + state + "] " + data + " tag=" + tag + " node=" + node;
        }
    }

    /**
     * A remembered idempotency key (SEMANTICS §10).
     *
     * @param first first seq of the write
     * @param last last seq of the write
     * @param at clock time of the commit
     * @param lapsed whether at some operation since the commit its age had reached the window then in force
     */
    record Remembered(long first, long last, long at, boolean lapsed) {
    }

    /** One topic instance. */
    static final class Topic {
        final int instance;
        TopicConfig config;
        final TreeMap<Long, Rec> recs = new TreeMap<>();
        final Map<String, Remembered> keys = new HashMap<>();
        long head;
        long lastTs = Long.MIN_VALUE;
        long capFloor = 1;
        long ttlFloor = 1;
        long restartFloor = 1;
        /** Whether this instance has been through a restart (tombstone reasons become best-effort, §6.4). */
        boolean restarted;

        Topic(int instance, TopicConfig config) {
            this.instance = instance;
            this.config = config;
        }

        long count() {
            long n = 0;
            for (Rec r : recs.values()) {
                if (r.state == State.LIVE) {
                    n++;
                }
            }
            return n;
        }

        long bytes() {
            long n = 0;
            for (Rec r : recs.values()) {
                if (r.state == State.LIVE) {
                    n += r.size;
                }
            }
            return n;
        }

        /** @return E: the lowest live seq, or H + 1 */
        long earliest() {
            for (Rec r : recs.values()) {
                if (r.state == State.LIVE) {
                    return r.seq;
                }
            }
            return head + 1;
        }

        /** @return F: the maximum of the sub-floors, clamped to [1, H + 1] */
        long floor() {
            return Math.max(1, Math.min(head + 1, Math.max(capFloor, Math.max(ttlFloor, restartFloor))));
        }

        /**
         * Applies TTL expiry at {@code now} (SEMANTICS §7.2): sticky, live records only. Also notes which
         * idempotency entries have reached their window at this instant.
         */
        void expire(long now) {
            long window = config.idempotencyWindowMs();
            keys.replaceAll((k, r) -> r.lapsed() || now - r.at() < window ? r
                    : new Remembered(r.first(), r.last(), r.at(), true));
            long ttl = config.ttlMs();
            if (ttl <= 0) {
                return;
            }
            for (Rec r : recs.values()) {
                if (r.state == State.LIVE && now - r.ts > ttl) {
                    r.state = State.EXPIRED;
                    ttlFloor = Math.max(ttlFloor, r.seq + 1);
                }
            }
        }

        /** Evicts the oldest live records until both caps hold (SEMANTICS §7.1). */
        void enforceCaps() {
            while (overCap()) {
                for (Rec r : recs.values()) {
                    if (r.state == State.LIVE) {
                        r.state = State.EVICTED;
                        capFloor = Math.max(capFloor, r.seq + 1);
                        break;
                    }
                }
            }
        }

        private boolean overCap() {
            long capR = config.capRecords();
            long capB = config.capBytes();
            return capR > 0 && count() > capR || capB > 0 && bytes() > capB;
        }
    }

    /** Expected outcome of an append. */
    record AppendOutcome(ErrorCode error, long first, long last, long head, boolean deduped, boolean created) {
    }

    /**
     * Expected tombstone.
     *
     * @param gapFrom first seq of the gap
     * @param gapTo last seq of the gap
     * @param reason the reason SEMANTICS §6.4 names
     * @param alternative a second reason the spec also allows here, or null
     */
    record Tomb(long gapFrom, long gapTo, TombstoneReason reason, TombstoneReason alternative) {
        boolean allows(TombstoneReason r) {
            return r == reason || r == alternative;
        }
    }

    /** Expected outcome of a read. */
    record DiffOutcome(ErrorCode error, List<Rec> records, long next, long head, long earliest, Tomb tomb,
                       long effectiveCursor) {
        boolean caughtUp() {
            return next == head;
        }

        long lag() {
            return head - next;
        }
    }

    /** Expected outcome of a record delete. */
    record DeleteOutcome(ErrorCode error, long deleted, long earliest, long head, long count, long bytes) {
    }

    /** Expected topic state. */
    record StateOutcome(ErrorCode error, long head, long earliest, long count, long bytes) {
    }

    private final Map<String, Topic> topics = new HashMap<>();
    private int instances;

    /** @return the live instance of {@code name}, or null */
    Topic topic(String name) {
        return topics.get(name);
    }

    /** @return the names of existing topics */
    Set<String> names() {
        return topics.keySet();
    }

    private Topic create(String name, TopicConfig config) {
        Topic t = new Topic(++instances, config);
        topics.put(name, t);
        return t;
    }

    /**
     * The class a configuration request leaves the topic in. A change to or from {@code ephemeral} of an
     * instance that already assigned seqs is outside this model (records keep the class they were written
     * under, SEMANTICS §3.2, which makes a mixed history's restart outcome depend on each record's class), so
     * such a request keeps the current class; every other request applies as given.
     */
    Durability classFor(String name, Durability requested) {
        Topic t = topics.get(name);
        if (t == null || t.head == 0) {
            return requested;
        }
        Durability current = t.config.durability();
        boolean crossesEphemeral = (current == Durability.EPHEMERAL) != (requested == Durability.EPHEMERAL);
        return crossesEphemeral ? current : requested;
    }

    /**
     * A clean shutdown and restart (SEMANTICS §4.2, §10, §14): every idempotency map is emptied; an
     * {@code ephemeral} topic keeps its configuration and head, loses every record and gets
     * {@code restart_floor = H + 1}; every other class keeps everything (a clean stop flushes all). Its
     * {@code $ts} floor is reset: §4.3 carries {@code $ts} monotonicity across a restart only for records
     * that survive, and none does, so either choice is allowed; this model takes the one the engine takes.
     */
    void restart() {
        for (Topic t : topics.values()) {
            t.keys.clear();
            t.restarted = true;
            if (t.config.durability() == Durability.EPHEMERAL) {
                for (Rec r : t.recs.values()) {
                    if (r.state == State.LIVE) {
                        r.state = State.LOST;
                    }
                }
                t.restartFloor = t.head + 1;
                t.lastTs = Long.MIN_VALUE;
            }
        }
    }

    /** Create-or-replace configuration (API §2.1): tighter retention applies at once. */
    boolean configure(String name, TopicConfig config, long now) {
        Topic t = topics.get(name);
        if (t == null) {
            create(name, config);
            return true;
        }
        t.expire(now);
        t.config = config;
        t.expire(now);
        t.enforceCaps();
        return false;
    }

    /**
     * Deletes a topic instance (SEMANTICS §11, API §2.4).
     *
     * @return the error expected, or null; {@code deleted[0]} tells whether an instance was removed
     */
    ErrorCode deleteTopic(String name, boolean ifEmpty, long now, boolean[] deleted) {
        Topic t = topics.get(name);
        deleted[0] = false;
        if (t == null) {
            return null;
        }
        if (ifEmpty) {
            t.expire(now);
            if (t.count() > 0) {
                return ErrorCode.TOPIC_NOT_EMPTY;
            }
        }
        topics.remove(name);
        deleted[0] = true;
        return null;
    }

    /**
     * Whether the spec leaves open if a write with {@code key} is deduplicated now: the entry is younger
     * than the current window, but at an earlier operation its age had reached the window then in force
     * (a smaller window since raised, or a clock that since jumped back). "After the window, the key is
     * forgotten" (SEMANTICS §10) reads as sticky, while an implementation that evaluates entries only when
     * keys are looked up may still find it.
     */
    boolean dedupeAmbiguous(String name, String key, long now) {
        Topic t = topics.get(name);
        if (t == null || key == null || t.config.idempotencyWindowMs() <= 0) {
            return false;
        }
        Remembered r = t.keys.get(key);
        if (r == null) {
            return false;
        }
        long age = now - r.at();
        return age < t.config.idempotencyWindowMs() && r.lapsed();
    }

    /**
     * An append without inline config (API §3, SEMANTICS §4, §7, §10).
     *
     * @param create the request's create flag
     * @param dedupeHint the decision to take where {@link #dedupeAmbiguous} holds, else ignored
     */
    AppendOutcome append(String name, List<RecSpec> specs, String batchNode, String key, Boolean create, long now,
                         boolean dedupeHint) {
        Topic t = topics.get(name);
        boolean created = false;
        if (t == null && Boolean.FALSE.equals(create)) {
            return new AppendOutcome(ErrorCode.TOPIC_NOT_FOUND, 0, 0, 0, false, false);
        }
        if (t == null) {
            t = create(name, TopicConfig.defaults());
            created = true;
        }
        t.expire(now);
        long window = t.config.idempotencyWindowMs();
        if (key != null && window > 0) {
            Remembered r = t.keys.get(key);
            if (r != null) {
                long age = now - r.at();
                boolean young = age < window && (!r.lapsed() || dedupeHint);
                if (young) {
                    return new AppendOutcome(null, r.first(), r.last(), t.head, true, created);
                }
                t.keys.remove(key);
            }
        }
        long n = specs.size();
        long batchBytes = 0;
        for (RecSpec s : specs) {
            batchBytes += s.size();
        }
        if (t.config.discard() == Discard.REJECT) {
            long capR = t.config.capRecords();
            long capB = t.config.capBytes();
            if (capR > 0 && n > capR || capB > 0 && batchBytes > capB) {
                return new AppendOutcome(ErrorCode.RECORD_TOO_LARGE, 0, 0, t.head, false, created);
            }
            if (capR > 0 && t.count() + n > capR || capB > 0 && t.bytes() + batchBytes > capB) {
                return new AppendOutcome(ErrorCode.TOPIC_FULL, 0, 0, t.head, false, created);
            }
        }
        long ts = Math.max(now, t.lastTs);
        long first = t.head + 1;
        for (RecSpec s : specs) {
            long seq = ++t.head;
            t.recs.put(seq, new Rec(seq, ts, s, s.node() != null ? s.node() : batchNode));
        }
        t.lastTs = ts;
        if (key != null && window > 0) {
            t.keys.put(key, new Remembered(first, t.head, now, false));
        }
        if (t.config.discard() == Discard.OLD) {
            t.enforceCaps();
        }
        return new AppendOutcome(null, first, t.head, t.head, false, created);
    }

    /** A permanent, silent delete (SEMANTICS §8). */
    DeleteOutcome delete(String name, Long beforeSeq, TagMatch match, long now) {
        Topic t = topics.get(name);
        if (t == null) {
            return new DeleteOutcome(ErrorCode.TOPIC_NOT_FOUND, 0, 0, 0, 0, 0);
        }
        t.expire(now);
        long deleted = 0;
        for (Rec r : t.recs.values()) {
            boolean bySeq = beforeSeq == null || r.seq < beforeSeq;
            boolean byTag = match == null || tagMatches(match, r.tag);
            if (r.state == State.LIVE && bySeq && byTag) {
                r.state = State.DELETED;
                deleted++;
            }
        }
        return new DeleteOutcome(null, deleted, t.earliest(), t.head, t.count(), t.bytes());
    }

    /** SEMANTICS §8.2: Eq is equality, Glob {@code P*} is a prefix test; untagged records never match. */
    private static boolean tagMatches(TagMatch match, String tag) {
        if (tag == null) {
            return false;
        }
        return match.prefix() ? tag.startsWith(match.value()) : tag.equals(match.value());
    }

    /** The topic state (API §2.2). */
    StateOutcome state(String name, long now) {
        Topic t = topics.get(name);
        if (t == null) {
            return new StateOutcome(ErrorCode.TOPIC_NOT_FOUND, 0, 0, 0, 0);
        }
        t.expire(now);
        return new StateOutcome(null, t.head, t.earliest(), t.count(), t.bytes());
    }

    /**
     * A step-2 tombstone and its reason (SEMANTICS §6.4): one floor cause gives its name, several give
     * {@code mixed}. After a restart the reason is best-effort and {@code mixed} is always allowed. For an
     * {@code ephemeral} topic's restart floor §14.2 and invariant 54 promise a {@code restart} tombstone to
     * every reader below the head, while §6.4 asks for {@code mixed} when a cap or TTL floor also lies above
     * {@code gap_from}; both readings are accepted there.
     */
    private static Tomb floorTomb(Topic t, long gapFrom, long gapTo) {
        List<TombstoneReason> causes = new ArrayList<>();
        if (t.capFloor > gapFrom) {
            causes.add(TombstoneReason.CAP);
        }
        if (t.ttlFloor > gapFrom) {
            causes.add(TombstoneReason.TTL);
        }
        if (t.restartFloor > gapFrom) {
            causes.add(TombstoneReason.RESTART);
        }
        TombstoneReason reason = causes.size() == 1 ? causes.get(0) : TombstoneReason.MIXED;
        TombstoneReason alternative = null;
        if (causes.size() > 1 && causes.contains(TombstoneReason.RESTART)) {
            alternative = TombstoneReason.RESTART;
        } else if (t.restarted && reason != TombstoneReason.MIXED) {
            alternative = TombstoneReason.MIXED;
        }
        return new Tomb(gapFrom, gapTo, reason, alternative);
    }

    /** The read procedure of SEMANTICS §6.2 (no loss ranges arise from clean restarts without routers). */
    DiffOutcome diff(String name, long fromSeq, int limit, Set<String> nodes, long budget, long now) {
        Topic t = topics.get(name);
        if (t == null) {
            return new DiffOutcome(ErrorCode.TOPIC_NOT_FOUND, List.of(), 0, 0, 0, null, 0);
        }
        t.expire(now);
        long h = t.head;
        long e = t.earliest();
        long f = t.floor();
        long c = fromSeq;
        Tomb tomb = null;
        if (c > h) {
            tomb = new Tomb(1, e - 1, TombstoneReason.RECREATED, null);
            c = e - 1;
        } else if (c + 1 < f) {
            tomb = floorTomb(t, c + 1, e - 1);
            c = e - 1;
        }
        int max = Math.min(limit, MAX_LIMIT);
        List<Rec> out = new ArrayList<>();
        long examined = c;
        long acc = 0;
        for (long s = c + 1; s <= h; s++) {
            Rec r = t.recs.get(s);
            examined = s;
            if (r.state == State.DELETED) {
                continue;
            }
            if (r.state != State.LIVE) {
                throw new IllegalStateException("model scan reached a non-live, non-deleted seq " + r);
            }
            if (r.node != null && nodes.contains(r.node) && t.config.dedupeNode()) {
                continue;
            }
            out.add(r);
            acc += r.size;
            if (out.size() >= max || acc >= budget) {
                break;
            }
        }
        return new DiffOutcome(null, out, examined, h, e, tomb, c);
    }
}
