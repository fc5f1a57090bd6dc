package dev.seqlog.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * The log clock's time at each engine checkpoint, kept beside the engine's data directory. The engine's checkpoint
 * records the log position but not the log time, and the state machine takes max(previous, entry time): a replica
 * restarted from a checkpoint must resume from the same "previous" as the replicas that kept running, or an entry
 * stamped by a node whose clock lags would give it an earlier time than theirs (TTL, idempotency windows and
 * {@code $ts} would then differ).
 *
 * <p>The time is recorded before the checkpoint is written, beside the record of the newest checkpoint that was
 * written completely: if the checkpoint fails or the process dies before it is complete, recovery finds the engine
 * at that older checkpoint, and its record is still there.
 *
 * <pre>
 *  offset  size  field
 *  0       4     magic "SQLC"
 *  4       1     version (1)
 *  5       1     record count (0..2): the newest complete checkpoint's, then the one being written
 *  6       16*n  records: log index (8) | log time, ms since the epoch (8)
 *  6+16n   4     CRC32C of the bytes before it
 * </pre>
 *
 * <p>Written as a temporary file, forced, renamed over the old one, then the directory is forced.
 * Not thread-safe: used by the thread that applies entries and takes snapshots.
 */
final class CheckpointClock {
    private static final int MAGIC = 0x53514C43; // "SQLC"
    private static final byte VERSION = 1;
    private static final int RECORD_BYTES = 16;

    private final Path file;
    private long[] indexes = new long[0];
    private long[] times = new long[0];

    CheckpointClock(Path file) throws IOException {
        this.file = file;
        read();
    }

    /**
     * Records that the checkpoint about to be written at {@code index} carries log time {@code millis}, keeping the
     * record of {@code keepIndex}, the newest checkpoint that was written completely (if one was), so a failed or
     * interrupted checkpoint never costs the record of the one the engine would recover.
     *
     * @param keepIndex the log index of the newest complete checkpoint, -1 for none
     * @param index the log index of the checkpoint about to be written
     * @param millis the log time at {@code index}
     */
    void record(long keepIndex, long index, long millis) throws IOException {
        OptionalLong kept = keepIndex == index ? OptionalLong.empty() : timeAt(keepIndex);
        if (kept.isPresent()) {
            indexes = new long[] {keepIndex, index};
            times = new long[] {kept.getAsLong(), millis};
        } else {
            indexes = new long[] {index};
            times = new long[] {millis};
        }
        write();
    }

    /** @return the log time recorded for the checkpoint at {@code index}, if one was */
    OptionalLong timeAt(long index) {
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] == index) {
                return OptionalLong.of(times[i]);
            }
        }
        return OptionalLong.empty();
    }

    private void read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 10 || b.getInt(0) != MAGIC) {
            throw new IOException("not a checkpoint clock file: " + file);
        }
        if (b.get(4) != VERSION) {
            throw new IOException("checkpoint clock file " + file + " has version " + b.get(4) + ", this node reads "
                    + VERSION);
        }
        int n = b.get(5);
        int end = 6 + n * RECORD_BYTES;
        if (n < 0 || n > 2 || bytes.length != end + 4) {
            throw new IOException("checkpoint clock file " + file + " is truncated or damaged (" + bytes.length
                    + " bytes, " + n + " records)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        if ((int) crc.getValue() != b.getInt(end)) {
            throw new IOException("checkpoint clock file " + file + " fails its checksum");
        }
        indexes = new long[n];
        times = new long[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = b.getLong(6 + i * RECORD_BYTES);
            times[i] = b.getLong(6 + i * RECORD_BYTES + 8);
        }
    }

    private void write() throws IOException {
        int n = indexes.length;
        ByteBuffer b = ByteBuffer.allocate(6 + n * RECORD_BYTES + 4);
        b.putInt(MAGIC).put(VERSION).put((byte) n);
        for (int i = 0; i < n; i++) {
            b.putLong(indexes[i]).putLong(times[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).flip();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
