package dev.seqlog.core.spi;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An {@link ObjectStore} kept as files in one flat directory of a {@link FileSystem}: a key's {@code /} becomes
 * {@code ~} in the file name. {@link #create} writes a temporary file, flushes it, renames it into place
 * and flushes the directory, so an object is durable and whole once it returns, as a PUT to S3 is. On the
 * simulated file system it lets crash tests cut power in the middle of tiering; on a mounted volume it is a
 * cold tier of its own.
 *
 * <p>Create-only holds against this process; two processes sharing the directory are not supported (the
 * engine's data directory lock keeps one engine per store).
 *
 * <p>Thread-safe.
 */
public final class DirectoryObjectStore implements ObjectStore {
    private static final String TMP = ".tmp";
    private static final char SEPARATOR = '~';

    private final FileSystem fs;
    private final Path root;

    /**
     * @param fs the file system
     * @param root the directory, created if missing
     * @throws IOException if it cannot be created
     */
    public DirectoryObjectStore(FileSystem fs, Path root) throws IOException {
        this.fs = fs;
        this.root = root;
        if (!fs.exists(root)) {
            fs.createDirectories(root);
        }
    }

    @Override
    public synchronized void create(String key, ByteBuffer content, String sha256) throws IOException {
        Path p = path(key);
        if (fs.exists(p)) {
            throw new ObjectExistsException(key);
        }
        Path dir = root;
        Path tmp = dir.resolve(p.getFileName() + TMP);
        try (StorageFile f = fs.open(tmp, true)) {
            f.truncate(0);
            f.write(content.duplicate(), 0);
            f.sync();
        }
        fs.rename(tmp, p);
        fs.syncDirectory(dir);
    }

    @Override
    public ObjectInfo head(String key) throws IOException {
        Path p = path(key);
        if (!fs.exists(p)) {
            return null;
        }
        try (StorageFile f = fs.open(p, false)) {
            long size = f.size();
            MessageDigest md = sha256();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (long at = 0; at < size; ) {
                buf.clear();
                int n = f.read(buf, at);
                if (n <= 0) {
                    break;
                }
                md.update(buf.flip());
                at += n;
            }
            return new ObjectInfo(size, HexFormat.of().formatHex(md.digest()));
        }
    }

    @Override
    public void read(String key, long offset, ByteBuffer dst) throws IOException {
        Path p = path(key);
        if (!fs.exists(p)) {
            throw new NoSuchFileException(key);
        }
        try (StorageFile f = fs.open(p, false)) {
            long at = offset;
            while (dst.hasRemaining()) {
                int n = f.read(dst, at);
                if (n <= 0) {
                    throw new EOFException("object ends before " + (at + dst.remaining()) + ": " + key);
                }
                at += n;
            }
        }
    }

    @Override
    public synchronized void delete(String key) throws IOException {
        Path p = path(key);
        if (fs.exists(p)) {
            fs.delete(p);
            fs.syncDirectory(root);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : fs.list(root)) {
            String name = p.getFileName().toString();
            String key = name.replace(SEPARATOR, '/');
            if (!name.endsWith(TMP) && key.startsWith(prefix)) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("..") || key.endsWith(TMP)
                || key.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("invalid object key: " + key);
        }
        return root.resolve(key.replace('/', SEPARATOR));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
