package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a proposed list of voters may replace the current one, before anything is asked of Raft. Raft
 * commits a change through a joint configuration that needs a majority of the old voters as well as of the new, so
 * a change that keeps fewer than a majority of the old voters, or keeps them but cannot reach a majority of them,
 * could never commit and would leave the group waiting on it.
 *
 * <p>Refusals are {@code invalid_request} with {@code detail.reason}: {@code no_peers}, {@code duplicate_peer},
 * {@code peer_moved}, {@code majority_not_kept}, {@code majority_unreachable}.
 *
 * <p>Stateless; thread-safe.
 */
final class MembershipCheck {
    private MembershipCheck() {
    }

    /** @return the smallest majority of {@code voters} members */
    static int majority(int voters) {
        return voters / 2 + 1;
    }

    /**
     * Checks the proposed voters against the current ones, without regard to which are reachable.
     *
     * @param current the voters of the current configuration
     * @param proposed the voters asked for
     * @return whether the proposal differs from the current configuration (false: nothing to do)
     * @throws SeqlogException invalid_request naming what is wrong
     */
    static boolean check(List<Peer> current, List<Peer> proposed) {
        if (proposed.isEmpty()) {
            throw refusal("no_peers", "the new configuration lists no peers");
        }
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Peer p : proposed) {
            if (!ids.add(p.id())) {
                throw refusal("duplicate_peer", "peer id " + p.id() + " is listed twice").with("peer", p.id());
            }
            if (!addresses.add(p.address())) {
                throw refusal("duplicate_peer", "peer address " + p.address() + " is listed twice")
                        .with("peer", p.id());
            }
        }
        Map<String, Peer> now = new HashMap<>();
        current.forEach(p -> now.put(p.id(), p));
        for (Peer p : proposed) {
            Peer was = now.get(p.id());
            if (was != null && !was.address().equals(p.address())) {
                throw refusal("peer_moved", "peer " + p.id() + " is at " + was.address() + " in the current "
                        + "configuration, not " + p.address() + ": a node at a new address joins under a new id")
                        .with("peer", p.id());
            }
        }
        if (ids.equals(now.keySet())) {
            return false;
        }
        Set<String> kept = kept(current, proposed);
        int needed = majority(current.size());
        if (kept.size() < needed) {
            throw refusal("majority_not_kept", "the new configuration keeps " + kept.size() + " of the "
                    + current.size() + " current voters " + idsOf(current) + "; it must keep a majority (" + needed
                    + ") or the change could never commit").with("kept", new ArrayList<>(kept));
        }
        return true;
    }

    /**
     * Checks that the current voters the proposal keeps include a reachable majority of the current voters.
     *
     * @param current the voters of the current configuration
     * @param proposed the voters asked for
     * @param reachable ids of the current voters known to be up (the leader and the followers that answer it)
     * @throws SeqlogException invalid_request when too few of the kept voters are reachable
     */
    static void checkReachable(List<Peer> current, List<Peer> proposed, Set<String> reachable) {
        Set<String> keptAndUp = kept(current, proposed);
        keptAndUp.retainAll(reachable);
        int needed = majority(current.size());
        if (keptAndUp.size() < needed) {
            throw refusal("majority_unreachable", "only " + keptAndUp.size() + " of the current voters the new "
                    + "configuration keeps are reachable " + keptAndUp + "; a majority (" + needed + ") of "
                    + idsOf(current) + " must be, or the change could never commit")
                    .with("reachable", new ArrayList<>(keptAndUp));
        }
    }

    private static Set<String> kept(List<Peer> current, List<Peer> proposed) {
        Set<String> proposedIds = new HashSet<>();
        proposed.forEach(p -> proposedIds.add(p.id()));
        Set<String> kept = new LinkedHashSet<>();
        for (Peer p : current) {
            if (proposedIds.contains(p.id())) {
                kept.add(p.id());
            }
        }
        return kept;
    }

    private static List<String> idsOf(List<Peer> peers) {
        return peers.stream().map(Peer::id).toList();
    }

    private static SeqlogException refusal(String reason, String message) {
        return new SeqlogException(ErrorCode.INVALID_REQUEST, message).with("reason", reason);
    }
}
