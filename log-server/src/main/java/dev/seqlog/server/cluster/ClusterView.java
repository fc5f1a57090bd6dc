package dev.seqlog.server.cluster;

import dev.seqlog.replication.NodeStatus;
import dev.seqlog.replication.Peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node's Raft status as the {@code cluster} object of {@code /v0/ready} and {@code GET /v0/cluster}: node id,
 * role, leader, term, commit and applied index, the leader's commit index as last heard, and the voters; on the
 * leader each follower's match index, lag (entries behind the leader's commit index) and time since it last answered.
 * The voters' Raft addresses are shown only where a key is checked ({@code GET /v0/cluster}), never on the readiness
 * probe, which answers without one by default. As maps and lists, which the JSON renderer writes. Stateless.
 */
public final class ClusterView {
    private ClusterView() {
    }

    /**
     * @param s the node's status
     * @param addresses whether each voter's Raft address is included
     * @return the {@code cluster} object, fields in a fixed order
     */
    public static Map<String, Object> of(NodeStatus s, boolean addresses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node_id", s.nodeId());
        m.put("role", role(s.role()));
        m.put("leader_id", s.leaderId());
        m.put("term", s.term());
        m.put("commit_index", s.commitIndex());
        m.put("applied_index", s.appliedIndex());
        m.put("leader_commit_index", s.leaderCommitIndex());
        List<Object> peers = new ArrayList<>();
        for (Peer p : s.peers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", p.id());
            if (addresses) {
                e.put("address", p.address());
            }
            Long match = s.followerMatchIndex().get(p.id());
            if (match != null) {
                e.put("match_index", match);
                e.put("lag", lag(s, match));
                e.put("last_contact_ms", s.followerLastContactMs().get(p.id()));
            }
            peers.add(e);
        }
        m.put("peers", peers);
        return m;
    }

    /** @return entries a follower at {@code matchIndex} is behind the leader's commit index, never negative */
    public static long lag(NodeStatus leader, long matchIndex) {
        return Math.max(0, leader.commitIndex() - matchIndex);
    }

    /** @return the role as written on the wire: leader, follower, candidate, listener or stopped */
    public static String role(NodeStatus.Role r) {
        return r.name().toLowerCase(Locale.ROOT);
    }
}
