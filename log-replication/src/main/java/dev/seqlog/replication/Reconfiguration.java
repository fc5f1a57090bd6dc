package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replaces the voters of the group through Ratis's admin API ({@code setConfiguration}), after
 * {@link MembershipCheck} and two checks against the running group: a majority of the current voters the change
 * keeps must be reachable (as the leader sees its followers), and every new peer must answer on its Raft port.
 * The change is a compare-and-set against the configuration checked, so a concurrent change is refused rather than
 * overwritten. Ratis then brings the new peers up to date, commits the joint configuration, then the new one.
 *
 * <p>Thread-safe (each call uses its own short-lived admin client).
 */
final class Reconfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(Reconfiguration.class);
    /** How long a new peer's Raft port may take to accept a connection. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;

    private final ClusterSettings settings;
    private final Supplier<RaftServer.Division> division;

    Reconfiguration(ClusterSettings settings, Supplier<RaftServer.Division> division) {
        this.settings = settings;
        this.division = division;
    }

    /**
     * Makes {@code proposed} the group's voters.
     *
     * @param proposed the voters of the new configuration
     * @return the voters once the new configuration is committed (unchanged when it already was the configuration)
     * @throws SeqlogException invalid_request for a change refused by the checks; not_ready when there is no
     *         leader, another change is in progress, or Ratis did not complete it
     */
    List<Peer> setPeers(List<Peer> proposed) {
        RaftServer.Division d = division.get();
        if (!d.getRaftConf().getPreviousPeers().isEmpty()) {
            throw notReady("reconfiguration_in_progress", "a membership change is in progress; retry once it is done");
        }
        List<RaftPeer> currentRaft = new ArrayList<>(d.getRaftConf().getCurrentPeers());
        List<Peer> current = NodeRuntime.members(d);
        if (!MembershipCheck.check(current, proposed)) {
            return current;
        }
        RaftPeerId leader = d.getInfo().getLeaderId();
        if (leader == null) {
            throw notReady("no_leader", "this node knows no leader; a membership change needs one");
        }
        try (RaftClient admin = RaftClient.newBuilder().setClientId(ClientId.randomId()).setRaftGroup(d.getGroup())
                .setLeaderId(leader).setProperties(RaftSettings.admin()).setRetryPolicy(RaftSettings.adminRetry())
                .build()) {
            MembershipCheck.checkReachable(current, proposed, reachable(d, admin, leader));
            checkNewPeersAnswer(current, proposed);
            LOG.info("{}: changing the voters from {} to {}", settings.nodeId(), current, proposed);
            RaftClientReply reply = admin.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInNewConf(proposed.stream().map(RaftSettings::raftPeer).toList())
                    .setServersInCurrentConf(currentRaft)
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                    .build());
            if (!reply.isSuccess()) {
                throw failed(reply.getException());
            }
        } catch (IOException e) {
            throw failed(e);
        }
        LOG.info("{}: the voters are now {}", settings.nodeId(), proposed);
        return proposed;
    }

    /** The leader and the followers that answered it lately, as the leader reports them. */
    private Set<String> reachable(RaftServer.Division d, RaftClient admin, RaftPeerId leader) throws IOException {
        RoleInfoProto role = d.getInfo().isLeader() ? d.getInfo().getRoleInfoProto()
                : admin.getGroupManagementApi(leader).info(d.getMemberId().getGroupId()).getRoleInfoProto();
        long freshMs = contactWindowMs(settings);
        Set<String> up = new HashSet<>();
        up.add(leader.toString());
        for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
            if (f.getLastRpcElapsedTimeMs() <= freshMs) {
                up.add(RaftPeerId.valueOf(f.getId().getId()).toString());
            }
        }
        return up;
    }

    /**
     * The leader sends each follower an append or a heartbeat at least every half election timeout; a follower
     * that has not answered for the longest election timeout (twice the shortest) counts as unreachable.
     *
     * @return how recently a follower must have answered the leader to count as reachable, ms
     */
    static long contactWindowMs(ClusterSettings settings) {
        return 2 * settings.electionTimeoutMs();
    }

    /** Each peer the change adds must be running already: Ratis would otherwise wait for it until it gives up. */
    private static void checkNewPeersAnswer(List<Peer> current, List<Peer> proposed) {
        Set<String> known = new HashSet<>();
        current.forEach(p -> known.add(p.id()));
        for (Peer p : proposed) {
            if (known.contains(p.id())) {
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(p.host(), p.port()), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                throw new SeqlogException(ErrorCode.INVALID_REQUEST, "new peer " + p.id() + " at " + p.address()
                        + " does not answer (" + e.getMessage() + "): start it first, with the new configuration as "
                        + "its peers").with("reason", "new_peer_unreachable").with("peer", p.id());
            }
        }
    }

    private static SeqlogException failed(Throwable t) {
        if (t instanceof ReconfigurationInProgressException) {
            return notReady("reconfiguration_in_progress", "a membership change is in progress; retry once it is "
                    + "done: " + t.getMessage());
        }
        if (t instanceof SetConfigurationException) {
            return notReady("reconfiguration_failed", "Raft did not take the new configuration: " + t.getMessage());
        }
        return notReady("no_answer", "the membership change did not complete in time and may still take effect; "
                + "check the cluster status before retrying: " + t);
    }

    private static SeqlogException notReady(String reason, String message) {
        return new SeqlogException(ErrorCode.NOT_READY, message).with("reason", reason);
    }
}
