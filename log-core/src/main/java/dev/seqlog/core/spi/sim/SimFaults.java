package dev.seqlog.core.spi.sim;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The faults planned for a {@link SimulatedFileSystem}: one-shot errors by mutating-call number, failing syncs and
 * a capacity. Thread-safe: every call synchronizes on the disk.
 */
public final class SimFaults {

    /** A one-shot fault; {@code landed} is the byte count a short write keeps, or -1 for half. */
    private record Planned(Fault fault, int landed) {
    }

    private final Map<Long, Planned> oneShot = new HashMap<>();
    private long syncsFailFrom = Long.MAX_VALUE;
    private long capacity = Long.MAX_VALUE;
    private final SimulatedFileSystem disk;

    SimFaults(SimulatedFileSystem disk) {
        this.disk = disk;
    }

    /**
     * Makes mutating call {@code n} (a later one than {@link SimulatedFileSystem#mutatingCalls()}) fail with
     * {@code fault}, once; a {@link Fault#SHORT_WRITE} lands half of the write's bytes, rounded down.
     */
    public void failAt(long n, Fault fault) {
        synchronized (disk) {
            requireFuture(n);
            oneShot.put(n, new Planned(fault, -1));
        }
    }

    /** Makes mutating call {@code n}, if a write, land its first {@code landedBytes} bytes, then fail ENOSPC. */
    public void failShortWriteAt(long n, int landedBytes) {
        if (landedBytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + landedBytes);
        }
        synchronized (disk) {
            requireFuture(n);
            oneShot.put(n, new Planned(Fault.SHORT_WRITE, landedBytes));
        }
    }

    /** Makes every file sync and directory sync numbered {@code n} or later fail with EIO. */
    public void failAllSyncsFrom(long n) {
        synchronized (disk) {
            syncsFailFrom = n;
        }
    }

    /** "Sync fails from now on": {@link #failAllSyncsFrom} the next call. */
    public void syncsFailFromNow() {
        synchronized (disk) {
            syncsFailFrom = disk.mutatingCalls() + 1;
        }
    }

    /**
     * Caps the disk: a write that would take {@link SimulatedFileSystem#usedBytes()} past {@code totalBytes} lands
     * what fits (a short write, possibly empty) and fails ENOSPC. Overwrites within a file's size always fit.
     */
    public void failWritesWhenSizeExceeds(long totalBytes) {
        synchronized (disk) {
            capacity = totalBytes;
        }
    }

    /** "The disk is full from now on": no write may grow any file. */
    public void diskFullFromNow() {
        synchronized (disk) {
            capacity = disk.usedBytes();
        }
    }

    /** Removes every planned fault except a planned crash (frees the disk, makes syncs work again). */
    public void clear() {
        synchronized (disk) {
            oneShot.clear();
            syncsFailFrom = Long.MAX_VALUE;
            capacity = Long.MAX_VALUE;
        }
    }

    long capacity() {
        return capacity;
    }

    /** A fault planned for a call already made would silently never fire: a bug in the test. */
    private void requireFuture(long n) {
        long calls = disk.mutatingCalls();
        if (n <= calls) {
            throw new IllegalArgumentException("call #" + n + " already happened; calls so far: " + calls);
        }
    }

    /** The error a non-write call numbered {@code call} must throw, or null. */
    IOException failure(long call, boolean isSync) {
        Planned planned = oneShot.remove(call);
        if (planned != null) {
            return planned.fault.exception();
        }
        return isSync && call >= syncsFailFrom ? Fault.EIO.exception() : null;
    }

    /** The one-shot fault planned for write {@code call}, or null; {@link #landed} consumes it. */
    Fault writeFault(long call) {
        Planned planned = oneShot.get(call);
        return planned == null ? null : planned.fault;
    }

    /** How many of {@code length} bytes the planned short write of {@code call} lands; consumes the plan. */
    int landed(long call, int length) {
        Planned planned = oneShot.remove(call);
        if (planned == null || planned.fault != Fault.SHORT_WRITE) {
            return 0;
        }
        return planned.landed < 0 ? length / 2 : Math.min(planned.landed, length);
    }
}
