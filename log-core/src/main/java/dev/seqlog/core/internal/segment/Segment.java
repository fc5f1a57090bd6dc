package dev.seqlog.core.internal.segment;

import dev.seqlog.core.internal.storage.SparseIndex;

import java.nio.ByteBuffer;

/**
 * A run of consecutive seqs {@code [baseSeq, baseSeq + count)} whose records sit back to back (layout:
 * {@link RecordLayout}). While in memory the records live in a pooled direct buffer located by an
 * {@code int[]} of entry offsets, and the active segment grows by doubling its buffer. Once sealed and
 * written whole by a checkpoint the segment switches to a read-only mapping of its file, located through a
 * {@link SparseIndex} and a forward scan, so it costs almost no heap and no direct memory.
 *
 * <p>A mapped segment cannot take a delete flag in place: deletes after the mapping live in a bit set that
 * reads consult, and the checkpoint writes them into the file. A segment mapped at start-up checks every
 * entry's checksum the first time it is touched, and refuses to serve damaged data ({@link SegmentSource}).
 *
 * <p>A segment in the object store holds no bytes until it is touched: its {@link ObjectSource} then maps
 * the copy the local cache holds, which may hold only some chunks (their checksums checked as they were
 * fetched). Reads ask {@link #readable} for each record and have the chunk fetched without the topic's
 * lock when it is missing; every other use of the bytes fetches the whole segment first. Deletes made
 * after the upload live in the bit set and every snapshot lists them, since the object never changes.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock.
 */
public final class Segment {
    public final long baseSeq;
    private ByteBuffer buf;
    private EntryLocator entries;
    private SegmentSource source = SegmentSource.trusted(null);
    private boolean cold;
    private int count;
    private int writePos;
    private boolean sealed;
    private long firstTs = Long.MIN_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private final LiveTotals totals = new LiveTotals();

    // what checkpoints have captured: entries [0, persistedCount), bytes [0, persistedBytes)
    private int persistedCount;
    private int persistedBytes;
    private final DeleteMarks marks = new DeleteMarks();
    /** Object store only: where the bytes come from (null for a file). */
    private TieredCopy tiered;

    Segment(long baseSeq, ByteBuffer buf) {
        this(baseSeq, buf, EntryLocator.inMemory());
    }

    private Segment(long baseSeq, ByteBuffer buf, EntryLocator entries) {
        this.baseSeq = baseSeq;
        this.buf = buf;
        this.entries = entries;
    }

    /** Checks a mapped segment's file entry by entry. */
    @FunctionalInterface
    public interface Checker {
        /**
         * @param file where the segment is read from now
         * @throws dev.seqlog.core.internal.format.CorruptionException if an entry is damaged
         * @throws java.io.IOException if the file cannot be read
         */
        void check(Object file) throws java.io.IOException;
    }

    /**
     * A sealed segment restored from its file at start-up: mapped, checksums checked on first touch by
     * {@code checker} (which reads the file with plain reads, so a cold segment streams in with the kernel's
     * readahead instead of page faults).
     */
    public static Segment mapped(long baseSeq, ByteBuffer mapping, SparseIndex sparse, SegmentMeta m, Object file,
                          Checker checker) {
        Segment s = new Segment(baseSeq, mapping, EntryLocator.mapped(sparse));
        s.source = SegmentSource.unchecked(file, checker);
        s.restoreMeta(m);
        s.sealed = true;
        s.cold = m.cold();
        return s;
    }

    /**
     * A sealed segment restored at start-up that lives in the object store: no bytes until touched.
     */
    public static Segment inObjects(long baseSeq, SegmentMeta m, ObjectSource remote) {
        Segment s = new Segment(baseSeq, null, EntryLocator.mapped(null));
        s.restoreMeta(m);
        s.sealed = true;
        s.tiered = new TieredCopy(remote);
        return s;
    }

    /** The active segment restored from its file at start-up into a pooled buffer (entries already checked). */
    public static Segment loaded(long baseSeq, ByteBuffer buf, int[] entryOffsets, SegmentMeta m) {
        Segment s = new Segment(baseSeq, buf, EntryLocator.loaded(entryOffsets));
        s.restoreMeta(m);
        s.sealed = m.sealed();
        return s;
    }

    private void restoreMeta(SegmentMeta m) {
        count = m.count();
        writePos = m.bytes();
        persistedCount = m.count();
        persistedBytes = m.bytes();
        totals.restore(m);
        firstTs = m.firstTs();
        lastTs = m.lastTs();
    }

    public long endSeq() {
        return baseSeq + count;
    }

    public int count() {
        return count;
    }

    public boolean isSealed() {
        return sealed;
    }

    public boolean isMapped() {
        return entries.isMapped();
    }

    /** @return the entry bytes (a segment in the object store is fetched whole first if the cache lacks any) */
    public ByteBuffer buffer() {
        ObjectSource.Resident r = tiered == null ? null : tiered.whole(buf, source);
        if (r != null) {
            attach(r);
        }
        return buf;
    }

    private void attach(ObjectSource.Resident r) {
        entries.remap(r.index());
        buf = r.entries(); // after the index: a complete copy without a saved index is indexed when fetched
        source = SegmentSource.trusted(r.file()); // checksums were checked as chunks were fetched
    }

    /**
     * Whether the record {@code seq} can be read now without waiting on the object store: always for a file;
     * for a segment in the object store, when the cache holds its chunk (mapped now if so). Reads check each
     * record through this and then use {@link #readBuffer}, {@link #offsetOf} and {@link #deletedAt}.
     *
     * @param seq a seq of this segment
     * @return whether it is readable
     */
    public boolean readable(long seq) {
        if (tiered == null) {
            return true;
        }
        ObjectSource.Resident r = tiered.readable((int) (seq - baseSeq), source);
        if (r != null && buf != r.entries()) {
            attach(r);
        }
        return r != null;
    }

    /** @return the entry bytes for records {@link #readable} said yes to */
    public ByteBuffer readBuffer() {
        return buf;
    }

    /** @return the object source of a segment in the object store, or null for a file */
    public ObjectSource objectSource() {
        return tiered == null ? null : tiered.source;
    }

    public int bytesUsed() {
        return writePos;
    }

    int capacity() {
        return buf.capacity();
    }

    long firstTs() {
        return firstTs;
    }

    public long lastTs() {
        return lastTs;
    }

    public int undeletedCount() {
        return totals.undeletedCount();
    }

    public long undeletedBytes() {
        return totals.undeletedBytes();
    }

    public int taggedCount() {
        return totals.taggedCount();
    }

    /** Offset of the entry for {@code seq}, which must lie in this segment. */
    public int offsetOf(long seq) {
        return entries.offsetOf(seq, baseSeq, buf, source);
    }

    boolean hasRoom(int entryLength) {
        return writePos + entryLength <= buf.capacity();
    }

    /** Moves the content to a larger (or exact-size) buffer; returns the old one for the pool. */
    ByteBuffer growInto(ByteBuffer bigger) {
        ByteBuffer old = buf;
        bigger.put(0, old, 0, writePos);
        buf = bigger;
        return old;
    }

    /** Appends one record; the caller checked {@link #hasRoom}. */
    void append(long seq, long ts, int hops, byte[] node, byte[] tag, byte[] data, int dataOff, int dataLen,
                byte[] meta) {
        int at = writePos;
        int len = RecordLayout.write(buf, at, seq, ts, hops, node, tag, data, dataOff, dataLen, meta);
        added(at, len, ts, tag == null ? 0 : tag.length, (long) dataLen + (meta == null ? 0 : meta.length));
    }

    /**
     * Appends one record whose fields from {@code hops} on are already laid out as in {@link RecordLayout}
     * (the WAL's per-record layout), copying them verbatim; the caller checked {@link #hasRoom}.
     */
    void appendLaidOut(long seq, long ts, ByteBuffer src, int at, int fieldsLength) {
        int pos = writePos;
        int len = RecordLayout.writeLaidOut(buf, pos, seq, ts, src, at, fieldsLength);
        added(pos, len, ts, RecordLayout.tagLength(buf, pos), RecordLayout.accountedSize(buf, pos));
    }

    private void added(int at, int len, long ts, int tagLen, long size) {
        entries.added(count++, at);
        writePos = at + len;
        if (firstTs == Long.MIN_VALUE) {
            firstTs = ts;
        }
        lastTs = ts;
        totals.added(size, tagLen > 0);
    }

    /** Seals the segment: no more appends; trims the offset index to its exact size. */
    void seal() {
        if (!sealed) {
            sealed = true;
            entries.trim(count);
        }
    }

    public boolean isDeleted(long seq) {
        buffer();
        return deletedAt(seq, offsetOf(seq));
    }

    /** Whether the entry for {@code seq}, found at {@code at}, is deleted. */
    public boolean deletedAt(long seq, int at) {
        return RecordLayout.isDeleted(buf, at)
                || marks.besideMapping((int) (seq - baseSeq));
    }

    /** Flags {@code seq} deleted and returns its accounted size, or -1 if it already was. */
    public long markDeleted(long seq) {
        buffer();
        int at = offsetOf(seq);
        if (deletedAt(seq, at)) {
            return -1;
        }
        int n = (int) (seq - baseSeq);
        flagDeleted(n, at);
        if (tiered != null) {
            marks.sinceUpload(n, count);
        } else if (n < persistedCount) {
            marks.unwritten(n, persistedCount);
        }
        long size = RecordLayout.accountedSize(buf, at);
        totals.deleted(size);
        return size;
    }

    long ts(long seq) {
        buffer();
        return RecordLayout.ts(buf, offsetOf(seq));
    }

    public long accountedSize(long seq) {
        buffer();
        return RecordLayout.accountedSize(buf, offsetOf(seq));
    }

    /** Highest seq in this segment whose ts is below {@code cutoff}, or baseSeq - 1 if none (ts ascend). */
    public long lastSeqWithTsBelow(long cutoff) {
        buffer();
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (RecordLayout.ts(buf, offsetOf(baseSeq + mid)) < cutoff) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return baseSeq + lo - 1;
    }

    /** Returns the buffer to the pool unless it is a file mapping. */
    void release(BufferPool pool) {
        if (!entries.isMapped()) {
            pool.release(buf);
        }
    }

    // ------------------------------------------------------------------------------------- checkpoints

    /** Whether a checkpoint has anything to write for this segment. */
    public boolean hasUnpersisted() {
        return persistedBytes < writePos || marks.hasUnwritten() || marks.hasSinceUpload();
    }

    /**
     * Captures what a checkpoint must write: the entries not yet captured (copied, so appends and buffer
     * growth after the capture do not matter) and the offsets of captured entries deleted since. Marks it all
     * captured.
     *
     * @param pool where the copy's buffer comes from
     * @return the capture
     */
    public SegmentImage capture(BufferPool pool) {
        ByteBuffer copy = null;
        int from = persistedBytes;
        if (writePos > persistedBytes) {
            copy = pool.acquire(writePos - persistedBytes);
            copy.put(0, buf, persistedBytes, writePos - persistedBytes);
            copy.limit(writePos - persistedBytes);
        }
        int[] flags = new int[0];
        int[] numbers = new int[0];
        if (tiered != null) {
            // the object never changes: list every delete since the upload, with no file offset to flag
            numbers = marks.sinceUploadNumbers();
        } else if (marks.hasUnwritten()) {
            numbers = marks.takeUnwritten();
            flags = new int[numbers.length];
            for (int k = 0; k < numbers.length; k++) {
                flags[k] = offsetOf(baseSeq + numbers[k]);
            }
        }
        persistedBytes = writePos;
        persistedCount = count;
        return new SegmentImage(baseSeq, meta(), from, copy, flags, numbers);
    }

    /** The metadata a snapshot records, valid for what has been captured. */
    public SegmentMeta meta() {
        return new SegmentMeta(persistedCount, persistedBytes, sealed && persistedCount == count,
                totals.undeletedCount(), totals.undeletedBytes(), totals.taggedCount(), firstTs, lastTs, cold,
                tiered == null ? 0 : tiered.source.objectId());
    }

    /**
     * Switches a sealed segment, now written whole, to a mapping of its file; deletes made since the
     * capture stay visible through the bit set.
     *
     * @param mapping the file's entries
     * @param path the file, for messages
     * @return the direct buffer it no longer needs
     */
    public ByteBuffer switchToMapping(ByteBuffer mapping, Object path) {
        ByteBuffer old = buf;
        entries.toSparse(count);
        marks.keepUnwrittenBesideMapping();
        buf = mapping;
        source = SegmentSource.trusted(path);
        return old;
    }

    /**
     * Re-applies a delete a snapshot lists as not yet flagged in the file: visible at once, written to the
     * file by the next checkpoint. The snapshot's totals already exclude it.
     *
     * @param n the entry number
     */
    public void restoreDeleted(int n) {
        if (tiered != null) { // no need to read the object: the snapshot's totals already exclude it
            flagDeleted(n, -1);
            marks.sinceUpload(n, count);
            return;
        }
        long seq = baseSeq + n;
        int at = offsetOf(seq);
        if (deletedAt(seq, at)) {
            return; // the flag reached the file before the crash
        }
        flagDeleted(n, at);
        marks.unwritten(n, persistedCount);
    }

    /**
     * Marks captured entries' delete flags as still to be written (their file was pinned during the pass).
     *
     * @param numbers entry numbers
     */
    public void deferFlags(int[] numbers) {
        for (int n : numbers) {
            marks.unwritten(n, persistedCount);
        }
    }

    /** Makes entry {@code n} (at {@code at}) read as deleted: its flag in memory, or beside a mapping. */
    private void flagDeleted(int n, int at) {
        if (entries.isMapped()) {
            marks.markBesideMapping(n, count);
        } else {
            RecordLayout.markDeleted(buf, at);
        }
    }

    /** Sets the undeleted totals from the delete flags actually present (a restore from an older snapshot). */
    public void recountFromFlags() {
        buffer();
        int n = 0;
        long b = 0;
        for (long s = baseSeq; s < endSeq(); s++) {
            int at = offsetOf(s);
            if (!deletedAt(s, at)) {
                n++;
                b += RecordLayout.accountedSize(buf, at);
            }
        }
        totals.recounted(n, b);
    }

    public boolean isCold() {
        return cold;
    }

    /** Whether the segment may move to the cold tier: sealed, mapped, hot, and its flags all written. */
    public boolean canMoveCold() {
        return entries.isMapped() && !cold && tiered == null && !marks.hasUnwritten();
    }

    /**
     * @return how many captures handed delete flags to a checkpoint: an upload that read the file while this
     *         changed may have missed a flag, and must not switch the segment to its object
     */
    public int flagCaptures() {
        return marks.flagCaptures();
    }

    /** @return whether the segment lives in the object store */
    public boolean inObjects() {
        return tiered != null;
    }

    /**
     * Switches a mapped hot segment, now uploaded and verified, to its object: the hot mapping is dropped and
     * the next touch reads the cached copy. The next snapshot records the object.
     *
     * @param to the object
     */
    public void moveToObjects(ObjectSource to) {
        tiered = new TieredCopy(to);
        buf = null;
        entries.forgetCursor();
    }

    /**
     * Switches a mapped segment to the mapping of its cold-tier copy (same bytes).
     *
     * @param mapping the copy's entries
     * @param path the copy, for messages
     */
    public void moveToCold(ByteBuffer mapping, Object path) {
        buf = mapping;
        source.movedTo(path);
        cold = true;
        entries.forgetCursor();
    }

    /** @return the sparse index of a mapped segment */
    public SparseIndex sparseIndex() {
        return entries.sparse();
    }

    /** Whether the segment was captured whole and can be switched to its file. */
    public boolean readyToMap() {
        return !entries.isMapped() && sealed && persistedCount == count && count > 0;
    }
}
