package dev.seqlog.core.backup;

import dev.seqlog.core.internal.checkpoint.PinnedCheckpoint;
import dev.seqlog.core.internal.checkpoint.PinnedFile;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A backup in progress: the files of one checkpoint, protected from reclamation and in-place change until
 * {@link #close()}. Starting the server on a directory holding exactly these files recovers the state of the
 * checkpoint's instant. Writes and reads continue meanwhile; only one backup runs at a time.
 *
 * <p>Reading files may happen on any one thread; {@link #close()} is idempotent.
 */
public final class Backup implements AutoCloseable {
    private static final int CHUNK = 1 << 16;

    private final PinnedCheckpoint pinned;
    private final FileSystem fs;
    private final long checkpointTs;
    private final Runnable onClose;
    private final List<BackupFile> files;
    private boolean closed;

    Backup(PinnedCheckpoint pinned, FileSystem fs, long checkpointTs, Runnable onClose) {
        this.pinned = pinned;
        this.fs = fs;
        this.checkpointTs = checkpointTs;
        this.onClose = onClose;
        this.files = pinned.files().stream().map(f -> new BackupFile(f.name(), f.size())).toList();
    }

    /** @return the checkpoint instant, epoch milliseconds on the engine clock */
    public long checkpointTs() {
        return checkpointTs;
    }

    /** @return the topic instances the checkpoint holds */
    public int topics() {
        return pinned.topics();
    }

    /** @return the files, in the order to read them */
    public List<BackupFile> files() {
        return files;
    }

    /**
     * Copies exactly {@code file.size()} bytes of a file to {@code out}.
     *
     * @param file one of {@link #files()}
     * @param out where the bytes go (not closed)
     * @throws IOException if the file cannot be read or is shorter than recorded, or {@code out} fails
     */
    public void copy(BackupFile file, OutputStream out) throws IOException {
        PinnedFile f = pinned.files().get(indexOf(file));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (StorageFile in = f.objectKey() == null ? fs.open(f.path(), false) : null) {
            for (long at = 0; at < f.size(); at += buf.limit()) {
                buf.clear().limit((int) Math.min(CHUNK, f.size() - at));
                read(f, in, at, buf);
                out.write(buf.array(), 0, buf.limit());
            }
        }
    }

    /**
     * Reads bytes of a file at an offset: fills {@code dst} from its position to its limit.
     *
     * @param file one of {@link #files()}
     * @param offset where to start, with {@code offset + dst.remaining() <= file.size()}
     * @param dst where the bytes go
     * @throws IOException if the file cannot be read or is shorter than recorded
     */
    public void read(BackupFile file, long offset, ByteBuffer dst) throws IOException {
        PinnedFile f = pinned.files().get(indexOf(file));
        if (offset < 0 || offset + dst.remaining() > f.size()) {
            throw new IllegalArgumentException("range " + offset + "+" + dst.remaining() + " outside " + f.name()
                    + " of " + f.size() + " bytes");
        }
        try (StorageFile in = f.objectKey() == null ? fs.open(f.path(), false) : null) {
            read(f, in, offset, dst);
        }
    }

    /** Fills {@code dst} from the object store, or from {@code in} (the open file) without one. */
    private void read(PinnedFile f, StorageFile in, long offset, ByteBuffer dst) throws IOException {
        if (f.objectKey() != null) {
            pinned.store().read(f.objectKey(), offset, dst);
            return;
        }
        long at = offset;
        while (dst.hasRemaining()) {
            int n = in.read(dst, at);
            if (n <= 0) {
                throw new IOException("file ended at " + at + " of " + f.size() + " bytes: " + f.name());
            }
            at += n;
        }
    }

    private int indexOf(BackupFile file) {
        int i = files.indexOf(file);
        if (i < 0) {
            throw new IllegalArgumentException("not a file of this backup: " + file.name());
        }
        return i;
    }

    /** Releases the files and lets the next backup start. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pinned.close();
            onClose.run();
        }
    }
}
