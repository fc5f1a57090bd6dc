package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.ExportCursor;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.Tombstone;

import java.time.InstantSource;

/**
 * A bulk export of one topic instance in pages (API §16.2): each page runs the read procedure from the
 * cursor without touching {@code last_read_ts}, drops records above the bound fixed at the start, and clips
 * the page's tombstone to the bound. Paging ends at the bound, or when a page makes no progress.
 *
 * <p>Confined to one thread.
 */
public final class ExportPager implements ExportCursor {
    private final TopicLog topic;
    private final DiffRequest base;
    private final int limit;
    private final long bound;
    private final InstantSource clock;
    private long cursor;
    private long head;
    private long records;
    private boolean started;
    private boolean stalled;

    /**
     * @param topic the instance
     * @param base cursor and filters of the first page
     * @param limit records per page
     * @param toSeq the highest seq requested
     * @param clock the engine clock
     */
    public ExportPager(TopicLog topic, DiffRequest base, int limit, long toSeq, InstantSource clock) {
        this.topic = topic;
        this.base = base;
        this.limit = limit;
        this.clock = clock;
        this.cursor = base.fromSeq();
        this.bound = Math.min(toSeq, topic.state(clock.millis(), false).headSeq());
        this.head = bound;
    }

    @Override
    public boolean hasNext() {
        return !started || (!stalled && cursor < bound);
    }

    @Override
    public Tombstone next(RecordSink sink) {
        started = true;
        DiffResult r = topic.read(base.withFromSeq(cursor), limit, rec -> {
            if (rec.seq() <= bound) {
                records++;
                sink.accept(rec);
            }
        }, clock.millis(), false);
        head = r.headSeq();
        Tombstone t = r.tombstone();
        Tombstone clipped = t == null || t.gapFrom() > bound ? null : new Tombstone(t.gapFrom(),
                Math.min(t.gapTo(), bound), t.reason(), t.missedEstimate(), t.earliestSeq(), t.headSeq());
        if (r.nextFromSeq() <= cursor && (t == null || r.nextFromSeq() == cursor)) {
            stalled = true; // no progress: nothing left to examine below the bound
        }
        cursor = r.nextFromSeq();
        return clipped;
    }

    @Override
    public long bound() {
        return bound;
    }

    @Override
    public long headSeq() {
        return head;
    }

    @Override
    public long records() {
        return records;
    }
}
