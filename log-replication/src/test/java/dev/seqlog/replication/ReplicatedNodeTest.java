package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node as an {@link EventLog}: any node takes writes and its caller reads them back there at once; refusals are
 * the single node's, create checks are asked where a single node would ask, the status shows the Raft view.
 */
@ExpectErrorLogs // Ratis's, and only those: see RatisShutdownErrors
class ReplicatedNodeTest implements RatisShutdownErrors {

    @Test
    void anyNodeTakesWritesAndItsCallerReadsThemThere(TestDir dir) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, ReplicatedNodeTest::steady);
             SeqlogEngine single = SeqlogEngine.inMemory()) {
            ReplicatedNode leader = cluster.awaitLeader();
            for (EventLog log : new EventLog[] {leader, single}) {
                log.configure("t", TopicConfig.builder().durable(true).build());
            }
            long seq = 0;
            for (ReplicatedNode n : cluster.nodes()) {
                String data = "{\"via\":\"" + n.nodeId() + "\"}";
                assertEquals(++seq, n.append("t", AppendRequest.of(RecordInput.json(data))).firstSeq());
                // no waiting: the write completed only once this node had applied it
                assertEquals(seq, n.state("t").headSeq(), n.nodeId());
                assertEquals(data, new String(n.diff("t", DiffRequest.from(seq - 1)).records().get(0).data(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }

            // a refusal is the one a single node gives, code, message and detail
            Map<String, Function<EventLog, Executable>> refused = new LinkedHashMap<>();
            refused.put("bad name", l -> () -> l.append("Not A Name", AppendRequest.of(RecordInput.json("1"))));
            refused.put("missing topic", l -> () -> l.append("nope", AppendRequest.builder().create(false)
                    .add(RecordInput.json("1")).build()));
            refused.put("type change", l -> () -> l.configure("t", TopicConfig.builder()
                    .type(dev.seqlog.api.TopicType.QUEUE).build()));
            refused.put("create check", l -> () -> l.appendAsync("fresh", AppendRequest.builder()
                    .config(TopicConfig.defaults()).add(RecordInput.json("1")).build(), refuse()).join());
            for (Map.Entry<String, Function<EventLog, Executable>> r : refused.entrySet()) {
                SeqlogException expected = unwrap(assertThrows(RuntimeException.class, r.getValue().apply(single)));
                for (ReplicatedNode n : cluster.nodes()) {
                    SeqlogException got = unwrap(assertThrows(RuntimeException.class, r.getValue().apply(n)));
                    assertEquals(expected.code(), got.code(), r.getKey());
                    assertEquals(expected.getMessage(), got.getMessage(), r.getKey());
                    assertEquals(expected.detail(), got.detail(), r.getKey());
                }
            }
            // the check is asked only for a write that creates its topic, as on a single node
            AppendRequest inline = AppendRequest.builder().config(TopicConfig.defaults()).add(RecordInput.json("2"))
                    .build();
            assertEquals(4, leader.appendAsync("t", inline, refuse()).join().firstSeq());

            cluster.awaitConverged();
            NodeStatus ls = leader.status();
            assertEquals(NodeStatus.Role.LEADER, ls.role());
            assertEquals(2, ls.followerMatchIndex().size());
            ls.followerMatchIndex().values().forEach(m -> assertTrue(m > 0 && m <= ls.commitIndex(), ls.toString()));
            for (ReplicatedNode n : cluster.nodes()) {
                NodeStatus s = n.status();
                assertEquals(leader.nodeId(), s.leaderId());
                assertEquals(ls.term(), s.term());
                assertTrue(s.appliedIndex() >= 1 && s.appliedIndex() <= s.commitIndex(), s.toString());
                if (n != leader) {
                    assertEquals(NodeStatus.Role.FOLLOWER, s.role());
                    assertTrue(s.followerMatchIndex().isEmpty());
                }
            }
        }
    }

    private static ClusterSettings.Builder steady(ClusterSettings.Builder b) {
        return b.electionTimeoutMs(TestCluster.STEADY_ELECTION_TIMEOUT_MS);
    }

    private static CreateCheck refuse() {
        return (topic, config) -> {
            throw new SeqlogException(ErrorCode.FORBIDDEN, "not allowed to create " + topic).with("topic", topic);
        };
    }

    private static SeqlogException unwrap(RuntimeException e) {
        Throwable t = e;
        while (!(t instanceof SeqlogException) && t.getCause() != null) {
            t = t.getCause();
        }
        return (SeqlogException) t;
    }
}
