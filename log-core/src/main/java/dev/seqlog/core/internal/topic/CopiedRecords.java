package dev.seqlog.core.internal.topic;

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
 * <p>Filled by the read under the topic's lock (as its sink), then immutable and safe to read from any
 * number of threads at once.
 */
final class CopiedRecords implements RecordBatch.Source, RecordSink {
    private final boolean includeTags;
    private final boolean includeMeta;
    private final boolean includeData;
    private byte[] bytes = new byte[512];
    private int used;
    private int[] entries = new int[16];
    private int count;

    CopiedRecords(boolean includeTags, boolean includeMeta, boolean includeData) {
        this.includeTags = includeTags;
        this.includeMeta = includeMeta;
        this.includeData = includeData;
    }

    /** Copies one delivered entry; the read's views are {@link RecordViewImpl}s over a segment. */
    @Override
    public void accept(RecordView v) {
        ByteBuffer b = v.buffer();
        int at = ((RecordViewImpl) v).entry();
        int len = RecordLayout.entryLength(b, at);
        if (used + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(used + len, bytes.length * 2));
        }
        b.get(at, bytes, used, len);
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
        }
        entries[count++] = used;
        used += len;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public void forEach(RecordSink sink) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, used).asReadOnlyBuffer();
        RecordViewImpl view = new RecordViewImpl(includeTags, includeMeta, includeData);
        for (int i = 0; i < count; i++) {
            int at = entries[i];
            sink.accept(view.position(b, at, RecordLayout.seq(b, at)));
        }
    }
}
