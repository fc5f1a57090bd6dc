package dev.seqlog.core.spi.sim;

import dev.seqlog.core.internal.storage.DirectoryLockedException;
import dev.seqlog.core.spi.FileSystem;
import dev.seqlog.core.spi.StorageFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * An in-memory disk with a volatile write cache, for crash-point sweeps and I/O-fault tests. Thread-safe: every
 * call synchronizes on this object. Nothing touches the real disk; paths are only keys.
 *
 * <p>Model. File content is kept per file (an "inode") as durable bytes, current bytes and the writes and
 * truncations since that file's last {@link StorageFile#sync}. Names are kept twice: the current directory
 * entries and the durable ones; {@link #syncDirectory} copies a directory's current entries to its durable ones.
 * {@link #powerLoss} builds a new disk from the durable entries, each file's durable bytes and, by
 * {@link TearMode}, some of its unflushed changes. Directories themselves are durable as soon as created (a
 * simplification: losing a new directory's own entry is not simulated), and a file may be created only in an
 * existing directory, as on a real file system.
 *
 * <p>Calls. Every mutating call gets the next number, from 1: open that creates a file, write, truncate, sync,
 * delete, rename, syncDirectory, and createDirectories when it creates something. Faults are planned by
 * number; {@link #trace()} lists the calls for failure messages.
 */
public final class SimulatedFileSystem implements FileSystem {

    static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8L;

    private final SimNamespace names;
    private final Set<Path> locks = new HashSet<>();
    private final SimFaults faults = new SimFaults(this);
    private final SimTrace trace = new SimTrace();
    private long calls;
    private long crashAfter = Long.MAX_VALUE;
    private boolean crashed;
    private int openFiles;

    /** An empty disk with no directories. */
    public SimulatedFileSystem() {
        this(new SimNamespace());
    }

    private SimulatedFileSystem(SimNamespace names) {
        this.names = names;
    }

    // ---------------------------------------------------------------- FileSystem

    @Override
    public synchronized StorageFile open(Path path, boolean create) throws IOException {
        alive();
        Path p = key(path);
        SimInode inode = names.file(p);
        if (inode == null) {
            if (names.isDir(p)) {
                throw new FileSystemException(p.toString(), null, "Is a directory");
            }
            if (!create) {
                throw new NoSuchFileException(p.toString());
            }
            long n = begin("create " + p);
            try {
                injectedFailure(n, false);
                names.requireParentDir(p);
                inode = new SimInode(new byte[0]);
                names.put(p, inode);
            } finally {
                end(n);
            }
        } else {
            note("open " + p);
        }
        openFiles++;
        return new SimStorageFile(this, p, inode);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        alive();
        Path d = key(dir);
        List<Path> missing = new ArrayList<>();
        for (Path p = d; p != null && !names.isDir(p); p = p.getParent()) {
            if (names.isFile(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
            missing.add(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        long n = begin("mkdir " + d);
        try {
            injectedFailure(n, false);
            names.addDirs(missing);
        } finally {
            end(n);
        }
    }

    @Override
    public synchronized List<Path> list(Path dir) {
        alive();
        return names.list(key(dir));
    }

    @Override
    public synchronized boolean exists(Path path) {
        alive();
        Path p = key(path);
        return names.isFile(p) || names.isDir(p);
    }

    @Override
    public synchronized void delete(Path path) throws IOException {
        alive();
        Path p = key(path);
        long n = begin("delete " + p);
        try {
            injectedFailure(n, false);
            if (names.isDir(p)) {
                throw new FileSystemException(p.toString(), null, "Is a directory");
            }
            names.remove(p);
        } finally {
            end(n);
        }
    }

    /** As the contract says, {@code from} and {@code to} must share a directory; otherwise this is a test bug. */
    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        alive();
        Path f = key(from);
        Path t = key(to);
        if (!Objects.equals(f.getParent(), t.getParent())) {
            throw new IllegalArgumentException("rename across directories: from=" + f + " to=" + t);
        }
        long n = begin("rename " + f + " -> " + t);
        try {
            injectedFailure(n, false);
            SimInode inode = names.file(f);
            if (inode == null) {
                throw new NoSuchFileException(f.toString());
            }
            if (names.isDir(t)) {
                throw new FileSystemException(t.toString(), null, "Is a directory");
            }
            names.remove(f);
            names.put(t, inode);
        } finally {
            end(n);
        }
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        alive();
        Path d = key(dir);
        long n = begin("syncDirectory " + d);
        try {
            injectedFailure(n, true);
            if (!names.isDir(d)) {
                throw new NoSuchFileException(d.toString());
            }
            names.syncDir(d);
        } finally {
            end(n);
        }
    }

    /** Creates the lock file if absent (a volatile entry, not a numbered call); a power loss frees every lock. */
    @Override
    public synchronized Closeable lock(Path lockFile) throws IOException {
        alive();
        Path p = key(lockFile);
        note("lock " + p);
        if (!names.isFile(p)) {
            names.requireParentDir(p);
            names.put(p, new SimInode(new byte[0]));
        }
        if (!locks.add(p)) {
            throw new DirectoryLockedException(p);
        }
        return new Closeable() {
            private boolean released;

            /** Never throws, even after the crash, like closing a file. */
            @Override
            public void close() {
                synchronized (SimulatedFileSystem.this) {
                    if (!released) {
                        released = true;
                        locks.remove(p);
                    }
                }
            }
        };
    }

    // ---------------------------------------------------------------- StorageFile calls

    synchronized void write(SimStorageFile file, ByteBuffer src, long position) throws IOException {
        alive();
        int length = src.remaining();
        long n = begin("write " + file.name() + " at=" + position + " len=" + length);
        try {
            usable(file);
            if (position < 0) {
                throw new IllegalArgumentException("negative position: " + position);
            }
            if (position + length > MAX_FILE_SIZE) {
                throw new IOException("File too large");
            }
            SimInode inode = file.inode();
            int landing = length;
            IOException failure = null;
            Fault fault = faults.writeFault(n);
            if (fault != null) {
                landing = faults.landed(n, length);
                failure = fault.exception();
            }
            if (faults.capacity() != Long.MAX_VALUE) {
                long free = Math.max(0, faults.capacity() - usedBytes());
                if (position + landing - inode.size() > free) {
                    landing = (int) Math.max(0, inode.size() + free - position);
                    failure = Fault.ENOSPC.exception();
                }
            }
            byte[] bytes = new byte[landing];
            src.get(bytes);
            inode.write((int) position, bytes);
            if (failure != null) {
                note("  failed: " + failure.getMessage() + " after " + landing + " of " + length + " bytes");
                throw failure;
            }
        } finally {
            end(n);
        }
    }

    synchronized int read(SimStorageFile file, ByteBuffer dst, long position) throws IOException {
        alive();
        usable(file);
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        return file.inode().read(dst, position);
    }

    synchronized long size(SimStorageFile file) throws IOException {
        alive();
        usable(file);
        return file.inode().size();
    }

    synchronized void truncate(SimStorageFile file, long size) throws IOException {
        alive();
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        long n = begin("truncate " + file.name() + " to=" + size);
        try {
            usable(file);
            injectedFailure(n, false);
            file.inode().truncate((int) Math.min(size, MAX_FILE_SIZE));
        } finally {
            end(n);
        }
    }

    synchronized void sync(SimStorageFile file) throws IOException {
        alive();
        long n = begin("sync " + file.name());
        try {
            usable(file);
            // A failed sync makes nothing durable; its writes stay in the cache, to be kept or lost at power loss.
            injectedFailure(n, true);
            file.inode().sync();
        } finally {
            end(n);
        }
    }

    synchronized void close(SimStorageFile file) {
        if (!file.closed()) {
            file.markClosed();
            openFiles--;
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * Crashes the process once mutating call {@code n} has completed (successfully or not): every later call on
     * this disk or its open files throws {@link SimulatedCrashException}, except {@code close()} of a file or
     * lock. With {@code n <= mutatingCalls()} the crash is immediate; {@code 0} crashes before the first call.
     */
    public synchronized void crashAfter(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative call number: " + n);
        }
        crashAfter = n;
        if (calls >= n) {
            crash();
        }
    }

    /** Plans I/O errors and a full disk for later calls. */
    public SimFaults faults() {
        return faults;
    }

    /**
     * Simulates power loss now: this disk crashes (if not already) and the returned new disk holds what survives,
     * with no faults, no locks, no open files and its call count at 0. Survivors: the durable directory entries
     * (a name whose creation, deletion or rename was not followed by {@link #syncDirectory} of its directory
     * reverts), each file with its synced bytes plus, by {@code mode}, none, all or a seeded-random torn subset of
     * its unflushed writes and truncations. Pure and repeatable: the same disk, mode and seed give the same result.
     */
    public synchronized SimulatedFileSystem powerLoss(TearMode mode, long seed) {
        if (!crashed) {
            note("power loss");
            crash();
        }
        // SplittableRandom mixes its seed, so neighbouring seeds (a sweep's 0, 1, 2...) diverge at once.
        SimulatedFileSystem after = new SimulatedFileSystem(names.afterPowerLoss(mode, new SplittableRandom(seed)));
        after.note("after power loss: mode=" + mode + " seed=" + seed + " of a disk that crashed after call #"
                + calls);
        return after;
    }

    /**
     * Simulates the process dying now ({@code kill -9}) while the machine stays up: this disk crashes (if not
     * already) and the returned new disk is the same disk as the operating system still holds it. Every name
     * and every byte written survives, and what was not yet flushed stays unflushed, so a later
     * {@link #powerLoss} of the new disk can still lose it. No faults, locks or open files carry over; the call
     * count starts at 0.
     */
    public synchronized SimulatedFileSystem processCrash() {
        if (!crashed) {
            note("process crash");
            crash();
        }
        SimulatedFileSystem after = new SimulatedFileSystem(names.afterProcessCrash());
        after.note("after a process crash of a disk that crashed after call #" + calls);
        return after;
    }

    // ---------------------------------------------------------------- introspection (never throws the crash)

    /** Mutating calls made so far (the number of the last one). */
    public synchronized long mutatingCalls() {
        return calls;
    }

    /** Whether this disk has crashed. */
    public synchronized boolean crashed() {
        return crashed;
    }

    /** The calls so far, numbered mutating calls and unnumbered notes; at most the last 10,000 lines. */
    public synchronized List<String> trace() {
        return trace.lines();
    }

    /** The last {@code lines} lines of the trace, one per line, for assertion messages. */
    public synchronized String traceTail(int lines) {
        return trace.tail(lines);
    }

    /** The current directory entries (files only), sorted. */
    public synchronized List<Path> files() {
        return names.files();
    }

    /** The durable directory entries (what a power loss now would keep), sorted. */
    public synchronized List<Path> durableFiles() {
        return names.durableFiles();
    }

    /** What reads of {@code path} see now, unflushed writes included. */
    public synchronized byte[] fileBytes(Path path) {
        return inode(path).currentBytes();
    }

    /** The synced content of the file named {@code path} now. */
    public synchronized byte[] durableBytes(Path path) {
        return inode(path).durableBytes();
    }

    /** Total current size of the files that have a name, as the capacity limit counts it. */
    public synchronized long usedBytes() {
        return names.usedBytes();
    }

    /** Files opened and not yet closed, for leak checks. */
    public synchronized int openFiles() {
        return openFiles;
    }

    // ---------------------------------------------------------------- corruption

    /** Damage to the medium itself (bit flips, lost tails, stray writes), for corruption tests. */
    public SimCorruption corruption() {
        return new SimCorruption(this);
    }

    @Override
    public synchronized String toString() {
        return "SimulatedFileSystem[calls=" + calls + " files=" + names.size() + (crashed ? " crashed" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    static Path key(Path path) {
        return path.normalize();
    }

    SimInode inode(Path path) {
        SimInode inode = names.file(key(path));
        if (inode == null) {
            throw new IllegalArgumentException("no such file: " + key(path));
        }
        return inode;
    }

    private void alive() {
        if (crashed) {
            throw new SimulatedCrashException("simulated crash: the process died after mutating call #"
                    + Math.min(calls, crashAfter));
        }
    }

    private void crash() {
        crashed = true;
        note("crashed");
    }

    private long begin(String call) {
        long n = ++calls;
        note("#" + n + " " + call);
        return n;
    }

    private void end(long n) {
        if (n == crashAfter) {
            crash();
        }
    }

    void note(String line) {
        trace.add(line);
    }

    private void injectedFailure(long n, boolean isSync) throws IOException {
        IOException failure = faults.failure(n, isSync);
        if (failure != null) {
            note("  failed: " + failure.getMessage());
            throw failure;
        }
    }

    private static void usable(SimStorageFile file) throws ClosedChannelException {
        if (file.closed()) {
            throw new ClosedChannelException();
        }
    }
}
