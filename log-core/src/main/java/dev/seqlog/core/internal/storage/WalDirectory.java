package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;
import dev.seqlog.core.internal.format.WalCut;
import dev.seqlog.core.internal.format.UnsupportedFormatException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code wal/} directory of a data directory: names files by generation
 * ({@code <generation, 16 digits>.wal}), hands out new generations, and lists existing files with their
 * headers for recovery. Topic names never reach a file name.
 *
 * <p>Files a checkpoint covers are retired: up to a bound they are kept as spares
 * ({@code <old generation>.spare}) and recycled as new files, which saves zero-filling 64 MiB; the rest are
 * deleted. Generations are handed out above every {@code .wal} and {@code .spare} name present, so a
 * recycled file's old frames always belong to an older generation than any file that holds them.
 *
 * <p>Thread-safe.
 */
public final class WalDirectory {
    static final String SUFFIX = ".wal";
    static final String SPARE = ".spare";

    private final FileSystem fs;
    private final Path dir;
    private final int maxSpares;
    private final AtomicLong nextGeneration = new AtomicLong(1);
    private final Deque<Path> spares = new ArrayDeque<>();

    /**
     * @param fs the file system
     * @param dir the WAL directory
     * @param maxSpares retired files kept for recycling (0 deletes them all)
     * @throws IOException if it cannot be created or listed
     */
    public WalDirectory(FileSystem fs, Path dir, int maxSpares) throws IOException {
        this.fs = fs;
        this.dir = dir;
        this.maxSpares = maxSpares;
        if (!fs.exists(dir)) {
            fs.createDirectories(dir);
            fs.syncDirectory(dir.getParent());
        }
        for (Path p : fs.list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(SPARE)) {
                long gen = generationOf(name, SPARE);
                if (gen > 0) {
                    nextGeneration.accumulateAndGet(gen + 1, Math::max);
                    spares.add(p);
                }
            }
        }
    }

    private static long generationOf(String name, String suffix) {
        try {
            return Long.parseLong(name.substring(0, name.length() - suffix.length()));
        } catch (NumberFormatException e) {
            return -1;
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
            long gen = generationOf(name, SUFFIX);
            if (gen < 0) {
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
            f.readFully(b, 0);
            b.flip();
            return WalFileHeader.decode(b, p);
        }
    }

    /** Creates the next WAL file for a shard, recycling a spare when one is at least {@code capacity} long. */
    WalFile create(int shard, long boot, long capacity) throws IOException {
        long gen = nextGeneration.getAndIncrement();
        Path p = dir.resolve(String.format("%016d%s", gen, SUFFIX));
        WalFileHeader header = new WalFileHeader(shard, gen, boot);
        Path spare = takeSpare(capacity);
        return spare != null ? WalFile.recycle(fs, spare, p, header) : WalFile.create(fs, p, header, capacity);
    }

    private Path takeSpare(long capacity) throws IOException {
        synchronized (spares) {
            for (Iterator<Path> it = spares.iterator(); it.hasNext(); ) {
                Path s = it.next();
                if (sizeOf(s) >= capacity) {
                    it.remove();
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * Retires every WAL file a durable checkpoint covers (kept as a spare or deleted), making it durable.
     *
     * @param cut what the checkpoint covers
     * @param fileBytes the standard file size: only files of that size become spares
     * @param pinned files a backup still reads: kept for a later pass
     * @return how many files were retired
     * @throws IOException on failure
     */
    public int retireCovered(WalCut cut, long fileBytes, Predicate<Path> pinned) throws IOException {
        int n = 0;
        for (Entry e : list()) {
            if (cut.covers(e.header) && !pinned.test(e.path)) {
                retire(e.path, fileBytes);
                n++;
            }
        }
        if (n > 0) {
            fs.syncDirectory(dir);
        }
        return n;
    }

    /** Keeps a file no longer needed as a spare if there is room and it has the standard size, else deletes it. */
    private void retire(Path p, long fileBytes) throws IOException {
        synchronized (spares) {
            if (spares.size() < maxSpares && sizeOf(p) == fileBytes) {
                String name = p.getFileName().toString();
                Path spare = dir.resolve(name.substring(0, name.length() - SUFFIX.length()) + SPARE);
                fs.rename(p, spare);
                spares.add(spare);
                return;
            }
        }
        fs.delete(p);
    }

    private long sizeOf(Path p) throws IOException {
        try (StorageFile f = fs.open(p, false)) {
            return f.size();
        }
    }

    /** Retires a WAL file that was never written to (a shard's unused next file), making it durable. */
    void retireUnused(Path p, long fileBytes) throws IOException {
        retire(p, fileBytes);
        fs.syncDirectory(dir);
    }

    /** Deletes a WAL file no longer needed, making the deletion durable. */
    void delete(Path p) throws IOException {
        fs.delete(p);
        fs.syncDirectory(dir);
    }
}
