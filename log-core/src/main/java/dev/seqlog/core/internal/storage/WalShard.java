package dev.seqlog.core.internal.storage;

import dev.seqlog.core.spi.sim.SimulatedCrashException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One WAL shard: an append-only sequence of preallocated files written by one writer thread with
 * adaptive group commit. Each pass drains everything queued, writes it with as few large writes as
 * possible, and flushes once if anything in the pass asked for durability (or unflushed data is older
 * than the flush interval), then releases every waiter the flush covered. While a flush runs, new
 * submissions queue up and form the next group.
 *
 * <p>Frames nobody waits for (the {@code disk} and {@code memory} classes) do not wake the writer one by one:
 * they are written together with the next frame that needs a flush, or once the oldest of them is a flush
 * interval old (and then flushed at once), or when {@link #WRITE_BACKLOG_BYTES} are queued. Their promise is
 * a flush within the interval, which this keeps, and the writer wakes about once per interval instead of
 * once per operation.
 *
 * <p>Submissions get a ticket; tickets are durable in submission order. After any write or flush error
 * the shard fails permanently: waiters and later submissions get the error, and nothing it covered is
 * ever reported durable (a retried flush proves nothing).
 *
 * <p>Thread-safe: any thread submits and waits; one internal thread writes.
 */
public final class WalShard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalShard.class);
    /** Queued bytes of frames nobody waits for that make the writer write them at once. */
    static final int WRITE_BACKLOG_BYTES = 4 << 20;
    /** A boot's first file per shard is small, so start-up does not wait for a full file's zero-fill. */
    static final long FIRST_FILE_BYTES = 4L << 20;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private record Item(ByteBuffer body, boolean sync, long ticket) {
    }

    private final int index;
    private final long boot;
    private final WalDirectory dir;
    private final WalSettings settings;
    private final Consumer<IOException> onFailure;
    private final Thread writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition durable = lock.newCondition();

    // guarded by lock
    private List<Item> queue = new ArrayList<>();
    /** Bytes queued, when the oldest queued frame came, and whether a queued frame asks for a flush. */
    private long queuedBytes;
    private long queuedSince;
    private boolean syncQueued;
    private long submitted;
    private long syncedTicket;
    private long syncRequestedUpTo;
    private IOException failure;
    private boolean closing;
    private final DurableWaits durableWaits;

    // writer thread only
    private final WalAppender files;
    private long writtenTicket;
    private long unsyncedSince = -1;

    // metrics, written by the writer thread (the peak under lock by submitters)
    private volatile long batches;
    private volatile long syncs;
    private volatile int depthPeak;
    private final FlushLatency flushLatency = new FlushLatency();

    /**
     * Creates the first file of a shard, so a caller can prepare it while doing other work.
     *
     * @param index the shard index
     * @param boot this engine start's boot number
     * @param dir the WAL directory
     * @param settings tunables
     * @return the new, preallocated and durable file
     * @throws IOException if it cannot be created
     */
    public static WalFile createFirstFile(int index, long boot, WalDirectory dir, WalSettings settings)
            throws IOException {
        return dir.create(index, boot, Math.min(settings.fileBytes(), FIRST_FILE_BYTES));
    }

    /**
     * Opens the shard over its first file and starts the writer thread.
     *
     * @param index the shard index
     * @param boot this engine start's boot number
     * @param dir the WAL directory
     * @param settings tunables
     * @param onFailure told once about the first I/O failure
     * @param firstFile the result of {@link #createFirstFile}
     */
    public WalShard(int index, long boot, WalDirectory dir, WalSettings settings, Consumer<IOException> onFailure,
                    WalFile firstFile) {
        this.index = index;
        this.boot = boot;
        this.dir = dir;
        this.settings = settings;
        this.onFailure = onFailure;
        this.durableWaits = new DurableWaits(settings.acknowledger());
        this.files = new WalAppender(index, boot, dir, settings, firstFile, this::flushedForSeal);
        this.writer = new Thread(this::run, "seqlog-wal-" + index);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues one frame body.
     *
     * @param body the body (type byte and payload); not touched after the call
     * @param sync whether the submitter needs it flushed promptly
     * @return the ticket to wait on
     * @throws IOException if the shard has failed or is closed
     */
    public long submit(ByteBuffer body, boolean sync) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            if (closing) {
                throw new IOException("WAL shard is closed: shard=" + index);
            }
            long ticket = ++submitted;
            boolean first = queue.isEmpty();
            if (first) {
                queuedSince = System.nanoTime();
            }
            queue.add(new Item(body, sync, ticket));
            if (queue.size() > depthPeak) {
                depthPeak = queue.size();
            }
            queuedBytes += body.remaining();
            if (sync) {
                syncQueued = true;
                work.signal();
            } else if (first || queuedBytes >= WRITE_BACKLOG_BYTES) {
                work.signal(); // an idle writer starts timing the interval; a large backlog is written now
            }
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the frame with {@code ticket} (and every earlier one) is durable.
     *
     * @param ticket a ticket from {@link #submit}
     * @throws IOException if the shard failed before that
     */
    public void awaitDurable(long ticket) throws IOException {
        lock.lock();
        try {
            if (ticket > syncRequestedUpTo) {
                syncRequestedUpTo = ticket;
                work.signal();
            }
            while (syncedTicket < ticket) {
                if (failure != null) {
                    throw failure;
                }
                durable.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A future that completes once the frame with {@code ticket} (and every earlier one) is durable, or
     * fails with the shard's I/O failure. It completes on the shard's acknowledgement executor, never on
     * the caller's thread unless it is already durable.
     *
     * @param ticket a ticket from {@link #submit}
     * @return the future
     */
    public CompletableFuture<Void> whenDurable(long ticket) {
        lock.lock();
        try {
            if (syncedTicket >= ticket) {
                return DONE;
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            CompletableFuture<Void> f = durableWaits.add(ticket);
            if (ticket > syncRequestedUpTo) {
                syncRequestedUpTo = ticket;
                work.signal();
            }
            return f;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param ticket a ticket from {@link #submit}
     * @return whether it is durable
     */
    public boolean isDurable(long ticket) {
        lock.lock();
        try {
            return syncedTicket >= ticket;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes everything submitted so far and waits for it.
     *
     * @throws IOException if the shard failed
     */
    public void flush() throws IOException {
        long t;
        lock.lock();
        try {
            t = submitted;
        } finally {
            lock.unlock();
        }
        awaitDurable(t);
    }

    /**
     * @return {generation, offset} of what this shard has written: every frame in an older file, and every
     *         frame before the offset in that one, was submitted before this call
     */
    public long[] writtenPosition() {
        return files.written().clone();
    }

    /** @return this engine start's boot number */
    public long boot() {
        return boot;
    }

    /** @return the shard index */
    public int index() {
        return index;
    }

    /** @return frames written */
    public long framesWritten() {
        return files.frames();
    }

    /** @return group-commit passes that wrote something */
    public long batchesWritten() {
        return batches;
    }

    /** @return flushes */
    public long syncCount() {
        return syncs;
    }

    /** @return bytes written */
    public long bytesWritten() {
        return files.bytesWritten();
    }

    /** @return file rotations */
    public long rotationCount() {
        return files.rotations();
    }

    /** @return the most frames queued at once since the shard started */
    public int queueDepthPeak() {
        return depthPeak;
    }

    /**
     * Adds this shard's flush latencies to {@code into}.
     *
     * @param into per-bucket counts of {@link dev.seqlog.api.WalStats#FSYNC_BUCKETS_US}, not cumulative
     * @return the total flush time in microseconds
     */
    public long addFlushLatency(long[] into) {
        flushLatency.addTo(into);
        return flushLatency.sumUs();
    }

    /** @return frames queued and not yet written */
    public int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ writer

    private void run() {
        List<Item> batch = new ArrayList<>();
        while (true) {
            boolean syncNow;
            boolean stop;
            long oldest;
            lock.lock();
            try {
                while (!closing && !syncQueued && syncRequestedUpTo <= syncedTicket
                        && queuedBytes < WRITE_BACKLOG_BYTES) {
                    long wait = nanosUntilDue();
                    if (wait == Long.MAX_VALUE) {
                        work.awaitUninterruptibly();
                    } else if (wait <= 0) {
                        break;
                    } else {
                        try {
                            work.awaitNanos(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
                oldest = queue.isEmpty() ? -1 : queuedSince;
                queuedBytes = 0;
                syncQueued = false;
                List<Item> swap = queue;
                queue = batch;
                batch = swap;
                stop = closing && batch.isEmpty();
                syncNow = closing || syncRequestedUpTo > syncedTicket;
            } finally {
                lock.unlock();
            }
            try {
                for (Item it : batch) {
                    syncNow |= it.sync();
                    files.write(it.body());
                    writtenTicket = it.ticket();
                }
                files.drain();
                if (!batch.isEmpty()) {
                    batches++;
                    if (unsyncedSince < 0) {
                        unsyncedSince = oldest; // the interval counts from the oldest frame's submission
                    }
                }
                if ((syncNow || flushDue()) && unsyncedSince >= 0) {
                    long t0 = System.nanoTime();
                    files.current().sync();
                    flushLatency.record(System.nanoTime() - t0);
                    syncs++;
                    unsyncedSince = -1;
                    publishSynced(writtenTicket);
                }
                files.maybePrepareNext();
            } catch (Throwable e) { // whatever stops the writer must release its waiters with an error
                fail(e instanceof IOException ? (IOException) e : new IOException("WAL writer failed", e));
                return;
            } finally {
                batch.clear();
            }
            if (stop) {
                return;
            }
        }
    }

    /**
     * Nanoseconds until queued or written-but-unflushed frames are a flush interval old, or Long.MAX_VALUE when
     * there are none. Under the lock.
     */
    private long nanosUntilDue() {
        long now = System.nanoTime();
        long interval = settings.flushIntervalNanos();
        long wait = Long.MAX_VALUE;
        if (unsyncedSince >= 0) {
            wait = interval - (now - unsyncedSince);
        }
        if (!queue.isEmpty()) {
            wait = Math.min(wait, interval - (now - queuedSince));
        }
        return wait;
    }

    private boolean flushDue() {
        return unsyncedSince >= 0 && System.nanoTime() - unsyncedSince >= settings.flushIntervalNanos();
    }

    /** The writer flushed the current file before sealing it: what it wrote is durable. */
    private void flushedForSeal(long syncNanos) {
        if (unsyncedSince >= 0) {
            flushLatency.record(syncNanos);
            syncs++;
            unsyncedSince = -1;
            publishSynced(writtenTicket);
        }
    }

    private void publishSynced(long ticket) {
        Runnable release;
        lock.lock();
        try {
            syncedTicket = Math.max(syncedTicket, ticket);
            durable.signalAll();
            release = durableWaits.takeCovered(syncedTicket);
        } finally {
            lock.unlock();
        }
        if (release != null) {
            release.run();
        }
    }

    private void fail(IOException e) {
        Runnable release;
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            durable.signalAll();
            release = durableWaits.takeAll(failure);
        } finally {
            lock.unlock();
        }
        if (release != null) {
            release.run();
        }
        if (SimulatedCrashException.inChain(e)) {
            LOG.debug("WAL shard stopped by a simulated crash: shard={}", index);
        } else {
            LOG.error("WAL shard failed; the store is now read-only: shard={} file={}", index, files.current().path, e);
        }
        onFailure.accept(e);
    }

    /**
     * Writes and flushes everything queued, stops the writer and closes the files.
     *
     * @throws IOException if the final flush failed
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException err = null;
        try {
            files.close();
        } catch (IOException e) {
            err = e;
        }
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
        if (err != null) {
            throw err;
        }
    }
}
