package dev.seqlog.core.internal.format;


import java.nio.ByteBuffer;

/**
 * The engine section of a snapshot (id {@link SnapshotBody#ENGINE}, version 1, required, exactly one): the
 * highest topic id ever used and the WAL cut, which says which WAL frames the snapshot covers. The same
 * bytes open a version-1 snapshot body.
 *
 * <pre>
 *  offset  size  field
 *  0       8     max topic id
 *  8       8     cut boot: WAL files of earlier boots are covered
 *  16      4     shards n of that boot
 *  20      16 n  per shard: first uncovered generation (8), replay-from offset in it (8)
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class EngineSection {
    /** The content version this build writes and reads. */
    public static final int VERSION = 1;
    static final int MAX_TOPIC_ID = 0;
    static final int CUT_BOOT = MAX_TOPIC_ID + 8;
    static final int SHARDS = CUT_BOOT + 8;
    static final int SHARD_LIST = SHARDS + 4;
    static final int SHARD_GENERATION = 0;
    static final int SHARD_OFFSET = SHARD_GENERATION + 8;
    static final int SHARD_SIZE = SHARD_OFFSET + 8;

    private EngineSection() {
    }

    /**
     * Appends the engine section to a body being built.
     *
     * @param w the body
     * @param maxTopicId the highest topic id ever used
     * @param cut the WAL files the snapshot covers
     */
    public static void write(SnapshotSections.Writer w, long maxTopicId, WalCut cut) {
        long[] gens = cut.generations();
        long[] offsets = cut.offsets();
        w.beginSection(SnapshotBody.ENGINE, VERSION, SnapshotSections.REQUIRED);
        int at = w.claim(SHARD_LIST + SHARD_SIZE * gens.length);
        ByteBuffer b = w.buffer();
        b.putLong(at + MAX_TOPIC_ID, maxTopicId).putLong(at + CUT_BOOT, cut.boot()).putInt(at + SHARDS, gens.length);
        for (int i = 0; i < gens.length; i++) {
            int s = at + SHARD_LIST + SHARD_SIZE * i;
            b.putLong(s + SHARD_GENERATION, gens[i]).putLong(s + SHARD_OFFSET, offsets[i]);
        }
        w.endSection();
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the highest topic id
     */
    public static long maxTopicId(ByteBuffer b, int at) {
        return b.getLong(at + MAX_TOPIC_ID);
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the WAL cut
     */
    public static WalCut cut(ByteBuffer b, int at) {
        int n = b.getInt(at + SHARDS);
        if (n < 0 || n > (b.limit() - at - SHARD_LIST) / SHARD_SIZE) {
            throw new IndexOutOfBoundsException("shard count " + n + " overruns the content");
        }
        long[] gens = new long[n];
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            int s = at + SHARD_LIST + SHARD_SIZE * i;
            gens[i] = b.getLong(s + SHARD_GENERATION);
            offsets[i] = b.getLong(s + SHARD_OFFSET);
        }
        return new WalCut(b.getLong(at + CUT_BOOT), gens, offsets);
    }

    /**
     * @param b a buffer
     * @param at where the content starts
     * @return the offset just after it
     */
    public static int end(ByteBuffer b, int at) {
        return at + SHARD_LIST + SHARD_SIZE * b.getInt(at + SHARDS);
    }
}
