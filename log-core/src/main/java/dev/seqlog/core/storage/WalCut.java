package dev.seqlog.core.storage;

import java.util.Arrays;

/**
 * Which WAL files a checkpoint covers: every file of a boot before {@link #boot}, and each shard's files of
 * that boot whose generation is below the generation the shard was writing when the checkpoint began.
 * Frames in a covered file were all submitted before the checkpoint captured its topics, so their effects are
 * in the snapshot; the first uncovered file of each shard may hold frames on both sides, which replay tells
 * apart by their per-topic log sequence numbers.
 *
 * <p>Immutable; thread-safe.
 */
public final class WalCut {
    /** Covers nothing: recovery replays every file. */
    public static final WalCut NONE = new WalCut(0, new long[0]);

    private final long boot;
    private final long[] generations;

    /**
     * @param boot files of earlier boots are covered
     * @param generations per shard of that boot, the first generation not covered
     */
    public WalCut(long boot, long[] generations) {
        this.boot = boot;
        this.generations = generations.clone();
    }

    /** @return files of earlier boots are covered */
    public long boot() {
        return boot;
    }

    /** @return per shard of {@link #boot()}, the first generation not covered */
    public long[] generations() {
        return generations.clone();
    }

    /**
     * @param h a WAL file's header
     * @return whether the checkpoint covers the whole file
     */
    public boolean covers(WalFileHeader h) {
        if (h.boot() != boot) {
            return h.boot() < boot;
        }
        return h.shard() < generations.length && h.generation() < generations[h.shard()];
    }

    @Override
    public String toString() {
        return "WalCut[boot=" + boot + " generations=" + Arrays.toString(generations) + "]";
    }
}
