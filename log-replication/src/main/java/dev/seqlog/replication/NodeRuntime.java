package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.SeqlogEngine;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The moving parts of one replicated node and their one start and close order: the reply threads, the state
 * machine (which owns the engine), the Raft server, the Raft client, the timer, the entry submission, the batching
 * proposer and the leader's ticker.
 * {@link ReplicatedNode} is the {@link dev.seqlog.api.EventLog} face over it.
 *
 * <p>Thread-safe.
 */
final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    private final ClusterSettings settings;
    private final RaftGroup group;
    private final ExecutorService completer;
    private final ScheduledExecutorService timer;
    private final ApplyProgress progress;
    private final EngineStateMachine stateMachine;
    private final AtomicBoolean closed = new AtomicBoolean();
    private RaftServer server;
    private RaftClient client; // guarded by this
    private EntrySubmission submission;
    private BatchingProposer proposer;
    private LeaderTicker ticker;

    private NodeRuntime(ClusterSettings settings) {
        this.settings = settings;
        this.group = RaftSettings.group(settings);
        this.completer = replyThreads(settings.nodeId());
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "seqlog-repl-" + settings.nodeId() + "-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled apply bound leaves the queue at once
        this.timer = t;
        this.progress = new ApplyProgress(completer);
        Path dir = settings.storageDir();
        CheckpointTransfer transfer = settings.checkpointTransfer() != null ? settings.checkpointTransfer()
                : new RaftCheckpointTransfer(this::client);
        this.stateMachine = new EngineStateMachine(dir.resolve("engine"), settings.engineTuning(), progress, transfer,
                settings.nodeId());
    }

    static NodeRuntime start(ClusterSettings settings) throws IOException {
        NettyDefaults.apply();
        Files.createDirectories(settings.storageDir().resolve("raft"));
        NodeRuntime n = new NodeRuntime(settings);
        Path raftDir = settings.storageDir().resolve("raft");
        // a new node formats its Raft storage; one that has the group's directory already recovers it
        boolean joined = Files.isDirectory(raftDir.resolve(n.group.getGroupId().getUuid().toString()));
        try {
            n.server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(settings.nodeId())).setGroup(n.group)
                    .setStateMachine(n.stateMachine).setProperties(RaftSettings.server(settings, raftDir))
                    .setOption(joined ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                    .build();
            n.server.start();
            n.submission = new EntrySubmission(n.server, n.group.getGroupId(), n::client,
                    () -> n.division().getRaftConf().getCurrentPeers(), n::knownLeader, n::isLeader, n.closed::get,
                    n.timer);
            n.proposer = new BatchingProposer(n::send, settings.clock(), n.progress::await, n.completer,
                    n::later);
            n.ticker = new LeaderTicker(settings.nodeId(), settings.tickIntervalMs(), n::isLeader, settings.clock(),
                    n.stateMachine.clock(), n.proposer);
            return n;
        } catch (IOException | RuntimeException | Error e) {
            n.close();
            throw e;
        }
    }

    /** Proposes a command; completes with its result once applied on this node. */
    <T> CompletableFuture<T> propose(Command command, Class<T> type) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new SeqlogException(ErrorCode.SHUTTING_DOWN,
                    "the replicated node is closed").with("reason", "node_closed"));
        }
        return proposer.submit(command).thenApply(type::cast);
    }

    /** Runs a task on the node's timer; not at all once the node has closed (its waiters are failed then). */
    private Runnable later(Runnable task, long delayMillis) {
        try {
            ScheduledFuture<?> f = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException closed) {
            return () -> { }; // closing: ApplyProgress.close() fails every waiter
        }
    }

    /** Sends one entry to the leader ({@link EntrySubmission}); the reply settles all its commands. */
    private CompletableFuture<BatchingProposer.Committed> send(byte[] entry) {
        return submission.send(entry).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException() != null ? reply.getException()
                        : new IOException("entry not committed: " + reply));
            }
            return new BatchingProposer.Committed(reply.getLogIndex(), content(reply));
        });
    }

    /**
     * The Raft client, built at first use: its RPC carries entries to a leader on another node
     * ({@link EntrySubmission}) and a lagging replica's checkpoint queries ({@link RaftCheckpointTransfer}).
     */
    private synchronized RaftClient client() {
        if (client == null) {
            // the group as its configuration stands (a membership change may have moved it from the settings' peers)
            RaftClient.Builder b = RaftClient.newBuilder().setClientId(ClientId.randomId())
                    .setRaftGroup(division().getGroup())
                    .setProperties(RaftSettings.client()).setRetryPolicy(RaftSettings.clientRetry());
            RaftPeerId leader = division().getInfo().getLeaderId();
            if (leader != null) {
                b.setLeaderId(leader);
            }
            client = b.build();
        }
        return client;
    }

    private static byte[] content(RaftClientReply reply) {
        return reply.getMessage() == null ? new byte[0] : reply.getMessage().getContent().toByteArray();
    }

    SeqlogEngine engine() {
        return stateMachine.engine();
    }

    EngineStateMachine stateMachine() {
        return stateMachine;
    }

    RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new SeqlogException(ErrorCode.NOT_READY, "the Raft group is not running on this node: "
                    + e.getMessage()).with("reason", "raft_stopped");
        }
    }

    /** @return the leader this node knows of, or null (none, or the group is not running here) */
    private RaftPeerId knownLeader() {
        try {
            return division().getInfo().getLeaderId();
        } catch (SeqlogException groupStopped) {
            return null;
        }
    }

    /** @return whether this node is the leader and has committed an entry of its term (so takes proposals) */
    boolean isLeader() {
        try {
            return !closed.get() && division().getInfo().isLeaderReady();
        } catch (SeqlogException groupStopped) {
            return false;
        }
    }

    boolean isReady() {
        if (closed.get() || server == null || server.getLifeCycleState() != LifeCycle.State.RUNNING) {
            return false;
        }
        try {
            return stateMachine.engine().isReady();
        } catch (SeqlogException notOpen) {
            return false;
        }
    }

    NodeStatus status() {
        if (closed.get()) {
            return new NodeStatus(settings.nodeId(), NodeStatus.Role.STOPPED, null, 0, -1, progress.applied(), -1,
                    settings.peers(), Map.of(), Map.of());
        }
        RaftServer.Division d = division();
        DivisionInfo info = d.getInfo();
        Map<String, Long> match = new LinkedHashMap<>();
        Map<String, Long> contact = new LinkedHashMap<>();
        if (info.isLeader()) {
            // both come from the leader's log appenders, in the same order
            long[] indices = info.getFollowerMatchIndices();
            List<ServerRpcProto> followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
            if (indices != null && indices.length == followers.size()) {
                for (int i = 0; i < indices.length; i++) {
                    String id = RaftPeerId.valueOf(followers.get(i).getId().getId()).toString();
                    match.put(id, indices[i]);
                    contact.put(id, followers.get(i).getLastRpcElapsedTimeMs());
                }
            }
        }
        RaftPeerId leader = info.getLeaderId();
        long commit = d.getRaftLog().getLastCommittedIndex();
        return new NodeStatus(settings.nodeId(), role(info), leader == null ? null : leader.toString(),
                info.getCurrentTerm(), commit, info.getLastAppliedIndex(),
                info.isLeader() ? commit : leaderCommit(d, leader), members(d), match, contact);
    }

    /** The leader's commit index as the leader last told this follower (its append requests carry it). */
    private static long leaderCommit(RaftServer.Division d, RaftPeerId leader) {
        if (leader == null) {
            return -1;
        }
        for (CommitInfoProto c : d.getCommitInfos()) {
            if (leader.equals(RaftPeerId.valueOf(c.getServer().getId()))) {
                return c.getCommitIndex();
            }
        }
        return -1;
    }

    /** @return the voting members of the division's current configuration */
    static List<Peer> members(RaftServer.Division d) {
        List<Peer> peers = new ArrayList<>();
        for (RaftPeer p : d.getRaftConf().getCurrentPeers()) {
            peers.add(Peer.parse(p.getId() + "=" + p.getAddress()));
        }
        return peers;
    }

    private static NodeStatus.Role role(DivisionInfo info) {
        if (!info.isAlive()) {
            return NodeStatus.Role.STOPPED;
        }
        RaftPeerRole r = info.getCurrentRole();
        switch (r) {
            case LEADER:
                return NodeStatus.Role.LEADER;
            case CANDIDATE:
                return NodeStatus.Role.CANDIDATE;
            case LISTENER:
                return NodeStatus.Role.LISTENER;
            default:
                return NodeStatus.Role.FOLLOWER;
        }
    }

    /** Replaces the group's voters; see {@link Reconfiguration}. */
    List<Peer> setPeers(List<Peer> proposed) {
        if (closed.get()) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the replicated node is closed")
                    .with("reason", "node_closed");
        }
        return new Reconfiguration(settings, this::division).setPeers(proposed);
    }

    /** Stops the leader's ticks (tests quiesce every node with it before closing them one by one). */
    void stopTicking() {
        if (ticker != null) {
            ticker.close();
        }
    }

    /** Stops the ticker, the proposer, the client, the server (and with it the engine), then the reply threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.close();
        }
        if (proposer != null) {
            proposer.close();
        }
        RaftClient c;
        synchronized (this) {
            c = client;
        }
        closeQuietly(c, "Raft client");
        closeQuietly(server, "Raft server");
        if (server == null) {
            stateMachine.close(); // the server never took ownership of the engine
        }
        progress.close();
        // tasks left over run now: a retry sees the node closed and fails its entry; an apply bound finds its
        // waiters failed by progress.close() already
        timer.shutdownNow().forEach(Runnable::run);
        completer.shutdown();
        try {
            if (!completer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{}: reply threads did not stop within 10 s", settings.nodeId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(AutoCloseable c, String what) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("{}: closing the {} failed", settings.nodeId(), what, e);
        }
    }

    private static ExecutorService replyThreads(String nodeId) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "seqlog-repl-" + nodeId + "-reply-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
