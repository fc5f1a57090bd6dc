package dev.seqlog.replication;

import dev.seqlog.core.backup.Backup;
import dev.seqlog.core.backup.BackupFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The leader's side of a checkpoint transfer over Raft queries ({@link CheckpointQuery}): OPEN takes a checkpoint
 * for the peer (on the apply thread, {@link EngineStateMachine#checkpointForPeer()}) and lists its files, READ
 * serves a range of one, CLOSE releases it. One checkpoint is open at a time; one left idle for
 * {@value #IDLE_MS} ms (its reader died) is released when the next OPEN comes.
 *
 * <p>Thread-safe.
 */
final class PeerCheckpointService implements AutoCloseable {
    static final long IDLE_MS = 60_000;

    private final Supplier<CompletableFuture<Backup>> take;
    private Backup open;
    private long openId;
    private long lastUseNanos;
    private long nextId = 1;

    PeerCheckpointService(Supplier<CompletableFuture<Backup>> take) {
        this.take = take;
    }

    /** Answers one query; a failure completes the future exceptionally (the peer retries later). */
    CompletableFuture<byte[]> handle(ByteBuffer request) {
        ByteBuffer b = request.duplicate();
        b.getInt();
        byte op = b.get();
        try {
            switch (op) {
                case CheckpointQuery.OPEN:
                    return openNew();
                case CheckpointQuery.READ:
                    return CompletableFuture.completedFuture(read(b.getLong(), b.getInt(), b.getLong(), b.getInt()));
                case CheckpointQuery.CLOSE:
                    release(b.getLong());
                    return CompletableFuture.completedFuture(new byte[0]);
                default:
                    throw new IllegalArgumentException("unknown checkpoint query " + op);
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<byte[]> openNew() {
        synchronized (this) {
            if (open != null && System.nanoTime() - lastUseNanos > IDLE_MS * 1_000_000L) {
                open.close();
                open = null;
            }
            if (open != null) {
                throw new IllegalStateException("a checkpoint is being sent to another peer; retry later");
            }
        }
        return take.get().thenApply(backup -> {
            synchronized (this) {
                open = backup;
                openId = nextId++;
                lastUseNanos = System.nanoTime();
                return CheckpointQuery.opened(openId, backup.files().stream()
                        .map(f -> new CheckpointQuery.FileRef(f.name(), f.size())).toList());
            }
        });
    }

    private synchronized byte[] read(long id, int file, long offset, int length) throws IOException {
        Backup b = require(id);
        List<BackupFile> files = b.files();
        BackupFile f = files.get(file);
        ByteBuffer dst = ByteBuffer.allocate((int) Math.min(length, Math.max(0, f.size() - offset)));
        b.read(f, offset, dst);
        lastUseNanos = System.nanoTime();
        return CheckpointQuery.chunk(dst.flip());
    }

    private synchronized void release(long id) {
        if (open != null && openId == id) {
            open.close();
            open = null;
        }
    }

    private Backup require(long id) {
        if (open == null || openId != id) {
            throw new IllegalStateException("checkpoint " + id + " is not open (released after " + IDLE_MS
                    + " ms idle, or never opened)");
        }
        return open;
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            open.close();
            open = null;
        }
    }
}
