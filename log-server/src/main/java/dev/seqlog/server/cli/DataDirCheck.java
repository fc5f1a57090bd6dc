package dev.seqlog.server.cli;

import dev.seqlog.core.internal.checkpoint.CheckpointImage;
import dev.seqlog.core.internal.checkpoint.TopicImage;
import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.lifecycle.DataDirectory;
import dev.seqlog.core.internal.segment.RecordLayout;
import dev.seqlog.core.internal.segment.SegmentMeta;
import dev.seqlog.core.internal.segment.SegmentImage;
import dev.seqlog.core.internal.storage.SegmentDirectory;
import dev.seqlog.core.internal.storage.SegmentFile;
import dev.seqlog.core.internal.storage.SegmentIndexFile;
import dev.seqlog.core.internal.storage.SnapshotFile;
import dev.seqlog.core.internal.storage.SparseIndex;
import dev.seqlog.core.internal.storage.WalDirectory;
import dev.seqlog.core.internal.storage.WalReader;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks every file of a data directory the way recovery would read it, through log-core's own readers,
 * but never writes: WAL frames up to each file's logical end, every snapshot and the segments and indexes
 * it references. Problems are reported as they are found; nothing stops at the first one. Confined to the
 * calling thread.
 */
final class DataDirCheck {
    private final FileSystem fs;
    private final Path root;
    private final Consumer<String> damage;
    private final Consumer<String> note;
    private int files;

    DataDirCheck(FileSystem fs, Path root, Consumer<String> damage, Consumer<String> note) {
        this.fs = fs;
        this.root = root;
        this.damage = damage;
        this.note = note;
    }

    /** @return how many files were checked */
    int run() throws IOException {
        if (fs.exists(root.resolve(DataDirectory.RESTORE_MARKER))) {
            damage.accept("a restore into this directory did not finish (" + DataDirectory.RESTORE_MARKER
                    + " is present): the server will refuse it; restore again into an empty directory");
        }
        checkWal(root.resolve(DataDirectory.WAL_DIR));
        checkSnapshots(root.resolve(DataDirectory.SNAPSHOTS_DIR));
        return files;
    }

    private void checkWal(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return;
        }
        // the constructor only creates a missing directory, and this one exists
        WalDirectory wal = new WalDirectory(fs, dir, 0);
        List<WalDirectory.Entry> entries;
        try {
            entries = wal.list();
        } catch (IOException e) {
            damage.accept(describe(e));
            return;
        }
        Set<Path> valid = new HashSet<>();
        WalReader reader = new WalReader(fs, false);
        for (WalDirectory.Entry e : entries) {
            valid.add(e.path);
            files++;
            try {
                long end = reader.read(e, body -> { });
                if (reader.tailBytes() > 0) {
                    // never proven durable (a later valid frame would have made read() fail): recovery cuts it
                    note.accept("bytes after the WAL's logical end, cut by recovery: file=" + e.path + " offset="
                            + end + " bytes=" + reader.tailBytes());
                }
            } catch (IOException ex) {
                damage.accept(describe(ex));
            }
        }
        for (Path p : fs.list(dir)) {
            if (p.getFileName().toString().endsWith(".wal") && !valid.contains(p)) {
                files++;
                damage.accept(headerProblem(p));
            }
        }
    }

    /** The reason a WAL file's header did not decode, from the shared header checks. */
    private String headerProblem(Path p) throws IOException {
        try (StorageFile f = fs.open(p, false)) {
            ByteBuffer h = ByteBuffer.allocate((int) Math.min(WalFileHeader.SIZE, f.size()));
            f.readFully(h, 0);
            WalFileHeader.FORMAT.verify(h.flip(), null, p);
            return "WAL header unreadable: file=" + p;
        } catch (IOException e) {
            return describe(e);
        }
    }

    private void checkSnapshots(Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return;
        }
        Path segmentsDir = root.resolve(DataDirectory.SEGMENTS_DIR);
        // existing(), not the constructor: that one creates a missing directory
        SegmentDirectory segments = fs.exists(segmentsDir) ? SegmentDirectory.existing(fs, segmentsDir) : null;
        Set<Path> checked = new HashSet<>();
        boolean anyValid = false;
        // newest first: a segment both snapshots name is checked against the newer one's length and state
        List<Path> snapshots = new ArrayList<>(fs.list(dir));
        snapshots.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        for (Path p : snapshots) {
            String name = p.getFileName().toString();
            if (!name.endsWith(".snap")) {
                continue;
            }
            files++;
            long number;
            try {
                number = Long.parseLong(name.substring(0, name.length() - ".snap".length()));
            } catch (NumberFormatException e) {
                note.accept("not a snapshot name, ignored: file=" + p);
                continue;
            }
            try {
                SnapshotFile.Contents c = SnapshotFile.decode(readAll(p), number, p);
                CheckpointImage image = CheckpointImage.decode(c.version, c.body);
                anyValid = true;
                for (TopicImage t : image.topics()) {
                    for (SegmentImage s : t.segments()) {
                        if (segments == null) {
                            damage.accept("file missing: file=" + segmentsDir + " (snapshot " + p
                                    + " references segments)");
                            break;
                        }
                        if (s.cold()) {
                            note.accept("cold-tier segment not checked: snapshot=" + p + " topicId=" + t.id()
                                    + " baseSeq=" + s.baseSeq());
                        } else if (checked.add(segments.segment(t.id(), s.baseSeq()))) {
                            checkSegment(segments, t.id(), s.baseSeq(), s.meta);
                        }
                    }
                }
            } catch (IOException e) {
                damage.accept(describe(e));
            }
        }
        if (anyValid && segments != null) {
            noteUnreferenced(segments, checked);
        }
    }

    /** Files no valid snapshot names are left over from an interrupted checkpoint; recovery deletes them. */
    private void noteUnreferenced(SegmentDirectory segments, Set<Path> referenced) throws IOException {
        for (Path p : segments.files()) {
            String name = p.getFileName().toString();
            Path seg = p.resolveSibling(name.substring(0, name.length() - ".idx".length()) + ".seg");
            if (!referenced.contains(p) && !referenced.contains(seg)) {
                note.accept("not referenced by any snapshot, deleted by recovery: file=" + p);
            }
        }
    }

    private void checkSegment(SegmentDirectory dir, long topicId, long baseSeq, SegmentMeta m) {
        Path p = dir.segment(topicId, baseSeq);
        files++;
        ByteBuffer entries = ByteBuffer.allocate(Math.max(m.bytes(), 1));
        try (SegmentFile f = SegmentFile.open(fs, p, topicId, baseSeq)) {
            f.read(entries, m.bytes());
            if (f.entryBytes() > m.bytes()) {
                note.accept("segment bytes after the length its snapshot records, cut by recovery: file=" + p
                        + " offset=" + (SegmentFile.HEADER + m.bytes()) + " bytes=" + (f.entryBytes() - m.bytes()));
            }
            int n = SegmentFile.scan(entries, m.bytes(), RecordLayout.HEADER, p, null);
            if (n != m.count()) {
                damage.accept("segment entry count differs from its snapshot: file=" + p + " entries=" + n
                        + " expected=" + m.count());
                return;
            }
        } catch (IOException e) {
            damage.accept(describe(e));
            return;
        }
        if (m.sealed()) {
            checkIndex(dir.index(topicId, baseSeq), baseSeq, entries, m);
        }
    }

    /**
     * A sealed segment's index, if present, must be intact and hold exactly the points its entries give. An absent
     * one is not damage: indexes are derived, a restore does not carry them, and recovery builds what is missing.
     */
    private void checkIndex(Path p, long baseSeq, ByteBuffer entries, SegmentMeta m) {
        if (!fs.exists(p)) {
            note.accept("segment index absent, recovery builds it: file=" + p);
            return;
        }
        files++;
        try {
            SparseIndex index = SegmentIndexFile.read(fs, p, baseSeq, m.bytes(), m.count());
            if (index == null) {
                damage.accept("segment index damaged or stale (recovery rebuilds it): file=" + p);
                return;
            }
            SparseIndex expected = SparseIndex.fromEntries(entries, m.bytes());
            for (int i = 0; i < Math.max(index.size(), expected.size()); i++) {
                if (i >= index.size() || i >= expected.size() || index.number(i) != expected.number(i)
                        || index.offset(i) != expected.offset(i)) {
                    damage.accept("segment index disagrees with its segment: file=" + p + " point=" + i);
                    return;
                }
            }
        } catch (IOException e) {
            damage.accept(describe(e));
        }
    }

    /** A missing file's exception carries only its path; every other reader message already names the file. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "file missing: file=" + n.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private ByteBuffer readAll(Path p) throws IOException {
        try (StorageFile f = fs.open(p, false)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(f.size(), Integer.MAX_VALUE));
            f.readFully(b, 0);
            return b.flip();
        }
    }

}
