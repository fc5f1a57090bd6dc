package dev.seqlog.core.internal.storage;

import dev.seqlog.core.internal.format.WalFileHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The files of one WAL shard as its writer fills them: frames go through a staging buffer into the current
 * file; when one does not fit, the file is flushed and sealed and writing continues in the next one, which is
 * preallocated in the background once the current file is half full.
 *
 * <p>Confined to the shard's writer thread, except the counters and {@link #written()}, which are volatile.
 */
final class WalAppender {
    private static final int STAGING_BYTES = 1 << 20;

    /**
     * Told that the current file was flushed (in {@code syncNanos}) before it is sealed, so what it holds can be
     * reported durable.
     */
    @FunctionalInterface
    interface SealHook {
        void flushedForSeal(long syncNanos);
    }

    private final int index;
    private final long boot;
    private final WalDirectory dir;
    private final WalSettings settings;
    private final SealHook sealHook;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private WalFile current;
    private CompletableFuture<WalFile> next;

    /** Generation and end offset of what has been written, read by a checkpoint's cut: {generation, offset}. */
    private volatile long[] written;
    private volatile long frames;
    private volatile long bytesWritten;
    private volatile long rotations;

    WalAppender(int index, long boot, WalDirectory dir, WalSettings settings, WalFile first, SealHook sealHook) {
        this.index = index;
        this.boot = boot;
        this.dir = dir;
        this.settings = settings;
        this.sealHook = sealHook;
        this.current = first;
        this.written = new long[] {first.header.generation, first.position()};
    }

    /** @return the file being written */
    WalFile current() {
        return current;
    }

    /** Writes one frame with {@code body}, into the staging buffer or, if larger, straight to the file. */
    void write(ByteBuffer body) throws IOException {
        int size = WalFrame.size(body.remaining());
        if (size > current.remaining() - staging.position()) {
            drain();
            rotate(size);
        }
        long offset = current.position() + staging.position();
        if (size > staging.capacity()) {
            drain();
            ByteBuffer big = ByteBuffer.allocate(size);
            WalFrame.write(big, current.header.generation, offset, current.syncedThrough(), body.duplicate());
            big.flip();
            current.append(big);
            bytesWritten += size;
        } else {
            if (size > staging.remaining()) {
                drain();
                offset = current.position();
            }
            WalFrame.write(staging, current.header.generation, offset, current.syncedThrough(), body.duplicate());
        }
        frames++;
    }

    /** Writes the staging buffer to the current file and records the written position. */
    void drain() throws IOException {
        if (staging.position() > 0) {
            staging.flip();
            bytesWritten += staging.remaining();
            current.append(staging);
            staging.clear();
        }
        written = new long[] {current.header.generation, current.position()};
    }

    /** Seals the current file (flushes it) and continues in a new one large enough for {@code frameSize}. */
    private void rotate(int frameSize) throws IOException {
        long t0 = System.nanoTime();
        current.sync();
        sealHook.flushedForSeal(System.nanoTime() - t0);
        WalFile old = current;
        long needed = (long) frameSize + WalFileHeader.SIZE;
        if (next != null && needed <= settings.fileBytes()) {
            current = next.join();
        } else {
            if (next != null) {
                dir.delete(next.join().path); // too small for this frame; not yet used by anyone
            }
            current = dir.create(index, boot, Math.max(settings.fileBytes(), needed));
        }
        next = null;
        written = new long[] {current.header.generation, current.position()};
        rotations++;
        old.close();
    }

    /** Starts preallocating the next file once the current one is half full. */
    void maybePrepareNext() {
        if (next == null && current.position() > current.capacity() / 2) {
            next = new CompletableFuture<>();
            CompletableFuture<WalFile> target = next;
            settings.preallocator().execute(() -> {
                try {
                    target.complete(dir.create(index, boot, settings.fileBytes()));
                } catch (Throwable e) { // whatever happens, the future completes: close() and rotate() join it
                    target.completeExceptionally(e);
                }
            });
        }
    }

    /**
     * Closes the current file and the preallocated one, which becomes the next boot's first file.
     *
     * @throws IOException the first failure; later ones are suppressed in it
     */
    void close() throws IOException {
        IOException err = null;
        try {
            current.close();
        } catch (IOException e) {
            err = e;
        }
        if (next != null) {
            try {
                WalFile unused = next.join();
                unused.close();
                dir.retireUnused(unused.path, settings.fileBytes()); // zero-filled: the next boot's first file
            } catch (IOException | RuntimeException e) {
                if (err == null) {
                    err = e instanceof IOException ? (IOException) e : new IOException(e);
                } else {
                    err.addSuppressed(e);
                }
            }
        }
        if (err != null) {
            throw err;
        }
    }

    /** @return {generation, end offset} of what has been written */
    long[] written() {
        return written;
    }

    /** @return frames written */
    long frames() {
        return frames;
    }

    /** @return bytes written */
    long bytesWritten() {
        return bytesWritten;
    }

    /** @return files sealed */
    long rotations() {
        return rotations;
    }
}
