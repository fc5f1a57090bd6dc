package dev.seqlog.core.backup;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.lifecycle.DurableStore;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts backups, one at a time: a second request while one streams is throttled rather than queued,
 * because each holds its checkpoint's files back from reclamation.
 *
 * <p>Thread-safe.
 */
public final class Backups {
    /** At most this many backups run at once. */
    public static final int MAX_CONCURRENT = 1;

    private final AtomicBoolean running = new AtomicBoolean();
    private final InstantSource clock;

    /**
     * @param clock the engine clock, for the checkpoint instant
     */
    public Backups(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Runs a checkpoint and pins its files.
     *
     * @param store the durable store
     * @return the backup; close it when its files have been read
     * @throws SeqlogException throttled (limit max_concurrent_backups) while another backup runs; internal
     *         if the checkpoint failed
     */
    public Backup start(DurableStore store) {
        return start(store, null);
    }

    /**
     * Runs a checkpoint that records an external log position, and pins its files.
     *
     * @param store the durable store
     * @param position the external log's last entry the state includes, or null for an engine with its own WAL
     * @return the backup; close it when its files have been read
     * @throws SeqlogException throttled while another backup runs; internal if the checkpoint failed
     */
    public Backup start(DurableStore store, dev.seqlog.core.LogPosition position) {
        if (!running.compareAndSet(false, true)) {
            throw new SeqlogException(ErrorCode.THROTTLED, "another backup is running; retry when it has finished")
                    .with("limit", "max_concurrent_backups").with("max", MAX_CONCURRENT);
        }
        try {
            long ts = clock.millis();
            return new Backup(store.pinCheckpoint(position), store.fileSystem(), ts, () -> running.set(false));
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }
}
