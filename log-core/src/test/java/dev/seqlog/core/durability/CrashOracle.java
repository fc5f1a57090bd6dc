package dev.seqlog.core.durability;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicState;
import dev.seqlog.core.SeqlogEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks a recovered engine against the operations a {@link CrashWorkload} attempted
 * (STORAGE-GUARANTEES §3, §9): for each topic, the recovered state must equal the model's state after
 * some prefix of that topic's operations, where the prefix must contain every acknowledged operation of an
 * fsync topic (and may add the one in flight), every operation of a disk topic that an acknowledged flush
 * covered, and anything for memory. Heads must cover every acknowledged seq except for memory.
 *
 * <p>Confined to the test thread.
 */
final class CrashOracle {
    /** What a reader can observe of one topic. */
    record Observed(boolean exists, TopicConfig config, List<String> records) {
    }

    private CrashOracle() {
    }

    static Observed observe(SeqlogEngine log, String topic) {
        TopicState s;
        try {
            s = log.state(topic);
        } catch (SeqlogException e) {
            if (e.code() == ErrorCode.TOPIC_NOT_FOUND) {
                return new Observed(false, null, List.of());
            }
            throw e;
        }
        List<String> recs = new ArrayList<>();
        long cursor = 0;
        while (true) {
            DiffResult r = log.diff(topic, DiffRequest.from(cursor).withLimit(1000).withTags(true));
            for (TopicRecord rec : r.records()) {
                recs.add(rec.seq() + " " + rec.tag() + " " + rec.dataString());
            }
            if (r.caughtUp()) {
                break;
            }
            cursor = r.nextFromSeq();
        }
        if (s.count() != recs.size()) {
            throw new AssertionError("topic " + topic + " reports count " + s.count() + " but " + recs.size()
                    + " records are readable");
        }
        return new Observed(true, s.config(), recs);
    }

    /** The model's observable state of {@code topic} after its first {@code k} operations. */
    static Observed model(List<CrashWorkload.Op> topicOps, int k) {
        boolean exists = false;
        TopicConfig config = null;
        TreeMap<Long, String[]> live = new TreeMap<>();
        long head = 0;
        for (int i = 0; i < k; i++) {
            CrashWorkload.Op op = topicOps.get(i);
            switch (op.kind) {
                case CREATE:
                    exists = true;
                    config = op.config;
                    live.clear();
                    head = 0;
                    break;
                case CONFIG:
                    config = op.config;
                    break;
                case DROP:
                    exists = false;
                    config = null;
                    live.clear();
                    break;
                case APPEND:
                    for (int j = 0; j < op.data.size(); j++) {
                        live.put(++head, new String[] {op.tags.get(j), op.data.get(j)});
                    }
                    while (config.capRecords() > 0 && live.size() > config.capRecords()) {
                        live.pollFirstEntry();
                    }
                    break;
                case DELETE_TAG:
                    live.values().removeIf(r -> r[0].equals(op.tag));
                    break;
                case DELETE_BEFORE:
                    live.headMap(op.before, false).clear();
                    break;
                default:
                    throw new IllegalStateException(op.kind.toString());
            }
        }
        if (config != null && config.durability() == Durability.EPHEMERAL) {
            live.clear(); // ephemeral records never survive a restart
        }
        List<String> recs = new ArrayList<>();
        live.forEach((seq, r) -> recs.add(seq + " " + r[0] + " " + r[1]));
        return new Observed(exists, config, recs);
    }

    /**
     * Verifies every topic of the workload.
     *
     * @return a failure description, or null
     */
    static String verify(SeqlogEngine log, CrashWorkload w) {
        int lastSyncAck = -1; // global index of the last acknowledged operation that waited for a flush
        for (CrashWorkload.Op op : w.ops) {
            boolean flushed = op.kind == CrashWorkload.Op.Kind.CREATE || op.kind == CrashWorkload.Op.Kind.CONFIG
                    || op.kind == CrashWorkload.Op.Kind.DROP
                    || CrashWorkload.CLASSES.get(op.topic) == Durability.FSYNC;
            if (op.acked && flushed) {
                lastSyncAck = op.index;
            }
        }
        for (String topic : CrashWorkload.CLASSES.keySet()) {
            List<CrashWorkload.Op> ops = new ArrayList<>();
            w.ops.stream().filter(o -> o.topic.equals(topic)).forEach(ops::add);
            Durability cls = CrashWorkload.CLASSES.get(topic);
            int lastAcked = -1;
            int coveredByFlush = 0;
            long maxAckedSeq = 0;
            for (int i = 0; i < ops.size(); i++) {
                CrashWorkload.Op op = ops.get(i);
                if (op.acked) {
                    lastAcked = i;
                }
                if (op.index <= lastSyncAck) {
                    coveredByFlush = i + 1;
                }
                if (op.acked && op.kind == CrashWorkload.Op.Kind.APPEND && op.instance == ops.get(ops.size() - 1).instance) {
                    maxAckedSeq = Math.max(maxAckedSeq, op.firstSeq + op.data.size() - 1);
                }
            }
            int min;
            switch (cls) {
                case FSYNC:
                case EPHEMERAL:
                    min = lastAcked + 1;
                    break;
                case DISK:
                    min = Math.max(coveredByFlush, controlPrefix(ops, lastAcked));
                    break;
                default:
                    min = controlPrefix(ops, lastAcked);
            }
            Observed got = observe(log, topic);
            boolean matched = false;
            for (int k = min; k <= ops.size() && !matched; k++) {
                Observed want = model(ops, k);
                matched = want.exists == got.exists && Objects.equals(want.config, got.config)
                        && (cls == Durability.MEMORY ? isPrefixState(ops, got) : want.records.equals(got.records));
            }
            if (!matched) {
                return "topic " + topic + " (" + cls + "): recovered " + got + " matches no allowed prefix ["
                        + min + ", " + ops.size() + "] of " + ops + "; expected at least " + model(ops, min);
            }
            if (got.exists && cls != Durability.MEMORY && log.state(topic).headSeq() < maxAckedSeq) {
                return "topic " + topic + ": head " + log.state(topic).headSeq() + " below acknowledged seq "
                        + maxAckedSeq;
            }
        }
        return null;
    }

    /** Memory topics promise only that what survives is some prefix of their history. */
    private static boolean isPrefixState(List<CrashWorkload.Op> ops, Observed got) {
        for (int k = 0; k <= ops.size(); k++) {
            Observed want = model(ops, k);
            if (want.exists == got.exists && want.records.equals(got.records)) {
                return true;
            }
        }
        return false;
    }

    /** Control operations are flushed before acknowledgement: a prefix must include every acknowledged one. */
    private static int controlPrefix(List<CrashWorkload.Op> ops, int lastAcked) {
        int min = 0;
        for (int i = 0; i <= lastAcked; i++) {
            CrashWorkload.Op.Kind k = ops.get(i).kind;
            if (ops.get(i).acked && (k == CrashWorkload.Op.Kind.CREATE || k == CrashWorkload.Op.Kind.CONFIG
                    || k == CrashWorkload.Op.Kind.DROP)) {
                min = i + 1;
            }
        }
        return min;
    }

    /** Highest acknowledged seq of the topic's current instance, for the seq-reuse check. */
    static long maxAckedSeq(CrashWorkload w, String topic) {
        long max = 0;
        int instance = 0;
        for (CrashWorkload.Op op : w.ops) {
            if (op.topic.equals(topic)) {
                instance = Math.max(instance, op.instance);
            }
        }
        for (CrashWorkload.Op op : w.ops) {
            if (op.topic.equals(topic) && op.instance == instance && op.acked && op.kind == CrashWorkload.Op.Kind.APPEND) {
                max = Math.max(max, op.firstSeq + op.data.size() - 1);
            }
        }
        return max;
    }
}
