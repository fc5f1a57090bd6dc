package dev.seqlog.core.internal.segment;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.format.CorruptionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The file a segment's bytes come from, named in errors, and the one-time check of a segment mapped at start-up:
 * every entry's checksum is checked the first time the segment is touched, and a damaged segment then fails
 * every read of it with {@code data_corruption}. A segment written whole by this process needs no check.
 *
 * <p>Not thread-safe: guarded by the owning topic's lock, like its segment.
 */
final class SegmentSource {
    /** Reported under the segment's logger, where operators look for damaged segments. */
    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    private Object file;
    private final Segment.Checker checker;
    private boolean verified;
    private boolean corrupt;

    private SegmentSource(Object file, Segment.Checker checker) {
        this.file = file;
        this.checker = checker;
        this.verified = checker == null;
    }

    /** @return the source of a segment whose bytes this process wrote (in memory, or a file it wrote whole) */
    static SegmentSource trusted(Object file) {
        return new SegmentSource(file, null);
    }

    /** @return the source of a segment mapped at start-up, checked by {@code checker} on first touch */
    static SegmentSource unchecked(Object file, Segment.Checker checker) {
        return new SegmentSource(file, checker);
    }

    /** The same bytes now come from {@code path} (a cold-tier copy). */
    void movedTo(Object path) {
        file = path;
    }

    /** Checks every entry's checksum once, before the segment serves anything. */
    void requireIntact() {
        if (verified) {
            return;
        }
        if (corrupt) {
            throw corruption("checksum mismatch found earlier");
        }
        try {
            checker.check(file);
            verified = true;
        } catch (CorruptionException e) {
            corrupt = true;
            LOG.error("sealed segment damaged; reads of it fail: file={}", file, e);
            throw corruption(e.getMessage());
        } catch (IOException e) {
            LOG.error("sealed segment unreadable: file={}", file, e);
            throw unreadable(e);
        }
    }

    /** The error for a read the storage failed (not damage: a retry may succeed). */
    SeqlogException unreadable(IOException e) {
        return new SeqlogException(ErrorCode.INTERNAL, "stored records cannot be read: " + e.getMessage()
                + (file == null ? "" : " (file=" + file + ")"), e).with("reason", "storage_error");
    }

    SeqlogException corruption(String what) {
        return new SeqlogException(ErrorCode.INTERNAL, "stored records are damaged: " + what + " (file=" + file + ")")
                .with("reason", "data_corruption");
    }
}
