package dev.seqlog.server.metrics;

import dev.seqlog.replication.NodeStatus;
import dev.seqlog.server.cluster.ClusterView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Raft series of a node in cluster mode: its role as one 1/0 gauge per role, term, commit and applied index,
 * and on the leader each follower's lag in entries behind the leader's commit index. Stateless.
 */
public final class ClusterMetrics {
    private static final List<NodeStatus.Role> ROLES = List.of(NodeStatus.Role.LEADER, NodeStatus.Role.FOLLOWER,
            NodeStatus.Role.CANDIDATE);

    private ClusterMetrics() {
    }

    /**
     * Adds the series.
     *
     * @param m the snapshot
     * @param s the node's status
     * @return the snapshot
     */
    public static MetricsSnapshot addTo(MetricsSnapshot m, NodeStatus s) {
        List<Family.Sample> roles = new ArrayList<>();
        for (NodeStatus.Role r : ROLES) {
            roles.add(new Family.Sample(List.of(ClusterView.role(r)), s.role() == r ? 1 : 0, null));
        }
        m.add(new Family("seqlog_raft_role", Family.Type.GAUGE, "1 for this node's Raft role, 0 for the others.",
                List.of("role"), roles));
        m.add(Family.gauge("seqlog_raft_term", "Current Raft term.", s.term()));
        m.add(Family.gauge("seqlog_raft_commit_index", "Highest Raft log index this node knows to be committed.",
                s.commitIndex()));
        m.add(Family.gauge("seqlog_raft_applied_index", "Highest Raft log index this node's engine has applied.",
                s.appliedIndex()));
        List<Family.Sample> lags = new ArrayList<>();
        for (Map.Entry<String, Long> f : s.followerMatchIndex().entrySet()) {
            lags.add(new Family.Sample(List.of(f.getKey()), ClusterView.lag(s, f.getValue()), null));
        }
        m.add(new Family("seqlog_raft_follower_lag", Family.Type.GAUGE,
                "On the leader: entries each follower is behind the leader's commit index.", List.of("peer"), lags));
        return m;
    }
}
