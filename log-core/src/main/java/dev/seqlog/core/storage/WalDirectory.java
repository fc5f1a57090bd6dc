package dev.seqlog.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code wal/} directory of a data directory: names files by generation
 * ({@code <generation, 16 digits>.wal}), hands out new generations, and lists existing files with their
 * headers for recovery. Topic names never reach a file name.
 *
 * <p>Thread-safe.
 */
public final class WalDirectory {
    static final String SUFFIX = ".wal";

    private final FileSystem fs;
    private final Path dir;
    private final AtomicLong nextGeneration = new AtomicLong(1);

    /**
     * @param fs the file system
     * @param dir the WAL directory
     * @throws IOException if it cannot be created
     */
    public WalDirectory(FileSystem fs, Path dir) throws IOException {
        this.fs = fs;
        this.dir = dir;
        if (!fs.exists(dir)) {
            fs.createDirectories(dir);
            fs.syncDirectory(dir.getParent());
        }
    }

    /** An existing WAL file and its header. */
    public static final class Entry {
        /** The file. */
        public final Path path;
        /** Its header. */
        public final WalFileHeader header;

        Entry(Path path, WalFileHeader header) {
            this.path = path;
            this.header = header;
        }
    }

    /** @return the file system */
    public FileSystem fs() {
        return fs;
    }

    /**
     * Lists the WAL files in replay order: by boot, then shard, then generation. A file whose header is
     * incomplete (torn at creation) cannot hold an acknowledged frame and is left out.
     *
     * @return the files
     * @throws IOException on failure, or {@link UnsupportedFormatException} for an unknown version
     */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Path p : fs.list(dir)) {
            String name = p.getFileName().toString();
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            long gen;
            try {
                gen = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            nextGeneration.accumulateAndGet(gen + 1, Math::max);
            WalFileHeader h = readHeader(p);
            if (h != null) {
                out.add(new Entry(p, h));
            }
        }
        out.sort((a, b) -> {
            int c = Long.compare(a.header.boot, b.header.boot);
            if (c == 0) {
                c = Integer.compare(a.header.shard, b.header.shard);
            }
            return c != 0 ? c : Long.compare(a.header.generation, b.header.generation);
        });
        return out;
    }

    private WalFileHeader readHeader(Path p) throws IOException {
        try (StorageFile f = fs.open(p, false)) {
            ByteBuffer b = ByteBuffer.allocate(WalFileHeader.SIZE);
            while (b.hasRemaining() && f.read(b, b.position()) > 0) {
                // keep reading until the header is complete or the file ends
            }
            b.flip();
            return WalFileHeader.decode(b, p);
        }
    }

    /** Creates the next WAL file for a shard. */
    WalFile create(int shard, long boot, long capacity) throws IOException {
        long gen = nextGeneration.getAndIncrement();
        Path p = dir.resolve(String.format("%016d%s", gen, SUFFIX));
        return WalFile.create(fs, p, new WalFileHeader(shard, gen, boot), capacity);
    }

    /**
     * Deletes every WAL file a durable checkpoint covers, making the deletions durable.
     *
     * @param cut what the checkpoint covers
     * @return how many files were deleted
     * @throws IOException on failure
     */
    public int deleteCovered(WalCut cut) throws IOException {
        int n = 0;
        for (Entry e : list()) {
            if (cut.covers(e.header)) {
                fs.delete(e.path);
                n++;
            }
        }
        if (n > 0) {
            fs.syncDirectory(dir);
        }
        return n;
    }

    /** Deletes a WAL file no longer needed, making the deletion durable. */
    void delete(Path p) throws IOException {
        fs.delete(p);
        fs.syncDirectory(dir);
    }
}
