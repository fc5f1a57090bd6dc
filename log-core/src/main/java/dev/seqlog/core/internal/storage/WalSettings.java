package dev.seqlog.core.internal.storage;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Tunables of the WAL shards.
 *
 * @param fileBytes preallocated size of each WAL file
 * @param flushIntervalNanos longest time unflushed data waits for a flush
 * @param preallocator runs the creation of the next file ahead of need ({@code Runnable::run} for
 *        deterministic tests)
 * @param acknowledger completes {@link WalShard#whenDurable} futures, so that what depends on them never runs
 *        on a writer thread
 */
public record WalSettings(long fileBytes, long flushIntervalNanos, Executor preallocator, Executor acknowledger) {
    /**
     * @param fileBytes preallocated size of each WAL file
     * @param flushIntervalMs longest time unflushed data waits for a flush
     * @param preallocator prepares files ahead of need
     * @param acknowledger completes durability futures
     * @return the settings
     */
    public static WalSettings of(long fileBytes, long flushIntervalMs, Executor preallocator, Executor acknowledger) {
        return new WalSettings(fileBytes, TimeUnit.MILLISECONDS.toNanos(flushIntervalMs), preallocator, acknowledger);
    }
}
