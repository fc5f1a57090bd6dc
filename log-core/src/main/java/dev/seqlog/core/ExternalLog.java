package dev.seqlog.core;

import dev.seqlog.api.ClaimRequest;
import dev.seqlog.api.ClaimResult;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.Backups;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.lifecycle.DurableStore;
import dev.seqlog.core.queues.LeaseIds;
import dev.seqlog.core.routers.Routers;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between an engine and the external, replicated log that holds its operations
 * ({@link EngineOptions.Builder#externalLog(boolean)}): the log's owner applies each entry through the
 * {@link dev.seqlog.api.EventLog} calls, then checkpoints at the entry's position, backs up at a position for a
 * replica that must catch up, and learns after a restart where the log must replay from. Every call here is
 * made while nothing is being applied, so the state captured is exactly the state at the position given.
 *
 * <p>Thread-safe.
 */
public final class ExternalLog {
    private final DurableStore store;
    private final Backups backups;
    private final LeaseIds leaseIds;
    private final Routers routers;
    private final ExternalQueues queues;
    private final Runnable checkOpen;

    ExternalLog(DurableStore store, Backups backups, LeaseIds leaseIds, Routers routers, ExternalQueues queues,
                Runnable checkOpen) {
        this.store = store;
        this.backups = backups;
        this.leaseIds = leaseIds;
        this.routers = routers;
        this.queues = queues;
        this.checkOpen = checkOpen;
    }

    /**
     * Which lease a holder has on a job, as applied here: what a push subscription driven by the log's owner needs
     * to count the jobs it delivered that are still outstanding (SEMANTICS §13.8).
     *
     * @param topic a queue
     * @param seq a job
     * @param node a holder
     * @return the id of the lease {@code node} holds on the job if it has not expired by the engine clock, or null
     * @throws SeqlogException topic_not_found, not_a_queue
     */
    public String leaseHeld(String topic, long seq, String node) {
        checkOpen.run();
        return queues.leaseHeld(topic, seq, node);
    }

    /**
     * Serves claims that arrived in one coalescing window (SEMANTICS §13.4) with one pass, at once: with an external
     * log the window is kept by the node the claims reached, and the cohort travels as one entry, so every replica
     * runs the same pass. Call it while applying that entry.
     *
     * @param topic a queue
     * @param requests the claims, in arrival order
     * @return each claim's jobs or its refusal, in the same order
     * @throws SeqlogException topic_not_found, not_a_queue (for the whole cohort)
     */
    public List<CompletableFuture<ClaimResult>> claimCohort(String topic, List<ClaimRequest> requests) {
        checkOpen.run();
        return queues.claimCohort(topic, requests);
    }

    /**
     * Runs every router now, on the caller's thread: with an external log routers copy nothing on their own, so
     * that every replica copies the same records at the same point of the log. Call it after applying each entry.
     */
    public void forwardRouters() {
        routers.forwardNow();
    }

    /**
     * Tells the engine which entry it is about to apply: the lease ids its claims hand out are derived from the
     * index, so every replica mints the same ones. Call it before applying each entry that may hold a claim.
     *
     * @param index the entry's index in the log, at least 1
     */
    public void applying(long index) {
        leaseIds.applying(index);
    }

    /**
     * Writes segments and a snapshot that records {@code position}; a restart recovers to it.
     *
     * @param position the log's last entry the engine state includes
     * @return what the pass did
     * @throws SeqlogException internal (storage_error) if writing failed, which makes the store read-only
     */
    public Checkpointer.Stats checkpoint(LogPosition position) {
        checkOpen.run();
        store.checkWritable();
        return store.checkpoint(Objects.requireNonNull(position));
    }

    /**
     * Starts a backup whose checkpoint records {@code position}: a replica restored from it resumes there.
     *
     * @param position the log's last entry the engine state includes
     * @return the backup, to read and close
     * @throws SeqlogException throttled while another backup runs; internal if the checkpoint failed
     */
    public Backup backup(LogPosition position) {
        checkOpen.run();
        store.checkWritable();
        return backups.start(store, Objects.requireNonNull(position));
    }

    /**
     * @return the position of the last checkpoint, or of the snapshot recovery started from; null before the
     *         first checkpoint, when the log must replay from its start
     */
    public LogPosition checkpointedPosition() {
        return store.position();
    }
}
