package dev.seqlog.core.recovery;

import dev.seqlog.core.checkpoint.Checkpointer;
import dev.seqlog.core.engine.CheckpointImage;
import dev.seqlog.core.engine.SegmentFiles;
import dev.seqlog.core.engine.TopicImage;
import dev.seqlog.core.engine.TopicLog;
import dev.seqlog.core.engine.WalReplay;
import dev.seqlog.core.storage.CorruptionException;
import dev.seqlog.core.storage.SnapshotFile;
import dev.seqlog.core.storage.UnsupportedFormatException;
import dev.seqlog.core.storage.WalCut;
import dev.seqlog.core.storage.WalDirectory;
import dev.seqlog.core.storage.WalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * Rebuilds engine state: the newest valid snapshot (an older one if the newest is damaged), its segment
 * files, then every WAL file the snapshot does not cover, in order of boot, shard and generation, so each
 * topic's frames apply in commit order; frames the snapshot already holds are skipped by their log sequence
 * number. Segment files no snapshot in use references (left by an interrupted checkpoint, or resurrected
 * by a crash after their deletion) are removed first, so nothing ever re-imports them.
 *
 * <p>Not thread-safe: one recovery runs on one thread.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery found. */
    public static final class Result {
        /** Recovered topics by name. */
        public final Map<String, TopicLog> topics;
        /** Highest topic id ever used. */
        public final long maxTopicId;
        /** Where the checkpoint history stands. */
        public final Checkpointer.Recovered checkpoints;

        Result(Map<String, TopicLog> topics, long maxTopicId, Checkpointer.Recovered checkpoints) {
            this.topics = topics;
            this.maxTopicId = maxTopicId;
            this.checkpoints = checkpoints;
        }
    }

    private Recovery() {
    }

    /**
     * Runs recovery.
     *
     * @param wal the WAL directory
     * @param files its files in replay order, from {@link WalDirectory#list()}
     * @param snapshots the snapshot files
     * @param segments the segment files
     * @param factory builds topic instances
     * @param progress receives values rising from 0.0 to 1.0
     * @return the recovered state
     * @throws IOException on I/O failure, corruption or an unsupported format
     */
    public static Result run(WalDirectory wal, List<WalDirectory.Entry> files, SnapshotFile snapshots,
                             SegmentFiles segments, WalReplay.Factory factory, DoubleConsumer progress)
            throws IOException {
        long started = System.nanoTime();
        progress.accept(0.0);
        List<Long> numbers = snapshots.list();
        CheckpointImage image = null;
        for (long n : numbers) {
            ByteBuffer body = snapshots.read(n);
            if (body == null) {
                continue;
            }
            try {
                image = CheckpointImage.decode(body);
            } catch (UnsupportedFormatException e) {
                LOG.warn("snapshot skipped: number={} reason={}", n, e.getMessage());
                continue;
            }
            if (n != numbers.get(0)) {
                LOG.warn("starting from an older snapshot: number={} newest={}", n, numbers.get(0));
            }
            break;
        }
        if (image == null && !numbers.isEmpty()) {
            throw new CorruptionException("no valid snapshot among " + numbers
                    + "; the WAL files they covered may be gone, so the data directory cannot be recovered");
        }
        WalReplay replay = new WalReplay(factory);
        WalCut cut = WalCut.NONE;
        Set<Path> referenced = Set.of();
        if (image != null) {
            cut = image.cut();
            referenced = Checkpointer.referencedFiles(image, segments);
            int removed = Checkpointer.deleteUnreferenced(segments, referenced);
            if (removed > 0) {
                LOG.info("removed {} segment files no snapshot references", removed);
            }
            List<TopicLog> restored = new ArrayList<>();
            for (TopicImage ti : image.topics()) {
                TopicLog t = factory.create(ti.name(), ti.id(), ti.config());
                t.restore(ti, segments);
                restored.add(t);
            }
            replay.startFrom(restored, image.maxTopicId());
        }
        WalReader reader = new WalReader(wal.fs());
        int done = 0;
        int replayed = 0;
        for (WalDirectory.Entry e : files) {
            if (!cut.covers(e.header)) {
                reader.read(e, replay::apply);
                replayed++;
            }
            progress.accept((double) ++done / (files.size() + 1));
        }
        Map<String, TopicLog> topics = replay.finish();
        progress.accept(1.0);
        LOG.info("recovered {} topics from {} and {} of {} WAL files in {} ms", topics.size(),
                image == null ? "no snapshot" : "a snapshot", replayed, files.size(),
                (System.nanoTime() - started) / 1_000_000);
        long highest = numbers.isEmpty() ? 0 : numbers.get(0);
        return new Result(topics, replay.maxId(),
                new Checkpointer.Recovered(highest, image == null ? null : cut, referenced));
    }
}
