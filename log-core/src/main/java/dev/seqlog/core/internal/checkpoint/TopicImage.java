package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.api.TombstoneReason;
import dev.seqlog.api.TopicConfig;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One topic instance as a checkpoint captured it, under its lock: everything recovery needs to rebuild the
 * instance without the WAL frames up to {@code lsn}, plus the segment bytes and flags the checkpoint must
 * write first. Immutable apart from the segment copies; confined to the checkpoint pass or to recovery.
 *
 * @param id the topic id (and instance epoch)
 * @param lsn the last log sequence number of the topic's frames the image holds
 * @param name the topic name
 * @param config the configuration
 * @param head the highest seq assigned
 * @param earliest the earliest seq that may still be readable
 * @param capFloor seqs below it were evicted by the cap
 * @param ttlFloor seqs below it expired
 * @param restartFloor seqs below it were lost to a restart
 * @param reservation the end of the durable seq reservation
 * @param lastTs the timestamp of the newest record
 * @param lastWriteTs when the topic was last written
 * @param count live records
 * @param bytes accounted bytes of live records
 * @param losses the interior loss ranges, oldest first
 * @param segments the segments, oldest first
 * @param queue a queue's lease state as a QueueSection content, or null for a log topic
 * @param idempotency the idempotency map as an IdempotencySection content, or null (kept only with an
 *        external log)
 */
public record TopicImage(long id, long lsn, String name, TopicConfig config, long head, long earliest, long capFloor,
                         long ttlFloor, long restartFloor, long reservation, long lastTs, long lastWriteTs, long count,
                         long bytes, List<Loss> losses, List<SegmentImage> segments, ByteBuffer queue,
                         ByteBuffer idempotency) {

    /**
     * @param queue a queue section's content
     * @return this image with it
     */
    public TopicImage withQueue(ByteBuffer queue) {
        return new TopicImage(id, lsn, name, config, head, earliest, capFloor, ttlFloor, restartFloor, reservation,
                lastTs, lastWriteTs, count, bytes, losses, segments, queue, idempotency);
    }

    /**
     * @param map an idempotency section's content
     * @return this image with it
     */
    public TopicImage withIdempotency(ByteBuffer map) {
        return new TopicImage(id, lsn, name, config, head, earliest, capFloor, ttlFloor, restartFloor, reservation,
                lastTs, lastWriteTs, count, bytes, losses, segments, queue, map);
    }
    /**
     * One interior loss range.
     *
     * @param from the first seq lost
     * @param to the last seq lost
     * @param reason why
     * @param missed how many records the range may have held
     */
    public record Loss(long from, long to, TombstoneReason reason, long missed) {
    }
}
