package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.Record;
import dev.seqlog.api.RecordBatch;
import dev.seqlog.api.RecordSink;
import dev.seqlog.api.RecordView;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest watch reads of one topic instance, so that watchers at the same cursor with the same options
 * share one read and one batch (the fan-out of ENGINEERING §1: a batch is made once per topic and handed to
 * every watcher). A read is reused only while the topic is unchanged since it ran: the read procedure is a
 * function of the topic's state, so the reused result is exactly what a new read would return.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
public final class SharedReads {
    /** Reads kept: enough for the distinct option sets of the watchers of one topic in the common case. */
    private static final int SLOTS = 4;

    /**
     * A watch read.
     *
     * @param result cursor, watermarks and tombstone; its record list is empty
     * @param batch the delivered records, or null when none was delivered
     * @param ticket the journal ticket that, once durable, covers every record the read saw; 0 for none
     */
    public record Read(DiffResult result, RecordBatch batch, long ticket) {
    }

    private record Key(DiffRequest request, int limit, boolean includeData, boolean streamStart) {
    }

    private final Key[] keys = new Key[SLOTS];
    private final Read[] reads = new Read[SLOTS];
    private long version = -1;
    private int next;

    /**
     * The read for {@code request} on {@code t}, reused if one with the same key ran since {@code t} last
     * changed. The caller holds the topic's lock and has applied expiry.
     *
     * @param t the topic
     * @param request the read
     * @param limit the clamped limit
     * @param includeData whether records keep their data
     * @param streamStart whether floor gaps are reported as from_seq_too_old
     * @return the read
     */
    Read read(TopicLog t, DiffRequest request, int limit, boolean includeData, boolean streamStart) {
        long changes = t.changes;
        if (changes != version) {
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(reads, null);
            version = changes;
        }
        Key key = new Key(request, limit, includeData, streamStart);
        for (int i = 0; i < SLOTS; i++) {
            if (key.equals(keys[i])) {
                return reads[i];
            }
        }
        List<Record> records = new ArrayList<>();
        RecordSink sink = includeData ? v -> records.add(Record.copyOf(v)) : v -> records.add(dataless(v));
        DiffResult r = ReadProcedure.read(t.w, t.live.store(), t.config.dedupeNode(), request, limit, sink, streamStart);
        Read read = new Read(r, records.isEmpty() ? null : new RecordBatch(records), t.log.lastRecordTicket);
        keys[next] = key;
        reads[next] = read;
        next = (next + 1) % SLOTS;
        return read;
    }

    private static Record dataless(RecordView v) {
        Record r = Record.copyOf(v);
        return new Record(r.seq(), r.ts(), r.node(), r.tag(), null, r.meta());
    }
}
