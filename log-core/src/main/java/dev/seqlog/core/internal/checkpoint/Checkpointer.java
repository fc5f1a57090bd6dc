package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.segment.BufferPool;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.topic.TopicLog;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.format.WalCut;
import dev.seqlog.core.internal.storage.WalDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checkpoint pass. Its steps, each safe to interrupt because recovery starts from the newest valid
 * snapshot and ignores or removes whatever a later, unfinished pass left:
 *
 * <ol>
 *   <li><b>cut</b>: read each shard's current WAL file generation; older files hold only frames submitted
 *       before the capture below.</li>
 *   <li><b>capture</b>: each topic under its lock (state, new segment bytes, new delete flags).</li>
 *   <li><b>flush WAL</b>: every captured operation is durable in the WAL before any file below reflects
 *       it, so a checkpoint never persists an operation the WAL could still lose.</li>
 *   <li><b>write segments</b>: append the new entries, flush each file, then flush the directory if
 *       files were created.</li>
 *   <li><b>snapshot</b>: written atomically; from here on recovery starts at this image, which lists the
 *       deletes whose flags are not yet in the files.</li>
 *   <li><b>flag</b>: set those delete flags in place and flush; recovery from this snapshot sets them
 *       again, recovery from an older one never sees one.</li>
 *   <li><b>map</b>: sealed segments now written whole switch from direct memory to their files.</li>
 *   <li><b>tier</b> (with a cold directory): sealed segments beyond the hot retention are copied to the
 *       cold tier, flushed, and read from there; the next snapshot makes the copies authoritative.</li>
 *   <li><b>reclaim</b>: keep this snapshot and the previous one (the fallback if this one is ever found
 *       damaged); delete older snapshots and segment files neither references, and retire the WAL files
 *       the previous one covers (a few are kept as spares to recycle).</li>
 * </ol>
 *
 * <p>A backup pins one pass's files ({@link #runPinned}): until it is closed, later passes neither reclaim
 * nor retire them, nor set delete flags in them (the topic keeps those flags for the next pass).
 *
 * <p>Thread-safe: passes are serialised.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /** What a pass reads from the engine. */
    public interface Source {
        /** @return the WAL cut as of now */
        WalCut cut();

        /** @return the external log's last entry the pass includes, or null for an engine with its own WAL */
        default dev.seqlog.core.LogPosition position() {
            return null;
        }

        /** @return the live topic instances */
        Collection<TopicLog> topics();

        /** @return the highest topic id ever used */
        long maxTopicId();

        /**
         * The router catalog, captured after the topics (RouterSection content), or null for none.
         *
         * @return the section content
         */
        default ByteBuffer routers() {
            return null;
        }

        /**
         * Flushes every WAL shard.
         *
         * @throws IOException if a shard failed
         */
        void flushWal() throws IOException;
    }

    /** The outcome of one pass, for logs, metrics and tests. */
    public static final class Stats {
        /** The snapshot number written. */
        public final long number;
        /** Topics captured. */
        public final int topics;
        /** Segment entry bytes written. */
        public final long bytesWritten;
        /** WAL files retired: kept as spares for recycling, or deleted. */
        public final int walFilesDeleted;
        /** Segment and index files deleted. */
        public final int segmentFilesDeleted;

        Stats(long number, int topics, long bytesWritten, int walFilesDeleted, int segmentFilesDeleted) {
            this.number = number;
            this.topics = topics;
            this.bytesWritten = bytesWritten;
            this.walFilesDeleted = walFilesDeleted;
            this.segmentFilesDeleted = segmentFilesDeleted;
        }
    }

    private final SnapshotFile snapshots;
    private final SegmentFiles segments;
    private final WalDirectory wal;
    private final BufferPool pool;
    private final long walFileBytes;
    private final int hotRetainSegments;
    private final long hotRetainBytes;
    private long lastNumber;
    /** The newest valid snapshot before the one being written: kept as the fallback. */
    private long fallbackNumber;
    private WalCut lastCut;
    private Set<Path> lastReferenced;
    private Set<Long> lastReferencedObjects;
    private CheckpointImage lastImage;
    private final FilePins pins = new FilePins();

    /**
     * @param snapshots the snapshot files
     * @param segments the segment files
     * @param wal the WAL directory
     * @param pool where captured copies go back
     * @param walFileBytes the standard WAL file size (retired files of that size are recycled)
     * @param hotRetainSegments sealed segments per topic kept hot (with a cold tier)
     * @param hotRetainBytes bound on hot sealed bytes per topic, 0 = none (with a cold tier)
     * @param recovered what recovery started from: the highest snapshot number present, and the cut and
     *        referenced files of the snapshot it used (null cut if none)
     */
    public Checkpointer(SnapshotFile snapshots, SegmentFiles segments, WalDirectory wal, BufferPool pool,
                        long walFileBytes, int hotRetainSegments, long hotRetainBytes, Recovered recovered) {
        this.walFileBytes = walFileBytes;
        this.snapshots = snapshots;
        this.segments = segments;
        this.wal = wal;
        this.pool = pool;
        this.hotRetainSegments = hotRetainSegments;
        this.hotRetainBytes = hotRetainBytes;
        this.lastNumber = recovered.highestNumber;
        this.fallbackNumber = recovered.usedNumber;
        this.lastCut = recovered.cut;
        this.lastReferenced = recovered.referenced;
        this.lastReferencedObjects = recovered.referencedObjects;
    }

    /** Where recovery left the checkpoint history. */
    public static final class Recovered {
        final long highestNumber;
        final long usedNumber;
        final WalCut cut;
        final Set<Path> referenced;
        final Set<Long> referencedObjects;

        /**
         * @param highestNumber the highest snapshot number present (0 if none)
         * @param usedNumber the snapshot recovery started from (0 if none)
         * @param cut the cut of the snapshot recovery used, or null
         * @param referenced the segment and index files that snapshot references
         */
        public Recovered(long highestNumber, long usedNumber, WalCut cut, Set<Path> referenced) {
            this(highestNumber, usedNumber, cut, referenced, Set.of());
        }

        /**
         * @param referencedObjects the object ids that snapshot references
         */
        public Recovered(long highestNumber, long usedNumber, WalCut cut, Set<Path> referenced,
                         Set<Long> referencedObjects) {
            this.highestNumber = highestNumber;
            this.usedNumber = usedNumber;
            this.cut = cut;
            this.referenced = referenced;
            this.referencedObjects = referencedObjects;
        }
    }

    /**
     * The segment and index files an image references, in either tier.
     *
     * @param image the image
     * @param files both tiers
     * @return the paths
     * @throws IOException if the image references a cold tier that is not configured
     */
    public static Set<Path> referencedFiles(CheckpointImage image, SegmentFiles files) throws IOException {
        Set<Path> out = new HashSet<>();
        for (TopicImage t : image.topics()) {
            for (SegmentImage s : t.segments()) {
                if (s.meta.inObjects()) {
                    continue;
                }
                SegmentDirectory dir = files.tier(s.cold());
                out.add(dir.segment(t.id(), s.baseSeq()));
                out.add(dir.index(t.id(), s.baseSeq()));
            }
        }
        return out;
    }

    /**
     * The object ids an image references.
     *
     * @param image the image, or null
     * @return the ids
     */
    public static Set<Long> referencedObjects(CheckpointImage image) {
        Set<Long> out = new HashSet<>();
        if (image != null) {
            for (TopicImage t : image.topics()) {
                for (SegmentImage s : t.segments()) {
                    if (s.meta.inObjects()) {
                        out.add(s.meta.objectId());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Deletes the segment and index files of both tiers that are not in {@code keep}.
     *
     * @param files both tiers
     * @param keep files still referenced
     * @return how many were deleted
     * @throws IOException on failure
     */
    public static int deleteUnreferenced(SegmentFiles files, Set<Path> keep) throws IOException {
        int n = 0;
        for (SegmentDirectory dir : files.cold() == null ? List.of(files.hot()) : List.of(files.hot(), files.cold())) {
            int here = 0;
            for (Path p : dir.files()) {
                if (!keep.contains(p)) {
                    dir.delete(p);
                    here++;
                }
            }
            if (here > 0) {
                dir.sync();
            }
            n += here;
        }
        return n;
    }

    /**
     * Runs one pass.
     *
     * @param source the engine
     * @param now the clock reading (seals segments past their maximum age)
     * @param finalPass a clean shutdown's pass: the WAL is closed, so the cut covers every file and each
     *        topic's exact head is recorded
     * @return what the pass did
     * @throws IOException if writing failed; the caller puts the store into read-only mode
     */
    public synchronized Stats run(Source source, long now, boolean finalPass) throws IOException {
        try {
            return pass(source, now, finalPass);
        } finally {
            lastImage = null;
        }
    }

    /**
     * Runs one pass and pins its files (a backup): until the result is closed, later passes leave them as
     * they are at the end of this call.
     *
     * @param source the engine
     * @param now the clock reading
     * @return the pinned checkpoint
     * @throws IOException if the pass or the listing failed
     */
    public synchronized PinnedCheckpoint runPinned(Source source, long now) throws IOException {
        try {
            Stats stats = pass(source, now, false);
            // the WAL from the cut to here makes the topics, captured one after another, agree at one instant
            source.flushWal();
            return PinnedCheckpoint.pin(stats.number, lastImage, snapshots, segments, wal, source.cut(), pins);
        } finally {
            lastImage = null;
        }
    }

    private Stats pass(Source source, long now, boolean finalPass) throws IOException {
        WalCut cut = source.cut();
        long maxTopicId = source.maxTopicId();
        List<TopicImage> images = capture(source, now, finalPass);
        // after the topics: a router's captured cursor then covers every copy a captured destination holds
        CheckpointImage image = new CheckpointImage(maxTopicId, cut, images, source.routers(), source.position());
        lastImage = image;
        long written = persist(source, image);
        for (TopicLog t : source.topics()) {
            t.tiering().mapWrittenSegments(segments);
            if (segments.cold() != null) {
                t.tiering().moveToCold(segments, hotRetainSegments, hotRetainBytes);
            }
        }
        if (segments.objects() != null) {
            segments.objects().afterPass(source.topics(), segments, hotRetainSegments, hotRetainBytes, now);
        }
        Set<Path> referenced = referencedFiles(image, segments);
        int walRetired = lastCut == null ? 0 : wal.retireCovered(lastCut, walFileBytes, pins::holds);
        int segDeleted = reclaimSegments(source, referenced);
        Set<Long> objects = referencedObjects(image);
        if (segments.objects() != null) {
            collectObjects(source, objects);
        }
        reclaimSnapshots();
        lastCut = cut;
        lastReferenced = referenced;
        lastReferencedObjects = objects;
        LOG.debug("checkpoint {}: topics={} segmentBytes={} walFilesRetired={} segmentFilesDeleted={}", lastNumber,
                images.size(), written, walRetired, segDeleted);
        return new Stats(lastNumber, images.size(), written, walRetired, segDeleted);
    }

    private static List<TopicImage> capture(Source source, long now, boolean finalPass) {
        List<TopicImage> images = new ArrayList<>();
        for (TopicLog t : source.topics()) {
            TopicImage img = t.tiering().capture(now, finalPass);
            if (img != null) {
                images.add(img);
            }
        }
        return images;
    }

    /** Flushes the WAL, writes segments, commits the snapshot, then the delete flags it lists. */
    private long persist(Source source, CheckpointImage image) throws IOException {
        try {
            source.flushWal();
            long written = writeSegments(image.topics());
            lastNumber++;
            snapshots.write(lastNumber, image.encode());
            writeFlags(source, image.topics());
            return written;
        } finally {
            for (TopicImage t : image.topics()) {
                for (SegmentImage s : t.segments()) {
                    s.releaseEntries(pool);
                }
            }
        }
    }

    /** Deletes segment files neither retained snapshot names and no segment is read from. */
    private int reclaimSegments(Source source, Set<Path> referenced) throws IOException {
        Set<Path> keep = new HashSet<>(referenced);
        keep.addAll(pins.all());
        if (lastReferenced != null) {
            keep.addAll(lastReferenced);
        }
        keepCurrentLocations(source, keep);
        return deleteUnreferenced(segments, keep);
    }

    /** Deletes objects neither retained snapshot, a pinned backup nor a live segment references. */
    private void collectObjects(Source source, Set<Long> referenced) {
        Set<Long> last = lastReferencedObjects;
        segments.objects().collect(() -> {
            Set<Long> keep = new HashSet<>(referenced);
            if (last != null) {
                keep.addAll(last);
            }
            keep.addAll(pins.objects());
            for (TopicLog t : source.topics()) {
                for (long[] seg : t.tiering().segmentLocations()) {
                    if (seg[2] != 0) {
                        keep.add(seg[2]);
                    }
                }
            }
            return keep;
        });
    }

    /** Keeps this snapshot and the previous valid one; a damaged one skipped at start-up goes too. */
    private void reclaimSnapshots() throws IOException {
        for (long n : snapshots.list()) {
            if (n != lastNumber && n != fallbackNumber && !pins.holds(snapshots.path(n))) {
                snapshots.delete(n);
            }
        }
        snapshots.syncDirectory();
        fallbackNumber = lastNumber;
    }

    /** Adds the files segments are read from now: a cold copy made by this pass is not in any snapshot yet. */
    private void keepCurrentLocations(Source source, Set<Path> keep) throws IOException {
        for (TopicLog t : source.topics()) {
            for (long[] seg : t.tiering().segmentLocations()) {
                if (seg[2] != 0) {
                    continue; // in the object store: its hot file goes once no retained snapshot names it
                }
                SegmentDirectory dir = segments.tier(seg[1] != 0);
                keep.add(dir.segment(t.epoch(), seg[0]));
                keep.add(dir.index(t.epoch(), seg[0]));
            }
        }
    }

    /** Sets the delete flags the snapshot lists; those of pinned files go back to their topic for later. */
    private void writeFlags(Source source, List<TopicImage> images) throws IOException {
        for (TopicImage t : images) {
            for (SegmentImage s : t.segments()) {
                if (s.flagOffsets().length == 0) {
                    continue;
                }
                SegmentDirectory dir = segments.tier(s.cold());
                if (pins.holds(dir.segment(t.id(), s.baseSeq()))) {
                    deferFlags(source, t.id(), s);
                    continue;
                }
                try (SegmentFile f = SegmentFile.open(dir.fs(), dir.segment(t.id(), s.baseSeq()), t.id(),
                        s.baseSeq())) {
                    for (int at : s.flagOffsets()) {
                        f.markDeleted(at);
                    }
                    f.sync();
                }
            }
        }
    }

    private static void deferFlags(Source source, long topicId, SegmentImage s) {
        for (TopicLog t : source.topics()) {
            if (t.epoch() == topicId) {
                t.tiering().deferFlags(s.baseSeq(), s.flagNumbers);
                return;
            }
        }
    }

    private long writeSegments(List<TopicImage> images) throws IOException {
        long written = 0;
        boolean created = false;
        for (TopicImage t : images) {
            for (SegmentImage s : t.segments()) {
                ByteBuffer entries = s.entries();
                if (entries == null) {
                    continue;
                }
                SegmentDirectory dir = segments.tier(s.cold());
                Path p = dir.segment(t.id(), s.baseSeq());
                boolean fresh = s.from() == 0;
                try (SegmentFile f = fresh ? SegmentFile.create(dir.fs(), p, t.id(), s.baseSeq())
                        : SegmentFile.open(dir.fs(), p, t.id(), s.baseSeq())) {
                    SegmentFile.fillChecksums(entries, 0, entries.limit());
                    written += entries.remaining();
                    f.write(entries.duplicate(), s.from());
                    f.sync();
                }
                created |= fresh;
            }
        }
        if (created) {
            segments.hot().sync();
        }
        return written;
    }
}
