package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.Durability;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import dev.seqlog.testsupport.TestDir;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A node left alone acknowledges nothing, and takes writes again once a majority is back: the write it could not
 * commit fails with not_ready after its attempts run out, and the same write, retried with its idempotency key once
 * a second node returns, lands exactly once.
 */
class QuorumLossTest implements RatisShutdownErrors {
    private static final String TOPIC = "t";

    @Test
    @ExpectErrorLogs // see RatisShutdownErrors: the stopped nodes may log one
    void aNodeAloneAcknowledgesNothingAndWritesResumeWhenAMajorityReturns(TestDir dir, LogCapture logs) {
        try (TestCluster cluster = TestCluster.start(dir.path(), 3, b -> b)) {
            ReplicatedNode leader = cluster.awaitLeader();
            leader.configure(TOPIC, TopicConfig.builder().durability(Durability.FSYNC).build());
            leader.append(TOPIC, AppendRequest.of(RecordInput.json("{\"before\":1}")));
            List<String> others = cluster.ids().stream().filter(id -> !id.equals(leader.nodeId())).toList();
            cluster.stop(others.get(0));
            cluster.stop(others.get(1));

            AppendRequest write = AppendRequest.builder().idempotencyKey("alone").add(RecordInput.json("{\"k\":1}"))
                    .build();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> leader.appendAsync(TOPIC, write).join());
            assertEquals(ErrorCode.NOT_READY, ((SeqlogException) e.getCause()).code(), e.toString());
            assertEquals(1, leader.state(TOPIC).headSeq(), "nothing applied without a majority");

            cluster.start(others.get(0));
            assertEquals(2, leader.append(TOPIC, write).firstSeq());
            assertEquals(2, leader.append(TOPIC, write).firstSeq(), "the retry is deduplicated");
            cluster.awaitConverged();
            assertEquals(TestCluster.dump(leader, TOPIC), TestCluster.dump(cluster.node(others.get(0)), TOPIC));
        }
    }
}
