package dev.seqlog.core.internal.segment;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a segment in the object store reads through: its {@link ObjectSource}, the cached copy it uses now,
 * and the entries {@code [readFrom, readTo)} known present in that copy's mapping, so that a sequential read
 * asks the cache once per run of chunks, not once per record.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock, like its segment.
 */
final class TieredCopy {
    final ObjectSource source;
    private ObjectSource.Resident resident;
    private int readFrom;
    private int readTo;

    TieredCopy(ObjectSource source) {
        this.source = source;
    }

    /**
     * The copy to read every entry from: fetched whole first if the one in use is not (blocks).
     *
     * @param mapped the mapping the segment reads now
     * @return the copy to switch to, or null if {@code mapped} already shows every entry
     * @throws IOException if the fetch fails
     */
    ObjectSource.Resident whole(ByteBuffer mapped) throws IOException {
        if (resident != null && !resident.evicted() && resident.complete() && mapped == resident.entries()) {
            return null;
        }
        source.fetchAll();
        ObjectSource.Resident r = source.open(true);
        if (!r.complete()) { // evicted and reopened meanwhile: once more
            source.fetchAll();
            r = source.open(true);
        }
        use(r);
        return r;
    }

    /**
     * Whether entry {@code number} can be read without waiting on the store.
     *
     * @param number an entry number
     * @return the copy that holds it (switch to its mapping if it is not the one read now), or null if the
     *         cache lacks its chunk
     * @throws IOException if the cache cannot be asked
     */
    ObjectSource.Resident readable(int number) throws IOException {
        if (resident != null && number >= readFrom && number < readTo && !resident.evicted()) {
            return resident;
        }
        ObjectSource.Resident r = resident != null && !resident.evicted() ? resident : source.open(false);
        long range = r == null ? -1 : r.readable(number);
        if (range < 0 || r.index() == null) {
            return null;
        }
        resident = r;
        readFrom = (int) (range >>> 32);
        readTo = (int) range;
        return r;
    }

    /** {@link #whole}, with a failure reported as the segment's source reports an unreadable file. */
    ObjectSource.Resident whole(ByteBuffer mapped, SegmentSource reporter) {
        try {
            return whole(mapped);
        } catch (IOException e) {
            throw reporter.unreadable(e);
        }
    }

    /** {@link #readable(int)}, with a failure reported as the segment's source reports an unreadable file. */
    ObjectSource.Resident readable(int number, SegmentSource reporter) {
        try {
            return readable(number);
        } catch (IOException e) {
            throw reporter.unreadable(e);
        }
    }

    private void use(ObjectSource.Resident r) {
        resident = r;
        readFrom = 0;
        readTo = 0;
    }
}
