package dev.seqlog.core.queues;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicType;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: random sequences of appends, claims, acks, nacks, extends (with and without lease-id fences, by
 * holders and by strangers) and clock moves give the same answers from the engine as from {@link LeaseModel},
 * and after every step no job is lost, no job is in flight under two leases, and the counters add up.
 */
class LeaseStateMachinePropertyTest {
    private static final String[] NODES = {"a", "b", "c"};

    /** One step of a run; times are drawn from a few values so that clock moves land exactly on deadlines. */
    record Step(int kind, int node, int n, int pick, long ms, boolean fenced) {
        @Override
        public String toString() {
            String[] kinds = {"append", "claim", "ack", "nack", "extend", "advance"};
            return kinds[kind] + "(" + NODES[node] + " n=" + n + " pick=" + pick + " ms=" + ms + (fenced ? " fenced" : "")
                    + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, NODES.length - 1), Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 30), Arbitraries.of(0L, 1L, 99L, 100L, 101L, 200L, 900L, 1000L, 1100L),
                Arbitraries.of(true, false)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void engineAgreesWithTheModel(@ForAll("steps") List<Step> steps) {
        run(steps);
    }

    @Property(tries = 5000, edgeCases = EdgeCasesMode.NONE)
    @Tag("exhaustive")
    void engineAgreesWithTheModelExhaustive(@ForAll("steps") List<Step> steps) {
        run(steps);
    }

    private static void run(List<Step> steps) {
        ManualClock clock = new ManualClock(1_000_000);
        LeaseModel model = new LeaseModel();
        try (SeqlogEngine log = SeqlogEngine.open(EngineOptions.builder().clock(clock).backgroundExpiry(false)
                .build())) {
            log.configure("q", TopicConfig.builder().type(TopicType.QUEUE).leaseMs(1000).build());
            for (Step s : steps) {
                apply(log, model, clock, s);
                check(log, model, clock.millis(), s);
            }
        }
    }

    private static void apply(SeqlogEngine log, LeaseModel model, ManualClock clock, Step s) {
        long now = clock.millis();
        String node = NODES[s.node()];
        switch (s.kind()) {
            case 0 -> {
                List<RecordInput> in = new ArrayList<>();
                for (int i = 0; i < s.n(); i++) {
                    in.add(RecordInput.json("{}"));
                }
                log.append("q", AppendRequest.of(in));
                model.append(s.n());
            }
            case 1 -> {
                long leaseMs = 100 + s.ms();
                ClaimResult r = log.claim("q", ClaimRequest.of(node, s.n()).withLeaseMs(leaseMs));
                List<Long> want = model.claim(node, s.n(), leaseMs, now);
                List<Long> got = r.claimed().stream().map(Job::seq).toList();
                assertEquals(want, got, "claimed seqs at " + s);
                for (Job j : r.claimed()) {
                    LeaseModel.Job m = model.jobs.get(j.seq());
                    assertEquals(m.deliveries, j.deliveries(), "deliveries of " + j.seq());
                    assertEquals(m.deadline, j.deadline());
                    m.leaseId = j.leaseId();
                }
            }
            case 2, 3, 4 -> {
                long[] seqs = pick(model, s);
                List<String> fences = new ArrayList<>();
                for (long seq : seqs) {
                    LeaseModel.Job m = model.jobs.get(seq);
                    fences.add(m == null || m.leaseId == null || (seq + s.pick()) % 3 == 0
                            ? "lease_00000000000000ff" : m.leaseId);
                }
                LeaseRequest req = LeaseRequest.of(node, seqs);
                if (s.fenced()) {
                    req = req.withLeaseIds(fences);
                }
                List<Long> wantSkipped = new ArrayList<>();
                List<Long> done = new ArrayList<>();
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < seqs.length; i++) {
                    boolean held = seen.add(seqs[i]) && model.held(seqs[i], node, s.fenced() ? fences.get(i) : null);
                    if (held) {
                        done.add(seqs[i]);
                    } else {
                        wantSkipped.add(seqs[i]);
                    }
                }
                LeaseResult r = s.kind() == 2 ? log.ack("q", req)
                        : s.kind() == 3 ? log.nack("q", req, s.ms()) : log.extend("q", req, 100 + s.ms());
                assertEquals(wantSkipped, r.skipped(), "skipped at " + s);
                assertEquals(done.size(), r.done());
                for (long seq : done) {
                    if (s.kind() == 2) {
                        model.ack(seq);
                    } else if (s.kind() == 3) {
                        model.nack(seq, now + s.ms());
                    } else {
                        model.extend(seq, now + 100 + s.ms());
                        assertEquals(now + 100 + s.ms(), r.deadlines().get(seq));
                    }
                }
            }
            default -> clock.advance(s.ms());
        }
    }

    /** Seqs for an ack, nack or extend: live ones, gone ones, unknown ones, sometimes repeated. */
    private static long[] pick(LeaseModel model, Step s) {
        long[] out = new long[s.n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 + (s.pick() + 7L * i) % Math.max(1, model.nextSeq + 1);
        }
        return out;
    }

    private static void check(SeqlogEngine log, LeaseModel model, long now, Step s) {
        QueueCounters c = log.state("q").queue();
        long count = log.state("q").count();
        assertEquals(model.jobs.size(), count, "no job lost and acked ones gone, after " + s);
        assertEquals(model.inFlight(now), c.inFlight(), "in_flight after " + s);
        assertEquals(model.ready(now), c.ready(), "ready after " + s);
        assertTrue(c.ready() + c.inFlight() <= count);
    }
}
