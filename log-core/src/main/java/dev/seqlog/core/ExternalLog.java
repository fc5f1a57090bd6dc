package dev.seqlog.core;

import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.Backups;
import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.lifecycle.DurableStore;

import java.util.Objects;

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
    private final Runnable checkOpen;

    ExternalLog(DurableStore store, Backups backups, Runnable checkOpen) {
        this.store = store;
        this.backups = backups;
        this.checkOpen = checkOpen;
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
