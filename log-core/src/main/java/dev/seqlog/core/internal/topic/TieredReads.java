package dev.seqlog.core.internal.topic;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.segment.Segment;
import dev.seqlog.core.internal.segment.SegmentNotResident;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Reads under a topic's lock that may reach tiered bytes the local cache lacks. Such a read throws
 * {@link SegmentNotResident} before it delivers anything; the chunk it stopped at is then fetched with the
 * lock released, so the topic's writers never wait on the object store, and the read runs again. A caller
 * that already holds the lock fetches while holding it.
 *
 * <p>Stateless; thread-safe.
 */
final class TieredReads {
    private TieredReads() {
    }

    /**
     * @param lock the topic's lock
     * @param read the read, run while holding it
     * @return its result
     * @throws SeqlogException storage_error if a fetch fails
     */
    static <T> T underLock(ReentrantLock lock, Supplier<T> read) {
        while (true) {
            SegmentNotResident missing;
            lock.lock();
            try {
                return read.get();
            } catch (SegmentNotResident e) {
                missing = e;
                if (lock.getHoldCount() > 1) {
                    fetch(e); // a caller holds the lock: fetch while holding it, then read again
                    missing = null;
                }
            } finally {
                lock.unlock();
            }
            if (missing != null) {
                fetch(missing);
            }
        }
    }

    private static void fetch(SegmentNotResident missing) {
        Segment seg = missing.segment();
        try {
            seg.objectSource().fetchAround((int) (missing.seq() - seg.baseSeq));
        } catch (IOException e) {
            throw new SeqlogException(ErrorCode.INTERNAL, "stored records cannot be read from the object store: "
                    + e.getMessage(), e).with("reason", "storage_error");
        }
    }
}
