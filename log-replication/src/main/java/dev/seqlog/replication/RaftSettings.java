package dev.seqlog.replication;

import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every Ratis setting seqlog chooses, with the reason, in one place. What is not set here is Ratis's default.
 *
 * <ul>
 *   <li><b>Transport</b>: gRPC, bound to the configured host and port only (never every interface); the client
 *       and admin services share that port.</li>
 *   <li><b>Election timeout 300-600 ms</b> by default ({@link ClusterSettings#electionTimeoutMs()}; Ratis: 150-300
 *       ms): on a loaded two-core machine a 150 ms pause is ordinary, and each one would cost an election; a
 *       failover still completes in about a second.</li>
 *   <li><b>Snapshots</b> (engine checkpoints) every {@link ClusterSettings#snapshotIntervalEntries()} applied
 *       entries; a Raft log entry is up to 1 MiB of commands, so this bounds both the replay at restart and the
 *       log on disk.</li>
 *   <li><b>Log purge</b>: only entries every known member has committed, and never the newest
 *       {@link ClusterSettings#retainedLogEntries()}. A follower behind the start of the leader's log is not sent
 *       Ratis's snapshot files: <b>Ratis's snapshot installation is off</b>, and the follower is told to fetch a
 *       checkpoint itself ({@link EngineStateMachine}, {@link CheckpointTransfer}).</li>
 *   <li><b>No wait between append requests</b> (Ratis: at least 10 ms from one to the next to the same follower):
 *       an entry waits for no timer on its way to a majority.</li>
 *   <li><b>No commit-index entries in the log</b> (Ratis: after every commit the leader appends and replicates an
 *       entry recording the new commit index, doubling the entries and fsyncs). Without them a restarted node applies
 *       the entries after its checkpoint once a leader tells it how far they are committed, not from its own log
 *       alone; a node that restarts while the quorum is down serves its checkpointed state until the quorum
 *       returns.</li>
 *   <li><b>Largest entry 4 MiB</b> (Ratis's appender buffer limit, set explicitly because
 *       {@link BatchingProposer#MAX_COMMAND_BYTES} depends on it); the write buffer stays at Ratis's 8 MiB, which
 *       must exceed it.</li>
 *   <li><b>Client</b>: a request waits at most 3 s for its answer. Entries are tried up to 100 times 100 ms apart
 *       (by {@code EntrySubmission}, with the same budget as {@link #clientRetry()}), so a write survives a leader election
 *       and fails within seconds when no leader can be reached.</li>
 *   <li><b>Membership changes</b> use their own admin client: 30 s per attempt (the leader first brings new peers
 *       up to date), up to 10 attempts 200 ms apart.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class RaftSettings {
    /** Attempts at a request before it fails: the Raft client's and {@code EntrySubmission}'s. */
    static final int ATTEMPTS = 100;
    /** The pause between two attempts, in milliseconds. */
    static final long RETRY_MILLIS = 100;
    /** The largest Raft entry, which {@link BatchingProposer#MAX_COMMAND_BYTES} stays below. */
    static final SizeInBytes MAX_ENTRY = SizeInBytes.valueOf(4L << 20);

    private RaftSettings() {
    }

    /** @return the Raft group every node of the cluster belongs to */
    static RaftGroup group(ClusterSettings s) {
        List<RaftPeer> peers = s.peers().stream().map(RaftSettings::raftPeer).toList();
        return RaftGroup.valueOf(RaftGroupId.valueOf(s.groupId()), peers);
    }

    /** @return a member as Ratis names it */
    static RaftPeer raftPeer(Peer p) {
        return RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build();
    }

    /** @return the server's properties */
    static RaftProperties server(ClusterSettings s, Path raftDir) {
        RaftProperties p = common();
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        GrpcConfigKeys.Server.setHost(p, s.self().host());
        GrpcConfigKeys.Server.setPort(p, s.self().port());

        long election = s.electionTimeoutMs();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * election, TimeUnit.MILLISECONDS));

        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, s.snapshotIntervalEntries() > 0);
        if (s.snapshotIntervalEntries() > 0) {
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotIntervalEntries());
        }
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, false);
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, s.retainedLogEntries());
        // purged a whole segment at a time, at most once per snapshot interval
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(s.logSegmentBytes()));
        if (s.snapshotIntervalEntries() > 0) {
            RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, s.snapshotIntervalEntries()));
        }
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, MAX_ENTRY);
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        return p;
    }

    /** @return the client's properties */
    static RaftProperties client() {
        RaftProperties p = common();
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        // no warm-up request to a guessed leader: the client starts at the leader the node knows
        RaftClientConfigKeys.Async.Experimental.setSendDummyRequest(p, false);
        return p;
    }

    /** @return how the client retries a write the group did not take */
    static RetryPolicy clientRetry() {
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(ATTEMPTS,
                TimeDuration.valueOf(RETRY_MILLIS, TimeUnit.MILLISECONDS));
    }

    /**
     * @return the properties of the admin client a membership change uses: one attempt may wait while the leader
     *         brings the new peers up to date and commits two configurations
     */
    static RaftProperties admin() {
        RaftProperties p = common();
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(30, TimeUnit.SECONDS));
        return p;
    }

    /** @return how the admin client retries (a leader change while it asks) */
    static RetryPolicy adminRetry() {
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(10, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
    }

    private static RaftProperties common() {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        return p;
    }
}
