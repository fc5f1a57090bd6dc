package dev.seqlog.core.internal.checkpoint;

import dev.seqlog.core.internal.format.WalCut;
import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.storage.WalDirectory;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import dev.seqlog.core.internal.tier.ObjectKeys;
import dev.seqlog.core.spi.ObjectStore;
import java.util.Set;

/**
 * A checkpoint whose files stay as they were at its instant until it is closed: the snapshot, every
 * segment file it references (to the length it records), and the WAL from its cut to the end of what was
 * written when it was pinned. Recovering these files gives the state at that end, exactly as after a crash
 * that lost nothing: the snapshot alone would not do, because topics are captured one after another and the
 * WAL is what makes them agree.
 *
 * <p>Immutable; {@link #close()} is idempotent.
 */
public final class PinnedCheckpoint implements AutoCloseable {
    /** Archive directory names of a data directory's parts. */
    public static final String SNAPSHOTS = "snapshots";
    public static final String SEGMENTS = "segments";
    public static final String COLD = "cold";
    public static final String WAL = "wal";

    private final long number;
    private final int topics;
    private final List<PinnedFile> files;
    private final Set<Path> paths;
    private final Set<Long> objects;
    private final ObjectStore store;
    private final FilePins pins;

    private PinnedCheckpoint(long number, int topics, List<PinnedFile> files, Set<Long> objects, ObjectStore store,
                             FilePins pins) {
        this.number = number;
        this.topics = topics;
        this.files = List.copyOf(files);
        this.pins = pins;
        this.store = store;
        Set<Path> p = new HashSet<>();
        files.stream().filter(f -> f.path() != null).forEach(f -> p.add(f.path()));
        this.paths = p;
        this.objects = objects;
        pins.pin(paths);
        pins.pinObjects(objects);
    }

    /** @return the object store the files with an object key are read from, or null */
    public ObjectStore store() {
        return store;
    }

    /**
     * Lists and pins the files of the checkpoint just written. Called inside the checkpoint pass's lock, so no
     * other pass can reclaim or change them in between.
     *
     * @param number the snapshot number
     * @param image the checkpoint's image
     * @param snapshots the snapshot files
     * @param segments both tiers
     * @param wal the WAL directory
     * @param end each shard's written position once the WAL was flushed after the pass
     * @param pins where the pin is registered
     * @return the pinned checkpoint
     * @throws IOException if a file cannot be listed or sized
     */
    static PinnedCheckpoint pin(long number, CheckpointImage image, SnapshotFile snapshots, SegmentFiles segments,
                                WalDirectory wal, WalCut end, FilePins pins) throws IOException {
        List<PinnedFile> files = new ArrayList<>();
        Path snap = snapshots.path(number);
        files.add(new PinnedFile(snap, SNAPSHOTS + "/" + snap.getFileName(), sizeOf(wal.fs(), snap)));
        Set<Long> objects = new HashSet<>();
        for (TopicImage t : image.topics()) {
            for (SegmentImage s : t.segments()) {
                if (s.meta.inObjects()) {
                    // archived as a hot file: a restored directory reads it without the store
                    Path p = segments.hot().segment(t.id(), s.baseSeq());
                    files.add(new PinnedFile(null, SEGMENTS + "/" + p.getFileName(),
                            SegmentFile.HEADER + (long) s.bytes(),
                            ObjectKeys.segment(t.id(), s.baseSeq(), s.meta.objectId())));
                    objects.add(s.meta.objectId());
                    continue;
                }
                SegmentDirectory dir = segments.tier(s.cold());
                Path p = dir.segment(t.id(), s.baseSeq());
                files.add(new PinnedFile(p, (s.cold() ? COLD : SEGMENTS) + "/" + p.getFileName(),
                        SegmentFile.HEADER + (long) s.bytes()));
            }
        }
        WalCut start = image.cut();
        for (WalDirectory.Entry e : wal.list()) {
            WalFileHeader h = e.header;
            if (start.covers(h)) {
                continue;
            }
            long size;
            if (h.boot() == end.boot() && h.shard() < end.generations().length) {
                long writing = end.generations()[h.shard()];
                if (h.generation() > writing) {
                    continue; // prepared in advance, nothing written to it yet
                }
                size = h.generation() == writing ? end.offsets()[h.shard()] : sizeOf(wal.fs(), e.path);
            } else {
                size = sizeOf(wal.fs(), e.path);
            }
            files.add(new PinnedFile(e.path, WAL + "/" + e.path.getFileName(), size));
        }
        return new PinnedCheckpoint(number, image.topics().size(), files, objects,
                segments.objects() == null ? null : segments.objects().store(), pins);
    }

    private static long sizeOf(FileSystem fs, Path p) throws IOException {
        try (StorageFile f = fs.open(p, false)) {
            return f.size();
        }
    }

    /** @return the snapshot number */
    public long number() {
        return number;
    }

    /** @return the topic instances the snapshot holds */
    public int topics() {
        return topics;
    }

    /** @return the files, the snapshot first */
    public List<PinnedFile> files() {
        return files;
    }

    /** Releases the files: the next checkpoint pass reclaims and flags them as usual. */
    @Override
    public void close() {
        pins.release(paths);
        pins.releaseObjects(objects);
    }
}
