package dev.seqlog.replication;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.AppendResult;
import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.ConfigureResult;
import dev.seqlog.api.CreateCheck;
import dev.seqlog.api.DeleteIf;
import dev.seqlog.api.DeleteRequest;
import dev.seqlog.api.DeleteResult;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.Job;
import dev.seqlog.api.LeaseRequest;
import dev.seqlog.api.LeaseResult;
import dev.seqlog.api.ListRequest;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RouterDeletion;
import dev.seqlog.api.RouterInfo;
import dev.seqlog.api.RouterListRequest;
import dev.seqlog.api.RouterPage;
import dev.seqlog.api.RouterPut;
import dev.seqlog.api.RouterSpec;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicConfig;
import dev.seqlog.api.TopicDeletion;
import dev.seqlog.api.TopicPage;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.Touch;
import dev.seqlog.api.WalStats;
import dev.seqlog.api.WatchPublisher;
import dev.seqlog.api.WatchRequest;
import dev.seqlog.api.WorkPublisher;
import dev.seqlog.api.WorkRequest;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * One node of a replicated seqlog cluster, as an {@link EventLog}: every mutation goes through Raft and is applied
 * by every node's engine in log order; reads are served from this node's engine.
 *
 * <ul>
 *   <li><b>Writes</b> ({@code configure}, {@code append}, {@code delete}, {@code deleteTopic}) are accepted by any
 *       node: they are batched into Raft entries and sent to the leader. A write completes once the entry is
 *       committed (fsynced on a majority) and applied on this node, so the caller reads its own write here. A
 *       write whose entry the group did not accept fails with {@code not_ready} (reason {@code no_leader}); its
 *       outcome is unknown then, and a retry with the same idempotency key is safe.</li>
 *   <li><b>Reads</b> ({@code state}, {@code list}, {@code diff}, {@code export}, {@code awaitHead},
 *       {@code watch}) see this node's applied state: on a follower that may trail the leader by the entries in
 *       flight.</li>
 *   <li><b>Queues</b>: {@code claim}, {@code ack}, {@code nack} and {@code extend} are writes like the others:
 *       every replica runs the same claim pass at the entry's time and hands out the same lease ids. A queue's
 *       coalescing window is kept by the node the claims reach ({@link ClaimWindows}); push subscriptions
 *       ({@code work}) are driven by their node through replicated claims ({@link PushSubscription}).</li>
 *   <li><b>Routers</b>: {@code putRouter} and {@code deleteRouter} are writes; every replica forwards each router
 *       after applying each entry, on the apply thread, so copies land at the same seqs everywhere. Router reads
 *       are this node's.</li>
 * </ul>
 *
 * <p>An {@link CreateCheck} is asked once, on this node, for writes that carry an inline configuration; every
 * replica then repeats its answer if (and only if) the write creates the topic, as a single node would ask.
 *
 * <p>Thread-safe. {@link #close()} stops the Raft server and client, the engine and every thread of the node.
 */
public final class ReplicatedNode implements EventLog {
    static {
        NettyDefaults.apply(); // before any class of Ratis's shaded Netty initialises
    }

    private final ClusterSettings settings;
    private final NodeRuntime runtime;
    private final PushSubscriptions pushes;
    private final ClaimWindows windows;

    private ReplicatedNode(ClusterSettings settings, NodeRuntime runtime) {
        this.settings = settings;
        this.runtime = runtime;
        this.pushes = new PushSubscriptions(this, runtime, settings.nodeId());
        this.windows = new ClaimWindows(pushes.timer(), cohort -> runtime.propose(cohort, CohortOutcome.class));
    }

    /**
     * Starts the node: opens its engine (recovering its newest checkpoint), starts its Raft server on the
     * configured address and joins the group. Returns without waiting for a leader.
     *
     * @param settings the node's settings
     * @return the running node
     * @throws IOException if the storage directory or the port cannot be used
     */
    public static ReplicatedNode start(ClusterSettings settings) throws IOException {
        return new ReplicatedNode(settings, NodeRuntime.start(settings));
    }

    /** @return this node's id */
    public String nodeId() {
        return settings.nodeId();
    }

    /**
     * A checkpoint of this node for a peer that fell behind the start of the leader's Raft log (see
     * {@link CheckpointTransfer}): taken between two applied entries, at the position of the first, with its files
     * pinned until the backup is closed. Read its files and close it promptly: one backup runs at a time.
     *
     * @return the backup, once taken (within about a second: the leader's ticks apply an entry while idle)
     */
    public CompletableFuture<dev.seqlog.core.backup.Backup> checkpointForPeer() {
        return runtime.stateMachine().checkpointForPeer();
    }

    /**
     * @return role, term, commit and applied index, the leader's commit index as last heard, the current voters, and
     *         on the leader each follower's match index
     */
    public NodeStatus status() {
        return runtime.status();
    }

    /**
     * Replaces the voting members of the group, for instance a dead node by a new one: the new list must keep a
     * majority of the current voters, a majority of the current voters must be reachable among those it keeps, and
     * every new peer must be running already (started with the new list as its peers, so it formats an empty
     * directory and waits to be brought up to date). Ratis then copies the log to the new peers, and commits the
     * change through a joint configuration. Any node may be asked; the change is made by the leader. Asking for the
     * configuration in force changes nothing.
     *
     * @param peers the voters of the new configuration
     * @return the voters once the change is committed
     * @throws SeqlogException {@code invalid_request} (reasons {@code no_peers}, {@code duplicate_peer},
     *         {@code peer_moved}, {@code majority_not_kept}, {@code majority_unreachable},
     *         {@code new_peer_unreachable}), or {@code not_ready} (no leader, another change in progress, Ratis
     *         refused or did not answer in time)
     */
    public List<Peer> setPeers(List<Peer> peers) {
        Objects.requireNonNull(peers, "peers");
        return runtime.setPeers(List.copyOf(peers));
    }

    /** The runtime, for tests in this package (Raft division, state machine). */
    NodeRuntime runtime() {
        return runtime;
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public CompletableFuture<ConfigureResult> configureAsync(String topic, TopicConfig config) {
        Objects.requireNonNull(config, "config");
        return runtime.propose(new Command.Configure(topic, config), ConfigureResult.class);
    }

    @Override
    public CompletableFuture<TopicDeletion> deleteTopicAsync(String topic, DeleteIf condition) {
        Objects.requireNonNull(condition, "condition");
        return runtime.propose(new Command.DeleteTopic(topic, condition), TopicDeletion.class);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request) {
        return appendAsync(topic, request, CreateCheck.ALLOW);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(String topic, AppendRequest request, CreateCheck check) {
        Objects.requireNonNull(request, "request");
        SeqlogException refusal = null;
        if (request.config() != null && check != null && check != CreateCheck.ALLOW) {
            try {
                check.check(topic, request.config());
            } catch (SeqlogException e) {
                refusal = e;
            }
        }
        return runtime.propose(new Command.Append(topic, request, refusal), AppendResult.class);
    }

    @Override
    public CompletableFuture<DeleteResult> deleteAsync(String topic, DeleteRequest request) {
        Objects.requireNonNull(request, "request");
        return runtime.propose(new Command.Delete(topic, request), DeleteResult.class);
    }

    // ------------------------------------------------------------------------------------------- reads

    @Override
    public TopicState state(String topic, Touch touch) {
        return runtime.engine().state(topic, touch);
    }

    @Override
    public TopicPage list(ListRequest request) {
        return runtime.engine().list(request);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request) {
        return runtime.engine().diff(topic, request);
    }

    @Override
    public DiffResult diff(String topic, DiffRequest request, RecordSink sink) {
        return runtime.engine().diff(topic, request, sink);
    }

    @Override
    public ExportCursor export(String topic, DiffRequest request, long toSeq) {
        return runtime.engine().export(topic, request, toSeq);
    }

    @Override
    public CompletableFuture<Long> awaitHead(String topic, long afterSeq) {
        return runtime.engine().awaitHead(topic, afterSeq);
    }

    @Override
    public CompletableFuture<DiffResult> diffAwait(String topic, DiffRequest request, long waitMs, RecordSink sink,
                                                   Executor executor) {
        return runtime.engine().diffAwait(topic, request, waitMs, sink, executor);
    }

    @Override
    public WatchPublisher watch(WatchRequest request) {
        return runtime.engine().watch(request);
    }

    // ------------------------------------------------------------------------------------------ queues

    @Override
    public CompletableFuture<ClaimResult> claimAsync(String topic, ClaimRequest request) {
        Objects.requireNonNull(request, "request");
        long window = windowOf(topic);
        if (window > 0) {
            return windows.join(topic, request, window);
        }
        return runtime.propose(new Command.Claim(topic, request), ClaimResult.class);
    }

    /** @return the queue's claim_jitter_ms as this node applied it; 0 when it has none or is not a queue here */
    private long windowOf(String topic) {
        try {
            TopicState s = runtime.engine().state(topic);
            return s.queue() == null ? 0 : s.config().claimJitterMs();
        } catch (SeqlogException notHere) {
            return 0; // the claim goes alone, and every replica refuses it the same way if it must
        }
    }

    @Override
    public CompletableFuture<LeaseResult> ackAsync(String topic, LeaseRequest request) {
        return lease(Command.Lease.ACK, topic, request, 0);
    }

    @Override
    public CompletableFuture<LeaseResult> nackAsync(String topic, LeaseRequest request, long delayMs) {
        return lease(Command.Lease.NACK, topic, request, delayMs);
    }

    @Override
    public CompletableFuture<LeaseResult> extendAsync(String topic, LeaseRequest request, long leaseMs) {
        return lease(Command.Lease.EXTEND, topic, request, leaseMs);
    }

    private CompletableFuture<LeaseResult> lease(byte kind, String topic, LeaseRequest request, long millis) {
        Objects.requireNonNull(request, "request");
        return runtime.propose(new Command.Lease(kind, topic, request, millis), LeaseResult.class);
    }

    // ----------------------------------------------------------------------------------------- routers

    @Override
    public CompletableFuture<RouterPut> putRouterAsync(String router, RouterSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return runtime.propose(new Command.PutRouter(router, spec), RouterPut.class);
    }

    @Override
    public CompletableFuture<RouterDeletion> deleteRouterAsync(String router) {
        return runtime.propose(new Command.DeleteRouter(router), RouterDeletion.class);
    }

    @Override
    public RouterInfo router(String router) {
        return runtime.engine().router(router);
    }

    @Override
    public RouterPage routers(RouterListRequest request) {
        return runtime.engine().routers(request);
    }

    /**
     * Pushes jobs as {@link PushSubscription} describes: claims go through Raft like any other, so a job pushed here
     * is leased on every replica; the worker acks, nacks or extends through any node.
     *
     * @throws SeqlogException topic_not_found, not_a_queue
     */
    @Override
    public WorkPublisher work(String topic, WorkRequest request) {
        Objects.requireNonNull(request, "request");
        TopicState state = runtime.engine().state(topic);
        if (state.queue() == null) {
            throw new SeqlogException(ErrorCode.NOT_A_QUEUE, "topic \"" + topic + "\" is a log, not a queue")
                    .with("topic", topic);
        }
        return new WorkPublisher() {
            @Override
            public void subscribe(Flow.Subscriber<? super Job> subscriber) {
                pushes.open(topic, request, subscriber, null);
            }

            @Override
            public void subscribe(Flow.Subscriber<? super Job> subscriber, Executor executor) {
                pushes.open(topic, request, subscriber, Objects.requireNonNull(executor, "executor"));
            }
        };
    }

    // -------------------------------------------------------------------------------------- lifecycle

    @Override
    public boolean isReady() {
        return runtime.isReady();
    }

    @Override
    public void awaitReady() {
        runtime.engine().awaitReady();
    }

    @Override
    public WalStats walStats() {
        return WalStats.NONE; // the Raft log is the write-ahead log
    }

    @Override
    public double recoveryProgress() {
        return isReady() ? 1.0 : 0.0;
    }

    /** Stops the ticker, the proposer, the Raft client and server, the engine and the reply threads. */
    @Override
    public void close() {
        pushes.close(); // windows still open close first: their timers run on the push thread
        windows.close();
        runtime.close();
    }

    @Override
    public String toString() {
        return "ReplicatedNode[" + settings.nodeId() + "]";
    }
}
