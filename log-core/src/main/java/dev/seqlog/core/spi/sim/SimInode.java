package dev.seqlog.core.spi.sim;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated file's content, independent of its names: the durable bytes, the current bytes, and the
 * writes and truncations since the last sync. Guarded by the owning {@link SimulatedFileSystem}'s monitor.
 */
final class SimInode {

    static final int SECTOR = 512;

    /** An unflushed change, replayed over the durable bytes on power loss. */
    private sealed interface Change permits Write, Cut {
        void applyTo(Content content);
    }

    private record Write(int offset, byte[] bytes) implements Change {
        @Override
        public void applyTo(Content content) {
            content.write(offset, bytes);
        }

        /** Sector boundaries strictly inside this write: the places it can be torn. */
        int tearPoints() {
            return (offset + bytes.length - 1) / SECTOR - offset / SECTOR;
        }

        /** The prefix ending at the {@code k}-th sector boundary inside the write, 1-based. */
        Write tornAt(int k) {
            int end = (offset / SECTOR + k) * SECTOR;
            return new Write(offset, Arrays.copyOf(bytes, end - offset));
        }
    }

    private record Cut(int size) implements Change {
        @Override
        public void applyTo(Content content) {
            content.cut(size);
        }
    }

    private byte[] durable;
    private final Content current;
    private final List<Change> unflushed = new ArrayList<>();

    SimInode(byte[] content) {
        this.durable = content.clone();
        this.current = new Content(content);
    }

    /** An independent copy with the same durable bytes, current bytes and unflushed changes. */
    SimInode copy() {
        SimInode c = new SimInode(durable);
        c.current.data = current.toArray();
        c.current.size = current.size;
        c.unflushed.addAll(unflushed); // the changes are immutable
        return c;
    }

    int size() {
        return current.size;
    }

    int read(ByteBuffer dst, long position) {
        if (position >= current.size) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), current.size - position);
        dst.put(current.data, (int) position, n);
        return n;
    }

    void write(int offset, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        current.write(offset, bytes);
        unflushed.add(new Write(offset, bytes));
    }

    void truncate(int size) {
        if (size < current.size) {
            current.cut(size);
            unflushed.add(new Cut(size));
        }
    }

    void sync() {
        durable = current.toArray();
        unflushed.clear();
    }

    byte[] currentBytes() {
        return current.toArray();
    }

    byte[] durableBytes() {
        return durable.clone();
    }

    /** The content a power loss leaves; does not change this inode, so it can be asked repeatedly. */
    byte[] afterPowerLoss(TearMode mode, SplittableRandom random) {
        return switch (mode) {
            case NONE -> durable.clone();
            case ALL -> current.toArray();
            case TORN -> torn(random);
        };
    }

    private byte[] torn(SplittableRandom random) {
        List<Change> kept = new ArrayList<>();
        for (Change change : unflushed) {
            if (random.nextBoolean()) {
                kept.add(change);
            }
        }
        for (int i = kept.size() - 1; i > 0; i--) { // Fisher-Yates: survivors land in any order
            Collections.swap(kept, i, random.nextInt(i + 1));
        }
        if (random.nextBoolean()) {
            tearOne(kept, random);
        }
        Content result = new Content(durable);
        for (Change change : kept) {
            change.applyTo(result);
        }
        return result.toArray();
    }

    private static void tearOne(List<Change> kept, SplittableRandom random) {
        List<Integer> tearable = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i) instanceof Write w && w.tearPoints() > 0) {
                tearable.add(i);
            }
        }
        if (tearable.isEmpty()) {
            return;
        }
        int index = tearable.get(random.nextInt(tearable.size()));
        Write victim = (Write) kept.get(index);
        kept.set(index, victim.tornAt(1 + random.nextInt(victim.tearPoints())));
    }

    // Corruption helpers: they model the medium changing underneath, so they hit both views at once.

    void flipBit(int offset, int bit) {
        current.data[offset] ^= (byte) (1 << bit);
        if (offset < durable.length) {
            durable[offset] ^= (byte) (1 << bit);
        }
    }

    void cutEverywhere(int size) {
        current.cut(size);
        if (size < durable.length) {
            durable = Arrays.copyOf(durable, size);
        }
    }

    void writeEverywhere(int offset, byte[] bytes) {
        current.write(offset, bytes);
        Content d = new Content(durable);
        d.write(offset, bytes);
        durable = d.toArray();
    }

    /** A growable byte array; a write past the end zero-fills the gap, as a sparse file reads. */
    private static final class Content {
        byte[] data;
        int size;

        Content(byte[] initial) {
            data = initial.clone();
            size = initial.length;
        }

        void write(int offset, byte[] bytes) {
            int end = offset + bytes.length;
            if (end > data.length) {
                data = Arrays.copyOf(data, Math.max(end, (int) Math.min(Integer.MAX_VALUE - 8L, data.length * 2L)));
            }
            if (offset > size) {
                Arrays.fill(data, size, offset, (byte) 0);
            }
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            size = Math.max(size, end);
        }

        void cut(int newSize) {
            if (newSize < size) {
                size = newSize;
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
