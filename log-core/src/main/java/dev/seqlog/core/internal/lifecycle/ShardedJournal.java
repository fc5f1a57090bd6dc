package dev.seqlog.core.internal.lifecycle;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.internal.topic.Journal;
import dev.seqlog.core.internal.storage.WalShard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal over the WAL shards: a topic's frames go to shard {@code mix(id) mod shards}, so one
 * topic's operations keep their order. The first I/O failure anywhere puts the whole store into
 * read-only mode (STORAGE-GUARANTEES §4.3): every later mutation fails fast with
 * {@code storage_read_only}, while reads continue.
 *
 * <p>Thread-safe.
 */
public final class ShardedJournal implements Journal {
    /** An external replicated log holds every operation: there are no shards and topics log nothing. */
    private final boolean external;
    private volatile WalShard[] shards = new WalShard[0];
    private volatile IOException failure;
    private final AtomicLong submittedBytes = new AtomicLong();

    ShardedJournal(boolean external) {
        this.external = external;
    }

    public void start(WalShard[] opened) {
        this.shards = opened;
    }

    public WalShard[] shards() {
        return shards;
    }

    public void failed(IOException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** @return frame body bytes submitted since start, what checkpoints are scheduled by */
    public long submittedBytes() {
        return submittedBytes.get();
    }

    public boolean isReadOnly() {
        return failure != null;
    }

    @Override
    public boolean enabled() {
        return !external;
    }

    /** @return whether an external log holds every operation (no shards) */
    public boolean external() {
        return external;
    }

    private WalShard shard(long topicId) {
        WalShard[] s = shards;
        long h = topicId * 0x9E3779B97F4A7C15L;
        return s[(int) Math.floorMod(h ^ (h >>> 32), (long) s.length)];
    }

    @Override
    public long submit(long topicId, ByteBuffer body, boolean sync) {
        checkWritable();
        submittedBytes.addAndGet(body.remaining());
        try {
            return shard(topicId).submit(body, sync);
        } catch (IOException e) {
            failed(e);
            throw storageError(e);
        }
    }

    @Override
    public void awaitDurable(long topicId, long ticket) {
        try {
            shard(topicId).awaitDurable(ticket);
        } catch (IOException e) {
            failed(e);
            throw storageError(e);
        }
    }

    @Override
    public CompletableFuture<Void> whenDurable(long topicId, long ticket) {
        if (ticket == 0) {
            return DURABLE;
        }
        return shard(topicId).whenDurable(ticket).exceptionally(err -> {
            Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause() : err;
            IOException io = c instanceof IOException ? (IOException) c : new IOException(c);
            failed(io);
            throw storageError(io);
        });
    }

    @Override
    public boolean isDurable(long topicId, long ticket) {
        return ticket == 0 || shard(topicId).isDurable(ticket);
    }

    @Override
    public void checkWritable() {
        if (failure != null) {
            throw new SeqlogException(ErrorCode.INTERNAL, "storage is read-only after an I/O failure", failure)
                    .with("reason", "storage_read_only");
        }
    }

    private static SeqlogException storageError(IOException e) {
        return new SeqlogException(ErrorCode.INTERNAL, "storage write failed: " + e.getMessage(), e)
                .with("reason", "storage_error");
    }
}
