package dev.seqlog.core.backup;

import dev.seqlog.core.internal.lifecycle.DataDirectory;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rebuilds a data directory from a backup's files, offline (API §16.3). The steps, in order:
 *
 * <ol>
 *   <li>refuse a target that exists and is not empty ({@link TargetNotEmptyException}); create it otherwise;</li>
 *   <li>take the same lock a server takes;</li>
 *   <li>write the marker {@value #MARKER} and make it durable: from here until its removal the server refuses
 *       to start on the directory, so a crash part-way can never be mistaken for a complete restore;</li>
 *   <li>write each file ({@link #write}), flushing it and hashing it as it streams;</li>
 *   <li>{@link #finish}: check every name, size and SHA-256 against the manifest, flush every directory,
 *       then remove the marker and flush the directory again.</li>
 * </ol>
 *
 * <p>On failure {@link #close()} without {@link #finish} removes everything written, leaving the target empty.
 * File names are checked against the data directory's layout, so no name in an archive can write elsewhere.
 *
 * <p>Not thread-safe: one restore is driven by one thread.
 */
public final class Restore implements Closeable {
    /** The marker file's name: present while a restore is incomplete. */
    public static final String MARKER = DataDirectory.RESTORE_MARKER;
    /** The only names a backup may hold, relative to the data directory. */
    private static final Pattern NAMES = Pattern.compile(
            "snapshots/\\d{16}\\.snap|segments/\\d{16}-\\d{20}\\.seg|cold/\\d{16}-\\d{20}\\.seg|wal/\\d{16}\\.wal");
    private static final String COLD = "cold/";
    private static final int CHUNK = 1 << 16;

    /** What a manifest says of one file. */
    public record Expected(long size, String sha256) {
    }

    /** The target directory exists and holds something: nothing was written. */
    public static final class TargetNotEmptyException extends IOException {
        private static final long serialVersionUID = 1L;

        TargetNotEmptyException(Path dir) {
            super("the target directory is not empty: " + dir + " (restore only into a new or empty directory)");
        }
    }

    private final FileSystem fs;
    private final Path dir;
    private final Path cold;
    private final Closeable lock;
    private final Map<String, Expected> written = new LinkedHashMap<>();
    /** Files written, then directories created for them: removed newest first if the restore fails. */
    private final List<Path> files = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private boolean finished;

    private Restore(FileSystem fs, Path dir, Path cold, Closeable lock) {
        this.fs = fs;
        this.dir = dir;
        this.cold = cold;
        this.lock = lock;
    }

    /**
     * Checks and locks the target, then writes the marker durably.
     *
     * @param fs the file system
     * @param dir the data directory to create
     * @param cold where cold-tier segment files go (may be inside {@code dir}); it must be empty or missing too
     * @return the restore in progress
     * @throws TargetNotEmptyException if {@code dir} or {@code cold} holds anything
     * @throws IOException if the directory cannot be created or locked
     */
    public static Restore begin(FileSystem fs, Path dir, Path cold) throws IOException {
        requireEmpty(fs, dir);
        requireEmpty(fs, cold);
        createDurably(fs, dir);
        Closeable lock = fs.lock(dir.resolve(DataDirectory.LOCK_FILE));
        Restore r = new Restore(fs, dir, cold, lock);
        try {
            Path marker = dir.resolve(MARKER);
            try (StorageFile f = fs.open(marker, true)) {
                f.write(ByteBuffer.wrap("a restore into this directory has not finished\n"
                        .getBytes(StandardCharsets.UTF_8)), 0);
                f.sync();
            }
            fs.syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private static void requireEmpty(FileSystem fs, Path dir) throws IOException {
        if (fs.exists(dir) && !fs.list(dir).isEmpty()) {
            throw new TargetNotEmptyException(dir);
        }
    }

    /** Creates a directory and its missing parents, flushing each parent so the new entries survive a crash. */
    private static void createDurably(FileSystem fs, Path dir) throws IOException {
        if (fs.exists(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDurably(fs, parent);
        }
        fs.createDirectories(dir);
        if (parent != null) {
            fs.syncDirectory(parent);
        }
    }

    /**
     * Writes one file, flushed, hashing it on the way.
     *
     * @param name its name relative to the data directory
     * @param in its bytes (read to exactly {@code size} bytes, not closed)
     * @param size its length
     * @throws IOException if the name is not one a backup holds, appears twice, the stream ends early, or
     *         writing fails
     */
    public void write(String name, InputStream in, long size) throws IOException {
        if (!NAMES.matcher(name).matches()) {
            throw new IOException("not a file a backup holds: " + name);
        }
        if (written.containsKey(name)) {
            throw new IOException("the archive holds " + name + " twice");
        }
        Path target = pathOf(name);
        ensureDirectory(target.getParent());
        MessageDigest sha = sha256();
        files.add(target);
        try (StorageFile f = fs.open(target, true)) {
            byte[] buf = new byte[CHUNK];
            long at = 0;
            while (at < size) {
                int n = in.read(buf, 0, (int) Math.min(CHUNK, size - at));
                if (n < 0) {
                    throw new IOException("the archive ends inside " + name + " (" + at + " of " + size + " bytes)");
                }
                sha.update(buf, 0, n);
                f.write(ByteBuffer.wrap(buf, 0, n), at);
                at += n;
            }
            f.sync();
        }
        written.put(name, new Expected(size, HexFormat.of().formatHex(sha.digest())));
    }

    private Path pathOf(String name) {
        return name.startsWith(COLD) ? cold.resolve(name.substring(COLD.length())) : dir.resolve(name);
    }

    private void ensureDirectory(Path d) throws IOException {
        if (!fs.exists(d)) {
            createDurably(fs, d);
            dirs.add(d);
        }
    }

    /**
     * Verifies what was written against the manifest, makes it durable and removes the marker.
     *
     * @param manifest each file's expected size and SHA-256, by name
     * @throws IOException on a missing, extra or mismatching file, or a failed flush
     */
    public void finish(Map<String, Expected> manifest) throws IOException {
        for (Map.Entry<String, Expected> e : manifest.entrySet()) {
            Expected got = written.get(e.getKey());
            if (got == null) {
                throw new IOException("the manifest lists " + e.getKey() + ", which the archive does not hold");
            }
            if (got.size() != e.getValue().size()) {
                throw new IOException(e.getKey() + " has " + got.size() + " bytes; the manifest says "
                        + e.getValue().size());
            }
            if (!got.sha256().equalsIgnoreCase(e.getValue().sha256())) {
                throw new IOException(e.getKey() + " does not match its SHA-256 in the manifest");
            }
        }
        for (String name : written.keySet()) {
            if (!manifest.containsKey(name)) {
                throw new IOException("the archive holds " + name + ", which the manifest does not list");
            }
        }
        Set<Path> parents = new LinkedHashSet<>();
        files.forEach(f -> parents.add(f.getParent()));
        for (Path p : parents) {
            fs.syncDirectory(p); // the entries of the files written there
        }
        fs.syncDirectory(dir);
        fs.delete(dir.resolve(MARKER));
        fs.syncDirectory(dir);
        finished = true;
    }

    /** @return the files written so far and what they hold */
    public Map<String, Expected> written() {
        return Map.copyOf(written);
    }

    /**
     * Releases the lock; unless {@link #finish} succeeded, first removes everything written, marker last.
     *
     * @throws IOException if cleaning up failed (the marker then stays, and the server refuses the directory)
     */
    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                removeWritten();
            }
        } finally {
            lock.close();
            if (!finished) {
                fs.delete(dir.resolve(DataDirectory.LOCK_FILE));
                fs.syncDirectory(dir);
            }
        }
    }

    /** Deletes the files, then the directories made for them, then (once that is durable) the marker. */
    private void removeWritten() throws IOException {
        for (List<Path> l : List.of(files, dirs)) {
            for (int i = l.size() - 1; i >= 0; i--) {
                if (fs.exists(l.get(i))) {
                    fs.delete(l.get(i));
                }
            }
        }
        fs.syncDirectory(dir);
        Path marker = dir.resolve(MARKER);
        if (fs.exists(marker)) {
            fs.delete(marker);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
