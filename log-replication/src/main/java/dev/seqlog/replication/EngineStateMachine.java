package dev.seqlog.replication;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.LogPosition;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.backup.Backup;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The seqlog engine as a Raft state machine: every committed entry is applied to a local engine whose only log is
 * the Raft log, and a Raft snapshot is an engine checkpoint that records the entry it includes.
 *
 * <ul>
 *   <li><b>apply</b>: decode the entry, move the {@link LogClock} to its time, apply its commands in order (each
 *       finished before the next), record the applied term and index, reply with each command's result.</li>
 *   <li><b>snapshot</b>: {@link dev.seqlog.core.ExternalLog#checkpoint(LogPosition)} at the last applied entry, on the thread
 *       that applies, so nothing is applied meanwhile. The snapshot has no files of its own: the engine's
 *       directory is the snapshot.</li>
 *   <li><b>start</b>: open the engine, which recovers its newest checkpoint; Ratis then replays only the entries
 *       after that checkpoint's index.</li>
 * </ul>
 *
 * <p><b>Installing the leader's state.</b> The servers keep a long Raft log ({@link RaftSettings}), so a restarted
 * follower usually catches up from it. One that fell behind the start of the leader's log is told so
 * ({@link #notifyInstallSnapshotFromLeader}); with a {@link CheckpointTransfer} it restores a checkpoint of the
 * leader ({@link #checkpointForPeer()} on the leader's side, taken between two entries on its apply thread) into
 * {@code engine.incoming}, and answers the checkpoint's position. Ratis then pauses this state machine (the engine
 * closes) and reinitialises it: the complete checkpoint replaces the engine directory ({@link InstalledCheckpoint})
 * and the engine opens at its position.
 *
 * <p>Threading: Ratis calls apply, snapshot, pause and reinitialize on its one state machine updater thread;
 * {@link #engine()} may be called from any thread.
 */
final class EngineStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(EngineStateMachine.class);

    private final Path engineDir;
    private final UnaryOperator<EngineOptions.Builder> engineTuning;
    private final LogClock clock = new LogClock(0);
    private final EngineApplier applier = new EngineApplier(clock);
    private volatile BiConsumer<Long, byte[]> replyObserver;
    private final ApplyProgress progress;
    private final StateMachineStorage storage = new CheckpointStorage();
    private volatile SeqlogEngine engine;
    private volatile SnapshotInfo latestSnapshot;
    private volatile long recoveredIndex = RaftLog.INVALID_LOG_INDEX;
    private volatile long firstAppliedIndex = RaftLog.INVALID_LOG_INDEX;
    private volatile long entriesApplied;
    private volatile long lastInstallRequest = RaftLog.INVALID_LOG_INDEX;
    private final CheckpointTransfer transfer;
    private final InstalledCheckpoint installation;
    private final java.util.concurrent.ExecutorService installer;
    private final java.util.Queue<CompletableFuture<Backup>> peerCheckpoints =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long installs;
    private final PeerCheckpointService peers = new PeerCheckpointService(this::checkpointForPeer);

    /**
     * @param engineDir the engine's data directory
     * @param engineTuning engine options of the operator's (limits, segment sizes); the options replication
     *        needs are set after it
     * @param progress told of every applied index
     * @param transfer how this replica gets a peer's checkpoint when it fell behind the leader's log, or null
     * @param nodeId this node's id, for thread names
     */
    EngineStateMachine(Path engineDir, UnaryOperator<EngineOptions.Builder> engineTuning, ApplyProgress progress,
                       CheckpointTransfer transfer, String nodeId) {
        this.transfer = transfer;
        this.installation = new InstalledCheckpoint(engineDir);
        this.installer = transfer == null ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seqlog-install-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        this.engineDir = engineDir;
        this.engineTuning = engineTuning;
        this.progress = progress;
    }

    /** @return the open engine, for reads */
    SeqlogEngine engine() {
        SeqlogEngine e = engine;
        if (e == null) {
            throw new SeqlogException(ErrorCode.NOT_READY, "the replicated node's engine is not open")
                    .with("reason", "engine_closed");
        }
        return e;
    }

    /** @return the clock the engine reads */
    LogClock clock() {
        return clock;
    }

    /** @return the log index of the checkpoint the engine last recovered from, -1 for none */
    long recoveredIndex() {
        return recoveredIndex;
    }

    /**
     * @return the log index of the first entry applied since the engine was last opened (Raft's own configuration
     *         and metadata entries included), -1 for none yet
     */
    long firstAppliedIndex() {
        return firstAppliedIndex;
    }

    /** @return checkpoints of the leader installed since this node started */
    long installs() {
        return installs;
    }

    /**
     * A checkpoint of this replica for a peer that fell behind the leader's log: taken on the apply thread after the
     * next entry is applied, at that entry's position, its files pinned until the backup is closed.
     *
     * @return the backup, once taken
     */
    CompletableFuture<Backup> checkpointForPeer() {
        CompletableFuture<Backup> f = new CompletableFuture<>();
        peerCheckpoints.add(f);
        return f;
    }

    /** Serves the peers' checkpoint requests; runs on the apply thread, between entries. */
    private void servePeerCheckpoints() {
        CompletableFuture<Backup> f;
        while ((f = peerCheckpoints.poll()) != null) {
            TermIndex last = getLastAppliedTermIndex();
            try {
                f.complete(engine().externalLog().backup(new LogPosition(last.getTerm(), last.getIndex(),
                        clock.millis())));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }
    }

    /** @return entries of commands applied since the engine was last opened */
    long entriesApplied() {
        return entriesApplied;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().startAndTransition(this::openEngine);
    }

    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().transition(LifeCycle.State.STARTING);
        openEngine();
        getLifeCycle().transition(LifeCycle.State.RUNNING);
    }

    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        closeEngine();
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    private void openEngine() throws IOException {
        if (installation.settle()) {
            installs++;
            LOG.info("the leader's checkpoint is in place of the engine directory {}", engineDir);
        }
        EngineOptions options = engineTuning.apply(EngineOptions.builder()).dataDir(engineDir).externalLog(true)
                .backgroundCheckpoints(false).backgroundExpiry(false).clock(clock).build();
        SeqlogEngine e;
        try {
            e = SeqlogEngine.open(options);
        } catch (SeqlogException failure) {
            throw new IOException("the engine in " + engineDir + " did not open: " + failure.getMessage(), failure);
        }
        LogPosition at = e.externalLog().checkpointedPosition();
        recoveredIndex = at == null ? RaftLog.INVALID_LOG_INDEX : at.index();
        firstAppliedIndex = RaftLog.INVALID_LOG_INDEX;
        entriesApplied = 0;
        if (at != null) {
            TermIndex ti = TermIndex.valueOf(at.term(), at.index());
            // the log time the checkpoint recorded: where every other replica's clock stood at this entry
            clock.advanceTo(at.timeMs());
            setLastAppliedTermIndex(ti);
            latestSnapshot = new FileListSnapshotInfo(List.of(), ti);
            progress.advance(at.index());
            LOG.info("engine recovered at log index {} (term {}); later entries are replayed from the Raft log",
                    at.index(), at.term());
        }
        engine = e;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        // a malformed entry throws: Ratis stops this server rather than let it skip an entry the others applied
        CommandCodec.Entry decoded = CommandCodec.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
        List<Outcome> outcomes = applier.apply(engine(), entry.getIndex(), decoded);
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        entriesApplied++;
        advanced(entry.getIndex());
        servePeerCheckpoints();
        byte[] reply = ResultCodec.encode(outcomes);
        BiConsumer<Long, byte[]> observer = replyObserver;
        if (observer != null) {
            observer.accept(entry.getIndex(), reply);
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(reply)));
    }

    /**
     * Has {@code observer} see the reply of every entry applied from now on, with its log index: every replica
     * computes the reply the leader sends, so tests compare them across replicas.
     */
    void observeReplies(BiConsumer<Long, byte[]> observer) {
        replyObserver = observer;
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index); // configuration and metadata entries: nothing to apply
        advanced(index);
        if (engine != null) {
            servePeerCheckpoints();
        }
    }

    private void advanced(long index) {
        if (firstAppliedIndex == RaftLog.INVALID_LOG_INDEX) {
            firstAppliedIndex = index;
        }
        progress.advance(index);
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0 || last.getTerm() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        SnapshotInfo current = latestSnapshot;
        if (current != null && current.getIndex() >= last.getIndex()) {
            return current.getIndex();
        }
        try {
            long started = System.nanoTime();
            Checkpointer.Stats stats = engine().externalLog()
                    .checkpoint(new LogPosition(last.getTerm(), last.getIndex(), clock.millis()));
            // nothing is applied while it runs: its duration is a pause of this node's writes
            LOG.info("checkpoint at log index {}: {} MB of records written in {} ms, nothing applied meanwhile",
                    last.getIndex(), stats.bytesWritten >> 20,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (SeqlogException failure) {
            throw new IOException("engine checkpoint at log index " + last.getIndex() + " failed: "
                    + failure.getMessage(), failure);
        }
        latestSnapshot = new FileListSnapshotInfo(List.of(), last);
        return last.getIndex();
    }

    /** Serves the checkpoint queries of a peer behind the leader's log ({@link CheckpointQuery}). */
    @Override
    public CompletableFuture<Message> query(Message request) {
        java.nio.ByteBuffer b = request.getContent().asReadOnlyByteBuffer();
        if (!CheckpointQuery.isQuery(b)) {
            return super.query(request);
        }
        return peers.handle(b).thenApply(bytes -> Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes)));
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latestSnapshot;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * The leader asks a member to install a snapshot when its log may not hold the entries the member needs (and
     * once for a member it has just added). When the log does hold them, this answers "no snapshot" and the member
     * catches up from the log. When it does not, restore a checkpoint of the leader into {@code engine.incoming}
     * and answer its position, or answer null ("no snapshot available", the leader asks again later) when the
     * transfer failed.
     */
    /** Logged at INFO: an operator reads leader changes in the node's log (Ratis's own INFO logs are noisy). */
    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        LOG.info("{}: the Raft leader is now {}", member.getPeerId(), newLeaderId);
    }

    /** Logged at INFO, as a leader change is. */
    @Override
    public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto conf) {
        List<String> voters = conf.getPeersList().stream()
                .map(p -> p.getId().toStringUtf8() + "=" + p.getAddress()).toList();
        LOG.info("the Raft configuration at log index {} (term {}) has the voters {}", index, term, voters);
    }

    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                        TermIndex firstTermIndexInLog) {
        if (progress.applied() + 1 >= firstTermIndexInLog.getIndex()) {
            // Ratis asks a member it has not sent anything to yet (a new peer) too: the log holds all it needs
            LOG.debug("the leader's log starts at {}, and this replica has applied up to log index {}: it catches up "
                    + "from the log", firstTermIndexInLog, progress.applied());
            return CompletableFuture.completedFuture(null);
        }
        boolean firstAsk = firstTermIndexInLog.getIndex() != lastInstallRequest;
        lastInstallRequest = firstTermIndexInLog.getIndex();
        if (transfer == null) {
            if (firstAsk) {
                LOG.warn("this replica has applied up to log index {} but the leader's log now starts at {}: it "
                        + "cannot catch up from the log, and no checkpoint transfer is configured; restore its data "
                        + "directory from a healthy replica", progress.applied(), firstTermIndexInLog);
            }
            return CompletableFuture.completedFuture(null);
        }
        String leader = org.apache.ratis.protocol.RaftPeerId.valueOf(
                roleInfo.getFollowerInfo().getLeaderInfo().getId().getId()).toString();
        return CompletableFuture.supplyAsync(() -> install(leader, firstTermIndexInLog), installer);
    }

    private TermIndex install(String leader, TermIndex firstTermIndexInLog) {
        LOG.info("applied up to log index {} but the leader's log starts at {}: installing a checkpoint of {}",
                progress.applied(), firstTermIndexInLog, leader);
        try {
            installation.clearIncoming();
            transfer.fetch(leader, installation.incoming());
            if (!installation.incomingComplete()) {
                throw new IOException("the transfer left an incomplete checkpoint in " + installation.incoming());
            }
            LogPosition at = positionOf(installation.incoming());
            if (at == null || at.index() + 1 < firstTermIndexInLog.getIndex()) {
                throw new IOException("the leader's checkpoint is at " + at + ", before its log's start "
                        + firstTermIndexInLog);
            }
            LOG.info("checkpoint of {} at log index {} (term {}) restored; it replaces the engine's directory",
                    leader, at.index(), at.term());
            return TermIndex.valueOf(at.term(), at.index());
        } catch (IOException | RuntimeException e) {
            LOG.warn("installing a checkpoint of {} failed, the leader will ask again: {}", leader, e.toString());
            return null;
        }
    }

    /** The log position a restored checkpoint records, read by opening an engine on it. */
    private LogPosition positionOf(Path dir) {
        EngineOptions options = engineTuning.apply(EngineOptions.builder()).dataDir(dir).externalLog(true)
                .backgroundCheckpoints(false).backgroundExpiry(false).clock(new LogClock(0)).build();
        try (SeqlogEngine e = SeqlogEngine.open(options)) {
            return e.externalLog().checkpointedPosition();
        }
    }

    @Override
    public void close() {
        if (installer != null) {
            installer.shutdownNow();
            try {
                installer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        peers.close();
        peerCheckpoints.forEach(f -> f.completeExceptionally(
                new SeqlogException(ErrorCode.SHUTTING_DOWN, "the replica is closing")));
        closeEngine();
    }

    private void closeEngine() {
        SeqlogEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
    }

    /** Ratis's view of the snapshots: only the newest, which has no files of its own. */
    private final class CheckpointStorage implements StateMachineStorage {
        @Override
        public void init(RaftStorage raftStorage) {
        }

        @Override
        public SnapshotInfo getLatestSnapshot() {
            return latestSnapshot;
        }

        @Override
        public void format() {
        }

        @Override
        public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) {
            // the engine's checkpointer reclaims the files older checkpoints no longer need
        }
    }
}
