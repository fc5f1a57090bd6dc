package dev.seqlog.core.internal.format;

import java.util.Arrays;

/**
 * Which WAL frames a checkpoint covers: every file of a boot before {@link #boot}, and for each shard of that
 * boot, the files below the generation it was writing when the checkpoint began plus that file's frames
 * before the offset it had written up to. Frames covered were all submitted before the checkpoint captured
 * its topics, so their effects are in the snapshot; frames after the offset may lie on either side, which
 * replay tells apart by their per-topic log sequence numbers.
 *
 * <p>Immutable; thread-safe.
 */
public final class WalCut {
    /** Covers nothing: recovery replays every file. */
    public static final WalCut NONE = new WalCut(0, new long[0], new long[0]);

    private final long boot;
    private final long[] generations;
    private final long[] offsets;

    /**
     * @param boot files of earlier boots are covered
     * @param generations per shard of that boot, the first generation not wholly covered
     * @param offsets per shard, the frame offset in that file where uncovered frames may begin
     */
    public WalCut(long boot, long[] generations, long[] offsets) {
        if (generations.length != offsets.length) {
            throw new IllegalArgumentException("a generation and an offset per shard");
        }
        this.boot = boot;
        this.generations = generations.clone();
        this.offsets = offsets.clone();
    }

    /** @return per shard of {@link #boot()}, the offset in its first uncovered file where replay starts */
    public long[] offsets() {
        return offsets.clone();
    }

    /**
     * @param h a WAL file's header
     * @return the offset to start replaying it from (the header's end unless it is a shard's cut file)
     */
    public long replayFrom(WalFileHeader h) {
        if (h.boot() == boot && h.shard() < generations.length && h.generation() == generations[h.shard()]) {
            return Math.max(WalFileHeader.SIZE, offsets[h.shard()]);
        }
        return WalFileHeader.SIZE;
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
        return "WalCut[boot=" + boot + " generations=" + Arrays.toString(generations) + " offsets="
                + Arrays.toString(offsets) + "]";
    }
}
