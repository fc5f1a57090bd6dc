package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.replication.NodeStatus;
import dev.seqlog.replication.ReplicatedNode;
import dev.seqlog.server.cluster.ClusterReadiness;
import dev.seqlog.server.cluster.ClusterView;
import dev.seqlog.server.json.Render;
import dev.seqlog.server.metrics.TopicScan;

import java.util.Map;

/**
 * Liveness and readiness (API §11.1, §11.2); no performance block. In cluster mode readiness also needs a known
 * leader and the log applied up to near the leader's commit index ({@link ClusterReadiness}), and both answers carry
 * the node's {@code cluster} object. Stateless.
 */
final class Probes {
    private Probes() {
    }

    static void health(Exchange x) throws Exception {
        x.plainJson(200, g -> {
            g.writeStringField("status", "ok");
            g.writeStringField("version", x.api.version);
            g.writeNumberField("uptime_ms", x.api.state.uptimeMs());
        });
    }

    static void ready(Exchange x) throws Exception {
        if (x.api.state.draining()) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        if (!x.api.engine.isReady()) {
            throw new SeqlogException(ErrorCode.NOT_READY, "recovery in progress")
                    .with("replay_progress", x.api.engine.recoveryProgress());
        }
        ReplicatedNode node = x.api.cluster();
        Map<String, Object> cluster = node == null ? null : clusterReady(node.status());
        long topics = TopicScan.count(x.api.engine);
        x.plainJson(200, g -> {
            g.writeStringField("status", "ready");
            g.writeBooleanField("wal_replay_complete", true);
            g.writeNumberField("topics", topics);
            if (cluster != null) {
                g.writeFieldName("cluster");
                Render.value(g, cluster);
            }
        });
    }

    /** @return the node's cluster object when it is ready; else throws not_ready with the reason and the object */
    private static Map<String, Object> clusterReady(NodeStatus s) {
        Map<String, Object> cluster = ClusterView.of(s, false);
        String reason = ClusterReadiness.notReadyReason(s);
        if (reason == null) {
            return cluster;
        }
        String message = switch (reason) {
            case "no_leader" -> "this node knows no Raft leader: an election is under way, or too few members are up";
            case "catching_up" -> "this node is applying the log to catch up with the leader (applied index "
                    + s.appliedIndex() + ", leader's commit index " + s.leaderCommitIndex() + ")";
            default -> "the replicated node is stopped";
        };
        throw new SeqlogException(ErrorCode.NOT_READY, message).with("reason", reason).with("cluster", cluster);
    }
}
