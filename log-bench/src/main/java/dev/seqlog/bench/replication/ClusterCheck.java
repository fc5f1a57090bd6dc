package dev.seqlog.bench.replication;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.TopicRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a topic from every node in step, a page at a time, and checks that: every node returns the same records
 * (seq, time, node, tag, data, meta) and the same head; seqs run 1, 2, 3, ... with no gap or tombstone; each
 * record holds the bytes its key was written with, and no key is in the log twice; every acknowledged key is at
 * the seq its writer was told. For one thread; the nodes must not be written meanwhile.
 */
final class ClusterCheck {
    private static final int PAGE = 1000;
    private static final int PROBLEMS_KEPT = 10;

    private final String topic;
    private final int recordBytes;
    private final Map<String, Long> acked;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    private ClusterCheck(String topic, int recordBytes, Map<String, Long> acked) {
        this.topic = topic;
        this.recordBytes = recordBytes;
        this.acked = acked;
    }

    /**
     * @param nodes each node's log by its name; the first is the reference
     * @param topic the topic written
     * @param recordBytes bytes of each record's data
     * @param acked each acknowledged key's seq
     * @return what was found
     */
    static CheckResult check(Map<String, ? extends EventLog> nodes, String topic, int recordBytes,
                             Map<String, Long> acked) {
        return new ClusterCheck(topic, recordBytes, acked).run(nodes);
    }

    private CheckResult run(Map<String, ? extends EventLog> nodes) {
        List<String> names = new ArrayList<>(nodes.keySet());
        EventLog reference = nodes.get(names.get(0));
        Set<String> keys = new HashSet<>();
        long expected = 0;
        long found = 0;
        DiffRequest req = DiffRequest.from(0).withLimit(PAGE).withTags(true).withMeta(true);
        while (true) {
            DiffResult page = reference.diff(topic, req);
            for (String name : names.subList(1, names.size())) {
                compare(names.get(0), page, name, nodes.get(name).diff(topic, req));
            }
            if (page.tombstone() != null) {
                problem("a tombstone after seq " + req.fromSeq() + ": " + page.tombstone());
            }
            for (TopicRecord r : page.records()) {
                if (r.seq() != ++expected) {
                    problem("seq " + r.seq() + " where " + expected + " was due");
                    expected = r.seq();
                }
                found += checkRecord(r, keys) ? 1 : 0;
            }
            if (page.caughtUp() || page.nextFromSeq() == req.fromSeq()) {
                break;
            }
            req = req.withFromSeq(page.nextFromSeq());
        }
        for (String name : names) {
            long head = nodes.get(name).state(topic).headSeq();
            if (head != expected) {
                problem(name + " has head " + head + ", " + expected + " records were read");
            }
        }
        if (found != acked.size()) {
            problem((acked.size() - found) + " of " + acked.size() + " acknowledged writes are not at their seq");
        }
        return new CheckResult(names.size(), expected, found, problemCount, problems);
    }

    /** @return whether the record is an acknowledged write at its acknowledged seq */
    private boolean checkRecord(TopicRecord r, Set<String> keys) {
        String key;
        try {
            key = RecordKeys.keyOf(r.data());
        } catch (IllegalArgumentException e) {
            problem("seq " + r.seq() + ": " + e.getMessage());
            return false;
        }
        if (!keys.add(key)) {
            problem("key " + key + " is in the log twice, again at seq " + r.seq());
        }
        if (!Arrays.equals(r.data(), RecordKeys.record(key, recordBytes))) {
            problem("seq " + r.seq() + " (key " + key + ") does not hold the bytes written");
            return false;
        }
        Long seq = acked.get(key);
        if (seq == null) {
            return false; // written but never acknowledged: the writers gave it up at the end
        }
        if (seq != r.seq()) {
            problem("key " + key + " was acknowledged at seq " + seq + " but is at seq " + r.seq());
            return false;
        }
        return true;
    }

    private void compare(String refName, DiffResult ref, String name, DiffResult other) {
        if (ref.records().equals(other.records())) {
            return;
        }
        List<TopicRecord> a = ref.records();
        List<TopicRecord> b = other.records();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                problem(name + " differs from " + refName + ": " + b.get(i) + " where " + refName + " has "
                        + a.get(i));
                return;
            }
        }
        problem(name + " returned " + b.size() + " records where " + refName + " returned " + a.size()
                + " after seq " + (a.isEmpty() ? "?" : a.get(0).seq() - 1));
    }

    private void problem(String what) {
        problemCount++;
        if (problems.size() < PROBLEMS_KEPT) {
            problems.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
        }
    }
}
