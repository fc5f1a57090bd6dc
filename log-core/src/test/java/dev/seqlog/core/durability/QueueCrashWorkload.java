package dev.seqlog.core.durability;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Durability;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.queues.QueueProbe;
import dev.seqlog.testsupport.ManualClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * A deterministic workload over two {@code fsync} queues, one with durable leases ({@code jq}) and one without
 * ({@code nq}): appends, claims, acks, nacks, extends and checkpoints, with a model of what each acknowledged
 * call made durable and of the one call that was under way when the disk crashed. {@link #verify} checks a
 * recovered engine against it (SEMANTICS §13.10).
 *
 * <p>Confined to the test thread.
 */
final class QueueCrashWorkload implements CrashPoints.Workload {
    private final ManualClock clock;
    /** jq: the lease entry each acknowledged call left, by seq (describe format); absent = never delivered. */
    private final Map<Long, String> committed = new HashMap<>();
    /** Jobs whose append was acknowledged, per queue. */
    private final Map<String, Set<Long>> appended = new HashMap<>();
    /** Jobs whose ack was acknowledged, per queue. */
    private final Map<String, Set<Long>> acked = new HashMap<>();
    /** The call under way at the crash, or null. */
    private Pending pending;

    /** A call that may or may not have taken effect. */
    private record Pending(String topic, String kind, String node, long[] seqs, Map<Long, String> after) {
    }

    QueueCrashWorkload(ManualClock clock) {
        this.clock = clock;
        for (String q : new String[] {"jq", "nq"}) {
            appended.put(q, new TreeSet<>());
            acked.put(q, new TreeSet<>());
        }
    }

    /** Runs until done or until the disk crashes. */
    @Override
    public void run(SeqlogEngine log) {
        try {
            for (String q : new String[] {"jq", "nq"}) {
                log.configure(q, TopicConfig.builder().type(TopicType.QUEUE).durability(Durability.FSYNC)
                        .leasesDurable(q.equals("jq")).build());
            }
            for (int i = 0; i < 8; i++) {
                for (String q : new String[] {"jq", "nq"}) {
                    append(log, q, i);
                    List<Job> got = claim(log, q, "w" + (i % 2), 2);
                    if (got.size() > 0) {
                        ack(log, q, got.get(0));
                    }
                    if (got.size() > 1) {
                        if (i % 2 == 0) {
                            nack(log, q, got.get(1));
                        } else {
                            extend(log, q, got.get(1));
                        }
                    }
                }
                if (i % 3 == 1) {
                    log.checkpoint();
                }
                clock.advance(7);
            }
        } catch (RuntimeException | Error stopped) {
            // the disk crashed, or the engine failed because of it
        }
    }

    private void append(SeqlogEngine log, String q, int i) {
        List<RecordInput> recs = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            recs.add(RecordInput.json("{\"q\":\"" + q + "\",\"i\":" + i + ",\"k\":" + k + "}"));
        }
        AppendResult r = log.append(q, AppendRequest.builder().add(recs.get(0)).add(recs.get(1)).create(false).build());
        for (long s = r.firstSeq(); s <= r.lastSeq(); s++) {
            appended.get(q).add(s);
        }
    }

    private List<Job> claim(SeqlogEngine log, String q, String node, int max) {
        pending = new Pending(q, "claim", node, new long[0], Map.of());
        ClaimResult r = log.claim(q, ClaimRequest.of(node, max));
        for (Job j : r.claimed()) {
            holders.put(j.seq(), node);
            if (q.equals("jq")) {
                committed.put(j.seq(), j.deliveries() + " leased " + node + " " + j.leaseId() + " " + j.deadline());
            }
        }
        pending = null;
        return r.claimed();
    }

    private void ack(SeqlogEngine log, String q, Job j) {
        pending = new Pending(q, "ack", null, new long[] {j.seq()}, Map.of());
        LeaseResult r = log.ack(q, LeaseRequest.of(node(j), j.seq()));
        if (r.done() == 1) {
            acked.get(q).add(j.seq());
            committed.remove(j.seq());
        }
        pending = null;
    }

    private void nack(SeqlogEngine log, String q, Job j) {
        String after = j.deliveries() + " released - - " + clock.millis();
        pending = new Pending(q, "nack", null, new long[] {j.seq()}, Map.of(j.seq(), after));
        log.nack(q, LeaseRequest.of(node(j), j.seq()), 0);
        if (q.equals("jq")) {
            committed.put(j.seq(), after);
        }
        pending = null;
    }

    private void extend(SeqlogEngine log, String q, Job j) {
        long deadline = clock.millis() + 50_000;
        String after = j.deliveries() + " leased " + node(j) + " " + j.leaseId() + " " + deadline;
        pending = new Pending(q, "extend", null, new long[] {j.seq()}, Map.of(j.seq(), after));
        log.extend(q, LeaseRequest.of(node(j), j.seq()), 50_000);
        if (q.equals("jq")) {
            committed.put(j.seq(), after);
        }
        pending = null;
    }

    /** The holder the workload used for a job: its lease came from the claim that returned it. */
    private final Map<Long, String> holders = new HashMap<>();

    private String node(Job j) {
        return holders.get(j.seq());
    }

    /** @return what is wrong with the recovered engine, or null */
    @Override
    public String verify(SeqlogEngine log) {
        for (String q : new String[] {"jq", "nq"}) {
            if (!exists(log, q)) {
                if (!appended.get(q).isEmpty()) {
                    return q + " is gone although appends to it were acknowledged";
                }
                continue;
            }
            Set<Long> live = live(log, q);
            for (long s : appended.get(q)) {
                boolean ackedGone = acked.get(q).contains(s);
                boolean mayBeGone = pending != null && pending.topic.equals(q) && pending.kind.equals("ack")
                        && pending.seqs[0] == s;
                if (ackedGone && live.contains(s)) {
                    return q + ": acked job " + s + " came back";
                }
                if (!ackedGone && !mayBeGone && !live.contains(s)) {
                    return q + ": job " + s + " was lost";
                }
            }
            SortedMap<Long, String> leases = QueueProbe.leases(log, q);
            if (q.equals("nq")) {
                if (!leases.isEmpty()) {
                    return "nq kept lease state without durable leases: " + leases;
                }
                continue;
            }
            Set<Long> seqs = new HashSet<>(leases.keySet());
            seqs.addAll(committed.keySet());
            for (long s : seqs) {
                if (!live.contains(s)) {
                    if (leases.containsKey(s)) {
                        return "jq: lease state of a gone job " + s;
                    }
                    continue;
                }
                String want = committed.get(s);
                String got = leases.get(s);
                if (java.util.Objects.equals(want, got)) {
                    continue;
                }
                if (!mayDiffer(s, want, got)) {
                    return "jq: job " + s + " has lease state " + got + ", expected " + want + " (pending " + pending
                            + ")";
                }
            }
        }
        return null;
    }

    /** Whether the call under way at the crash explains the difference. */
    private boolean mayDiffer(long s, String want, String got) {
        if (pending == null || !pending.topic.equals("jq") || got == null) {
            return false;
        }
        if (pending.kind.equals("claim")) {
            // the pass leased ready jobs to its node, one delivery more, with lease ids nobody saw
            int before = want == null ? 0 : Integer.parseInt(want.split(" ")[0]);
            String[] g = got.split(" ");
            boolean wasReady = want == null || want.contains(" released ");
            return wasReady && g[1].equals("leased") && g[2].equals(pending.node)
                    && Integer.parseInt(g[0]) == before + 1;
        }
        return pending.after.containsKey(s) && pending.after.get(s).equals(got);
    }

    private static boolean exists(SeqlogEngine log, String q) {
        try {
            log.state(q);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Set<Long> live(SeqlogEngine log, String q) {
        Set<Long> out = new TreeSet<>();
        long cursor = 0;
        while (true) {
            DiffResult r = log.diff(q, DiffRequest.from(cursor).withLimit(1000));
            for (TopicRecord rec : r.records()) {
                out.add(rec.seq());
            }
            if (r.caughtUp()) {
                return out;
            }
            cursor = r.nextFromSeq();
        }
    }
}
