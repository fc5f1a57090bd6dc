package dev.seqlog.replication;

import java.util.Map;

/**
 * Where one replicated node stands in its Raft group, for readiness checks and metrics.
 *
 * @param nodeId this node's id
 * @param role its role now
 * @param leaderId the leader it knows of, or null
 * @param term the current Raft term
 * @param commitIndex the highest log index it knows to be committed
 * @param appliedIndex the highest log index its engine has applied
 * @param followerMatchIndex on the leader, each follower's highest log index known to match the leader's; empty on
 *        other roles
 */
public record NodeStatus(String nodeId, Role role, String leaderId, long term, long commitIndex, long appliedIndex,
                         Map<String, Long> followerMatchIndex) {

    /** A node's role in its Raft group. */
    public enum Role {
        /** Accepts proposals and replicates them. */
        LEADER,
        /** Replicates the leader's log. */
        FOLLOWER,
        /** Asking for votes to become leader. */
        CANDIDATE,
        /** Replicates without voting. */
        LISTENER,
        /** Not running (starting or closed). */
        STOPPED
    }

    /**
     * @param nodeId id
     * @param role role
     * @param leaderId leader
     * @param term term
     * @param commitIndex commit index
     * @param appliedIndex applied index
     * @param followerMatchIndex match indexes
     */
    public NodeStatus {
        followerMatchIndex = Map.copyOf(followerMatchIndex);
    }
}
