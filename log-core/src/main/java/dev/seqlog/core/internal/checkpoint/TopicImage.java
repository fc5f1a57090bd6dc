package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;

import java.util.List;

/**
 * One topic instance as a checkpoint captured it, under its lock: everything recovery needs to rebuild the
 * instance without the WAL frames up to {@link #lsn}, plus the segment bytes and flags the checkpoint must
 * write first.
 *
 * <p>Immutable apart from the segment copies; confined to the checkpoint pass or to recovery.
 */
public final class TopicImage {
    /** One interior loss range. */
    public static final class Loss {
        public final long from;
        public final long to;
        public final TombstoneReason reason;
        public final long missed;

        public Loss(long from, long to, TombstoneReason reason, long missed) {
            this.from = from;
            this.to = to;
            this.reason = reason;
            this.missed = missed;
        }
    }

    final long id;
    public final long lsn;
    final String name;
    final TopicConfig config;
    public final long head;
    public final long earliest;
    public final long capFloor;
    public final long ttlFloor;
    public final long restartFloor;
    public final long reservation;
    public final long lastTs;
    public final long lastWriteTs;
    public final long count;
    public final long bytes;
    public final List<Loss> losses;
    public final List<SegmentImage> segments;

    public TopicImage(long id, long lsn, String name, TopicConfig config, long head, long earliest, long capFloor,
               long ttlFloor, long restartFloor, long reservation, long lastTs, long lastWriteTs, long count,
               long bytes, List<Loss> losses, List<SegmentImage> segments) {
        this.id = id;
        this.lsn = lsn;
        this.name = name;
        this.config = config;
        this.head = head;
        this.earliest = earliest;
        this.capFloor = capFloor;
        this.ttlFloor = ttlFloor;
        this.restartFloor = restartFloor;
        this.reservation = reservation;
        this.lastTs = lastTs;
        this.lastWriteTs = lastWriteTs;
        this.count = count;
        this.bytes = bytes;
        this.losses = losses;
        this.segments = segments;
    }

    /** @return the topic id (and instance epoch) */
    public long id() {
        return id;
    }

    /** @return the topic name */
    public String name() {
        return name;
    }

    /** @return the configuration */
    public TopicConfig config() {
        return config;
    }

    /** @return the segments, oldest first */
    public List<SegmentImage> segments() {
        return segments;
    }
}
