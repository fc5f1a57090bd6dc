package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.Discard;
import dev.seqlog.api.Durability;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TagMatch;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.SeqlogEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic single-client workload over every durability class (creates, appends, tag and seq
 * deletes, cap eviction, config changes, delete and recreate, checkpoints), recording each operation it attempted
 * and whether it was acknowledged. Runs until done or until the disk "crashes".
 *
 * <p>Confined to the test thread.
 */
final class CrashWorkload {
    /** One attempted operation on a topic instance. */
    static final class Op {
        enum Kind { CREATE, APPEND, DELETE_TAG, DELETE_BEFORE, CONFIG, DROP }

        final Kind kind;
        final String topic;
        final int instance;
        final List<String> data;
        final List<String> tags;
        final String tag;
        final long before;
        final TopicConfig config;
        final int index;
        boolean acked;
        long firstSeq;

        Op(Kind kind, String topic, int instance, List<String> data, List<String> tags, String tag, long before,
           TopicConfig config, int index) {
            this.kind = kind;
            this.topic = topic;
            this.instance = instance;
            this.data = data;
            this.tags = tags;
            this.tag = tag;
            this.before = before;
            this.config = config;
            this.index = index;
        }

        @Override
        public String toString() {
            return "#" + index + " " + kind + " " + topic + "/" + instance + (acked ? " acked" : " unacked");
        }
    }

    static final Map<String, Durability> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("f", Durability.FSYNC);
        CLASSES.put("d", Durability.DISK);
        CLASSES.put("m", Durability.MEMORY);
        CLASSES.put("e", Durability.EPHEMERAL);
        CLASSES.put("c", Durability.FSYNC);
        CLASSES.put("r", Durability.FSYNC);
    }

    final List<Op> ops = new ArrayList<>();
    private final Map<String, Integer> created = new LinkedHashMap<>();
    private final java.util.Set<String> alive = new java.util.HashSet<>();

    static TopicConfig config(String topic) {
        TopicConfig.Builder b = TopicConfig.builder().durability(CLASSES.get(topic));
        if (topic.equals("c")) {
            b.capRecords(5).discard(Discard.OLD);
        }
        return b.build();
    }

    /** Runs the workload; returns normally when a crash (or the storage failure it causes) stops it. */
    void run(SeqlogEngine log) {
        try {
            for (String t : CLASSES.keySet()) {
                configure(log, t, config(t));
            }
            for (int i = 0; i < 12; i++) {
                for (String t : new String[] {"f", "d", "m", "e", "c"}) {
                    append(log, t, i);
                }
                if (i % 4 == 3) {
                    deleteTag(log, "f", "a");
                    deleteTag(log, "d", "a");
                }
                if (i == 5) {
                    deleteBefore(log, "d", 4);
                    deleteBefore(log, "m", 3);
                    configure(log, "f", TopicConfig.builder().durability(Durability.FSYNC).dedupeNode(false).build());
                    drop(log, "r");
                }
                if (i == 6) {
                    configure(log, "r", config("r"));
                }
                if (i >= 6) {
                    append(log, "r", i);
                }
                if (i % 3 == 2) {
                    log.checkpoint(); // every step of a checkpoint becomes a crash point too
                }
            }
        } catch (RuntimeException | Error stopped) {
            // the disk crashed (an Error from the simulated disk) or the engine failed because of it
        }
    }

    private Op start(Op op) {
        ops.add(op);
        return op;
    }

    private int instance(String topic) {
        return created.getOrDefault(topic, 0);
    }

    private void configure(SeqlogEngine log, String topic, TopicConfig c) {
        boolean exists = alive.contains(topic);
        if (!exists) {
            created.merge(topic, 1, Integer::sum);
            alive.add(topic);
        }
        Op op = start(new Op(exists ? Op.Kind.CONFIG : Op.Kind.CREATE, topic, instance(topic), null, null, null, 0, c,
                ops.size()));
        log.configure(topic, c);
        op.acked = true;
    }

    private void append(SeqlogEngine log, String topic, int i) {
        int n = 1 + i % 3;
        List<String> data = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<RecordInput> recs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String d = "{\"t\":\"" + topic + "\",\"i\":" + i + ",\"k\":" + k + ",\"pad\":\"" + "p".repeat(20 * k) + "\"}";
            String tag = (i + k) % 2 == 0 ? "a" : "b";
            data.add(d);
            tags.add(tag);
            recs.add(RecordInput.json(d).withTag(tag));
        }
        Op op = start(new Op(Op.Kind.APPEND, topic, instance(topic), data, tags, null, 0, null, ops.size()));
        AppendRequest.Builder b = AppendRequest.builder().create(false);
        recs.forEach(b::add);
        AppendResult r = log.append(topic, b.build());
        op.firstSeq = r.firstSeq();
        op.acked = true;
    }

    private void deleteTag(SeqlogEngine log, String topic, String tag) {
        Op op = start(new Op(Op.Kind.DELETE_TAG, topic, instance(topic), null, null, tag, 0, null, ops.size()));
        log.delete(topic, DeleteRequest.matching(TagMatch.eq(tag)));
        op.acked = true;
    }

    private void deleteBefore(SeqlogEngine log, String topic, long before) {
        Op op = start(new Op(Op.Kind.DELETE_BEFORE, topic, instance(topic), null, null, null, before, null, ops.size()));
        log.delete(topic, DeleteRequest.before(before));
        op.acked = true;
    }

    private void drop(SeqlogEngine log, String topic) {
        Op op = start(new Op(Op.Kind.DROP, topic, instance(topic), null, null, null, 0, null, ops.size()));
        alive.remove(topic);
        log.deleteTopic(topic);
        op.acked = true;
    }
}
