package dev.seqlog.core.spi.sim;

import java.nio.file.Path;

/**
 * Damage to a {@link SimulatedFileSystem}'s medium: each change hits the durable and the current content at
 * once, as a failing disk or a stray writer would, and is noted in the disk's trace. Thread-safe through the
 * disk's monitor.
 */
public final class SimCorruption {
    private final SimulatedFileSystem disk;

    SimCorruption(SimulatedFileSystem disk) {
        this.disk = disk;
    }

    /** Flips bit {@code bit} (0-7) of the byte at {@code offset} of the file named {@code path}. */
    public void flipBit(Path path, long offset, int bit) {
        synchronized (disk) {
            SimInode inode = disk.inode(path);
            if (offset < 0 || offset >= inode.size() || bit < 0 || bit > 7) {
                throw new IllegalArgumentException(
                        "no such bit: offset=" + offset + " bit=" + bit + " size=" + inode.size());
            }
            disk.note("corrupt " + SimulatedFileSystem.key(path) + " flip at=" + offset + " bit=" + bit);
            inode.flipBit((int) offset, bit);
        }
    }

    /** Cuts the file to {@code size} bytes (a lost tail). */
    public void truncateTo(Path path, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        synchronized (disk) {
            disk.note("corrupt " + SimulatedFileSystem.key(path) + " cut to=" + size);
            disk.inode(path).cutEverywhere((int) Math.min(size, SimulatedFileSystem.MAX_FILE_SIZE));
        }
    }

    /** Writes {@code bytes} at {@code offset} (garbage, stale data). */
    public void writeDurably(Path path, long offset, byte[] bytes) {
        synchronized (disk) {
            disk.note("corrupt " + SimulatedFileSystem.key(path) + " write at=" + offset + " len=" + bytes.length);
            disk.inode(path).writeEverywhere((int) offset, bytes.clone());
        }
    }
}
