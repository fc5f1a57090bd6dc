package dev.seqlog.core.internal.topic;

import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.DiffResult;
import dev.seqlog.api.RecordBatch;

import java.util.Arrays;


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
            Arrays.fill(keys, null);
            Arrays.fill(reads, null);
            version = changes;
        }
        Key key = new Key(request, limit, includeData, streamStart);
        for (int i = 0; i < SLOTS; i++) {
            if (key.equals(keys[i])) {
                return reads[i];
            }
        }
        CopiedRecords records = new CopiedRecords(request.includeTags(), request.includeMeta(), includeData);
        DiffResult r = ReadProcedure.read(t.w, t.live.store(), t.config.dedupeNode(), request, limit, records,
                streamStart);
        records.seal();
        Read read = new Read(r, records.size() == 0 ? null : new RecordBatch(records), t.log.lastRecordTicket);
        keys[next] = key;
        reads[next] = read;
        next = (next + 1) % SLOTS;
        return read;
    }
}
