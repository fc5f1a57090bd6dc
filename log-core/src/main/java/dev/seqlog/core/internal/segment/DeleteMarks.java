package dev.seqlog.core.internal.segment;

import java.util.BitSet;

/**
 * A segment's deletes kept beside its bytes: entries deleted after its file was mapped (the mapping may not
 * show their flags), captured entries whose flags are still to be written into the file, and, for a segment
 * in the object store, every entry deleted since the upload (the object never changes, so each snapshot
 * lists them). Also counts the captures that handed flags to a checkpoint, which an upload compares.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock, like its segment.
 */
final class DeleteMarks {
    /** Mapped only: entries deleted after the mapping was made. */
    private BitSet sinceMapped;
    /** Captured entries deleted since: their file flags are still to be written. */
    private BitSet unwritten;
    /** Object store only: entries deleted since the upload. */
    private BitSet sinceUpload;
    private int flagCaptures;

    /** @return whether entry {@code n} was marked deleted beside the mapping */
    boolean besideMapping(int n) {
        return sinceMapped != null && sinceMapped.get(n);
    }

    /** Marks entry {@code n} deleted beside the mapping. */
    void markBesideMapping(int n, int count) {
        if (sinceMapped == null) {
            sinceMapped = new BitSet(count);
        }
        sinceMapped.set(n);
    }

    /** Notes that captured entry {@code n}'s flag is still to be written to the file. */
    void unwritten(int n, int persistedCount) {
        if (unwritten == null) {
            unwritten = new BitSet(persistedCount);
        }
        unwritten.set(n);
    }

    /** Notes a delete of entry {@code n} made after the segment's upload. */
    void sinceUpload(int n, int count) {
        if (sinceUpload == null) {
            sinceUpload = new BitSet(count);
        }
        sinceUpload.set(n);
    }

    /** @return whether flags are still to be written into the file */
    boolean hasUnwritten() {
        return unwritten != null && !unwritten.isEmpty();
    }

    /** @return whether deletes since the upload exist (each snapshot lists them) */
    boolean hasSinceUpload() {
        return sinceUpload != null && !sinceUpload.isEmpty();
    }

    /** @return every entry deleted since the upload, ascending */
    int[] sinceUploadNumbers() {
        return sinceUpload == null ? new int[0] : sinceUpload.stream().toArray();
    }

    /**
     * Hands the unwritten flags to a checkpoint: they are the capture's to write now.
     *
     * @return their entry numbers, ascending
     */
    int[] takeUnwritten() {
        int[] numbers = unwritten.stream().toArray();
        unwritten.clear();
        flagCaptures++;
        return numbers;
    }

    /** The segment switches to a mapping of its file: flags not yet written must stay visible beside it. */
    void keepUnwrittenBesideMapping() {
        if (hasUnwritten()) {
            sinceMapped = (BitSet) unwritten.clone();
        }
    }

    int flagCaptures() {
        return flagCaptures;
    }
}
