package dev.seqlog.server.cluster;

import dev.seqlog.replication.NodeStatus;

/**
 * When a node of a cluster is ready to serve: it knows a leader (so writes through it can commit), and it has
 * applied the log up to within {@value #APPLY_SLACK_ENTRIES} entries of the leader's commit index as the leader last
 * told it (so its reads are not far behind). A follower's own commit index cannot run ahead of its own log, so a
 * node catching up after a restart compares against the leader's. The slack keeps a follower under load, which
 * applies a few entries behind the leader, from flapping. Stateless.
 */
public final class ClusterReadiness {
    /** How many entries a ready node may trail the leader's commit index by. */
    public static final long APPLY_SLACK_ENTRIES = 100;

    private ClusterReadiness() {
    }

    /**
     * @param s the node's status
     * @return null when ready, else why not: {@code node_stopped}, {@code no_leader} or {@code catching_up}
     */
    public static String notReadyReason(NodeStatus s) {
        if (s.role() == NodeStatus.Role.STOPPED) {
            return "node_stopped";
        }
        if (s.leaderId() == null || s.role() == NodeStatus.Role.CANDIDATE) {
            return "no_leader";
        }
        if (s.leaderCommitIndex() < 0 || s.appliedIndex() < s.leaderCommitIndex() - APPLY_SLACK_ENTRIES) {
            return "catching_up";
        }
        return null;
    }
}
