package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordBatch;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;
import dev.seqlog.core.internal.segment.RecordLayout;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The records of one watch read, copied out of the segments as their stored entries (the layout of
 * {@link RecordLayout}) into one array, so that a batch outlives the topic's lock without becoming objects:
 * {@link #forEach} streams views over the copy, and the server renders them as it renders a read.
 *
 * <p>Filled by the read under the topic's lock (as its sink) and sealed before the lock is released, then
 * immutable and safe to read from any number of threads at once.
 */
public final class CopiedRecords implements RecordBatch.Source, RecordSink {
    private final boolean includeTags;
    private final boolean includeMeta;
    private final boolean includeData;
    // while the read runs: where each delivered entry lies, copied once the read is done and its size known
    private ByteBuffer[] from = new ByteBuffer[16];
    private int[] fromAt = new int[16];
    private int total;
    // after seal(): the copy
    private byte[] bytes;
    private int[] entries = new int[16];
    private int count;

    /**
     * One read of a topic, copied out under its lock.
     *
     * @param result the read's result
     * @param records the records it delivered
     */
    public record Read(DiffResult result, CopiedRecords records) {
    }

    /**
     * Runs the read procedure and copies what it delivers before the topic's lock is released, so the copy is
     * taken with the lock held no longer than a memory copy: what a router does with each record happens after.
     *
     * @param t the topic
     * @param req the read (tags and meta as it asks)
     * @param limit the record limit
     * @param now the clock reading
     * @return the result and the copy
     * @throws dev.seqlog.api.SeqlogException topic_not_found if the instance ended
     */
    public static Read read(TopicLog t, DiffRequest req, int limit, long now) {
        CopiedRecords copy = new CopiedRecords(req.includeTags(), req.includeMeta(), true);
        return t.readLocked(() -> {
            DiffResult r = t.read(req, limit, copy, now, false);
            copy.seal();
            return new Read(r, copy);
        });
    }

    CopiedRecords(boolean includeTags, boolean includeMeta, boolean includeData) {
        this.includeTags = includeTags;
        this.includeMeta = includeMeta;
        this.includeData = includeData;
    }

    /** Notes one delivered entry; the read's views are {@link RecordViewImpl}s over a segment. */
    @Override
    public void accept(RecordView v) {
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
            from = Arrays.copyOf(from, count * 2);
            fromAt = Arrays.copyOf(fromAt, count * 2);
        }
        ByteBuffer b = v.buffer();
        int at = ((RecordViewImpl) v).entry();
        from[count] = b;
        fromAt[count] = at;
        entries[count++] = total;
        total += RecordLayout.entryLength(b, at);
    }

    /** Copies the noted entries into one array of the exact size; called under the topic's lock, after the read. */
    void seal() {
        bytes = new byte[total];
        for (int i = 0; i < count; i++) {
            int len = (i + 1 < count ? entries[i + 1] : total) - entries[i];
            from[i].get(fromAt[i], bytes, entries[i], len);
        }
        from = null;
        fromAt = null;
    }

    @Override
    public int size() {
        return count;
    }

    /** @return bytes of the copied entries */
    public int byteSize() {
        return total;
    }

    @Override
    public void forEach(RecordSink sink) {
        ByteBuffer b = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        RecordViewImpl view = new RecordViewImpl(includeTags, includeMeta, includeData);
        for (int i = 0; i < count; i++) {
            int at = entries[i];
            sink.accept(view.position(b, at, RecordLayout.seq(b, at)));
        }
    }
}
