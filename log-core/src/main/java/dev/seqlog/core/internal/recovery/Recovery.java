package dev.seqlog.core.internal.recovery;

import dev.seqlog.core.internal.checkpoint.Checkpointer;
import dev.seqlog.core.internal.checkpoint.CheckpointImage;
import dev.seqlog.core.internal.checkpoint.SegmentFiles;
import dev.seqlog.core.internal.checkpoint.TopicImage;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.format.CorruptionException;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.internal.format.WalCut;
import dev.seqlog.core.internal.storage.WalDirectory;
import dev.seqlog.core.internal.storage.WalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
        /** The external log's last entry the snapshot includes, or null (none, or an engine with its own WAL). */
        public final dev.seqlog.core.LogPosition position;

        Result(Map<String, TopicLog> topics, long maxTopicId, Checkpointer.Recovered checkpoints,
               dev.seqlog.core.LogPosition position) {
            this.topics = topics;
            this.maxTopicId = maxTopicId;
            this.checkpoints = checkpoints;
            this.position = position;
        }
    }

    private Recovery() {
    }

    /** The snapshot recovery starts from, chosen before anything else is touched. */
    public static final class Start {
        final List<Long> numbers;
        final CheckpointImage image;
        final long used;

        Start(List<Long> numbers, CheckpointImage image, long used) {
            this.numbers = numbers;
            this.image = image;
            this.used = used;
        }

        /** @return whether recovery starts from a snapshot */
        public boolean hasSnapshot() {
            return image != null;
        }

        /** @return the external log position the snapshot records, or null (none, or no snapshot) */
        public dev.seqlog.core.LogPosition position() {
            return image == null ? null : image.position();
        }

        /** @return WAL files of boots below this number are covered by the snapshot (0 without one) */
        public long coveredBootsBelow() {
            return image == null ? 0 : image.cut().boot();
        }
    }

    /**
     * Chooses the newest valid snapshot (an older one if the newest is damaged, of an unknown version, or holds
     * a required section this build does not know).
     *
     * @param snapshots the snapshot files
     * @return the choice
     * @throws CorruptionException if snapshot files exist but none is valid
     * @throws IOException on I/O failure
     */
    public static Start chooseSnapshot(SnapshotFile snapshots) throws IOException {
        List<Long> numbers = snapshots.list();
        for (long n : numbers) {
            SnapshotFile.Contents contents = snapshots.read(n);
            if (contents == null) {
                continue;
            }
            try {
                CheckpointImage image = CheckpointImage.decode(contents.version, contents.body);
                if (n != numbers.get(0)) {
                    LOG.warn("starting from an older snapshot: number={} newest={}", n, numbers.get(0));
                }
                return new Start(numbers, image, n);
            } catch (UnsupportedFormatException | CorruptionException e) {
                LOG.warn("snapshot skipped: number={} reason={}", n, e.getMessage());
            }
        }
        if (!numbers.isEmpty()) {
            throw new CorruptionException("no valid snapshot among " + numbers
                    + "; the WAL files they covered may be gone, so the data directory cannot be recovered");
        }
        return new Start(numbers, null, 0);
    }

    /**
     * Runs recovery from the chosen snapshot.
     *
     * @param start the snapshot, from {@link #chooseSnapshot}
     * @param wal the WAL directory
     * @param files its files in replay order, from {@link WalDirectory#list()}
     * @param segments the segment files
     * @param factory builds topic instances
     * @param catalog receives the router catalog's section and frames
     * @param progress receives values rising from 0.0 to 1.0
     * @return the recovered state
     * @throws IOException on I/O failure, corruption or an unsupported format
     */
    public static Result run(Start start, WalDirectory wal, List<WalDirectory.Entry> files, SegmentFiles segments,
                             WalReplay.Factory factory, CatalogReplay catalog, DoubleConsumer progress)
            throws IOException {
        long started = System.nanoTime();
        progress.accept(0.0);
        CheckpointImage image = start.image;
        WalReplay replay = new WalReplay(factory, catalog);
        WalCut cut = WalCut.NONE;
        Set<Path> referenced = Set.of();
        if (image != null) {
            cut = image.cut();
            referenced = Checkpointer.referencedFiles(image, segments);
            // a hot copy of a segment the snapshot places in the object store is read instead of the object:
            // a restored backup holds one, and so does a crash before the hot file was reclaimed
            Set<Path> keep = new java.util.HashSet<>(referenced);
            keep.addAll(segments.hotCopiesOfObjects(image));
            int removed = Checkpointer.deleteUnreferenced(segments, keep);
            if (removed > 0) {
                LOG.info("removed {} segment files no snapshot references", removed);
            }
            // a newer, damaged snapshot's checkpoint may have flagged deletes in files this one shares:
            // count live records from the files, and let replay find those deletes already done
            boolean recount = start.used != start.numbers.get(0);
            List<TopicLog> restored = new ArrayList<>();
            for (TopicImage ti : image.topics()) {
                TopicLog t = factory.create(ti.name(), ti.id(), ti.config());
                t.replay().restore(ti, segments, recount);
                restored.add(t);
            }
            replay.startFrom(restored, image.maxTopicId());
            if (image.routers() != null) {
                catalog.restore(image.routers());
            }
        }
        WalReader reader = new WalReader(wal.fs());
        int done = 0;
        int replayed = 0;
        for (WalDirectory.Entry e : files) {
            if (!cut.covers(e.header)) {
                reader.read(e, replay::apply, cut.replayFrom(e.header));
                replayed++;
            }
            progress.accept((double) ++done / (files.size() + 1));
        }
        Map<String, TopicLog> topics = replay.finish();
        progress.accept(1.0);
        LOG.info("recovered {} topics from {} and {} of {} WAL files in {} ms", topics.size(),
                image == null ? "no snapshot" : "snapshot " + start.used, replayed, files.size(),
                (System.nanoTime() - started) / 1_000_000);
        long highest = start.numbers.isEmpty() ? 0 : start.numbers.get(0);
        return new Result(topics, replay.maxId(),
                new Checkpointer.Recovered(highest, start.used, image == null ? null : cut, referenced,
                        Checkpointer.referencedObjects(image)), image == null ? null : image.position());
    }
}
