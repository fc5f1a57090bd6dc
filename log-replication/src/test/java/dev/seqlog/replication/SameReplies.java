package dev.seqlog.replication;

import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collects the reply every node computes for each entry it applies (the leader sends its own; every replica
 * computes one), and checks that replicas agree on every entry both applied, but for the durations each node
 * measures for itself.
 */
final class SameReplies {
    /** Per node: the reply of every entry it applied, by log index. */
    private final Map<String, Map<Long, byte[]>> replies = new ConcurrentHashMap<>();

    /** Records the replies of {@code n} from now on (again after a restart: earlier ones are kept). */
    void observe(ReplicatedNode n) {
        Map<Long, byte[]> mine = replies.computeIfAbsent(n.nodeId(), id -> new ConcurrentSkipListMap<>());
        n.runtime().stateMachine().observeReplies(mine::put);
    }

    /** Asserts that every entry two nodes both applied got the same reply, over more than {@code atLeast}. */
    void assertSame(int atLeast) {
        int compared = 0;
        List<String> nodes = new ArrayList<>(replies.keySet());
        Map<Long, byte[]> first = replies.get(nodes.get(0));
        for (String other : nodes.subList(1, nodes.size())) {
            for (Map.Entry<Long, byte[]> e : replies.get(other).entrySet()) {
                byte[] mine = first.get(e.getKey());
                if (mine != null) {
                    assertEquals(canonical(mine), canonical(e.getValue()), "the reply to entry " + e.getKey()
                            + " on " + other + " and on " + nodes.get(0));
                    compared++;
                }
            }
        }
        assertTrue(compared > atLeast, compared + " replies compared");
    }

    /** A reply as text, without the durations each node measures for itself. */
    static String canonical(byte[] reply) {
        StringBuilder out = new StringBuilder();
        for (Outcome o : ResultCodec.decode(reply)) {
            Object v = o.value();
            if (o.isError()) {
                out.append(o.error().code()).append(' ').append(o.error().getMessage()).append(o.error().detail());
            } else if (v instanceof AppendResult r) {
                out.append(new AppendResult(r.topic(), r.firstSeq(), r.lastSeq(), r.headSeq(), r.count(), r.created(),
                        r.deduped(), 0, 0));
            } else if (v instanceof DeleteResult r) {
                out.append(new DeleteResult(r.topic(), r.deleted(), r.earliestSeq(), r.headSeq(), r.count(),
                        r.bytes(), 0, 0));
            } else if (v instanceof LeaseResult r) {
                out.append(new LeaseResult(r.topic(), r.done(), r.skipped(), r.ready(), r.inFlight(), r.deadlines(), 0));
            } else if (v instanceof ClaimResult r) {
                out.append("claim ").append(r.topic()).append(" ready ").append(r.ready());
                for (Job j : r.claimed()) {
                    out.append(' ').append(j.seq()).append('/').append(j.record().ts()).append('/').append(j.leaseId())
                            .append('/').append(j.deadline()).append('/').append(j.deliveries()).append('/')
                            .append(new String(j.record().data(), StandardCharsets.UTF_8));
                }
            } else {
                out.append(v);
            }
            out.append('\n');
        }
        return out.toString();
    }
}
