package dev.seqlog.replication;

import java.util.List;
import java.util.Map;

/**
 * Where one replicated node stands in its Raft group, for readiness checks and metrics.
 *
 * @param nodeId this node's id
 * @param role its role now
 * @param leaderId the leader it knows of, or null
 * @param term the current Raft term
 * @param commitIndex the highest log index it knows to be committed (on a follower: no further than its own log)
 * @param appliedIndex the highest log index its engine has applied
 * @param leaderCommitIndex the leader's commit index as this node last heard it (on the leader its own), -1 when
 *        it has heard of none; how far this node still has to apply to catch up
 * @param peers the voting members of the group's current configuration, as this node knows it
 * @param followerMatchIndex on the leader, each follower's highest log index known to match the leader's; empty on
 *        other roles
 * @param followerLastContactMs on the leader, milliseconds since each follower last answered it; empty on other
 *        roles
 */
public record NodeStatus(String nodeId, Role role, String leaderId, long term, long commitIndex, long appliedIndex,
                         long leaderCommitIndex, List<Peer> peers, Map<String, Long> followerMatchIndex,
                         Map<String, Long> followerLastContactMs) {

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
     * @param leaderCommitIndex the leader's commit index as last heard
     * @param peers voting members
     * @param followerMatchIndex match indexes
     * @param followerLastContactMs time since each follower last answered
     */
    public NodeStatus {
        peers = List.copyOf(peers);
        followerMatchIndex = Map.copyOf(followerMatchIndex);
        followerLastContactMs = Map.copyOf(followerLastContactMs);
    }
}
