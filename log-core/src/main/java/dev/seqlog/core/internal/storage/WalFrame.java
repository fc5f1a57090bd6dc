package dev.seqlog.core.internal.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One self-delimiting, checksummed unit in a WAL file.
 *
 * <pre>
 *  offset  size  field
 *  0       4     body length L (at least 1: the type byte)
 *  4       4     CRC32C over: file generation (8), frame offset in the file (8), bytes 8 .. 16+L
 *  8       8     synced-through: the file offset up to which the file was durable when this frame was written
 *  16      L     body: one type byte, then the type's payload
 * </pre>
 *
 * <p>Binding the checksum to the file's generation and the frame's offset means stale bytes in
 * preallocated or reused space can never validate as a current frame. The synced-through field lets
 * recovery tell a torn tail (nothing after it was ever durable) from corruption of durable data (a
 * later valid frame says the damaged offset had been synced).
 *
 * <p>Stateless; thread-safe.
 */
public final class WalFrame {
    /** Bytes before the body. */
    public static final int HEADER = 16;
    /** Offset of the body length. */
    public static final int LENGTH = 0;
    static final int CRC = 4;
    /** Offset of the synced-through file offset. */
    public static final int SYNCED = 8;
    /** Bytes of the binding the checksum covers first: generation, then the frame's offset. */
    private static final int BINDING = 16;
    /** Upper bound on a body, a guard against trusting a corrupt length. */
    static final int MAX_BODY = 1 << 30;

    private WalFrame() {
    }

    /** Total bytes a frame with this body occupies. */
    static int size(int bodyLength) {
        return HEADER + bodyLength;
    }

    /** Writes a complete frame for {@code body} into {@code dst} at its position, advancing it. */
    static void write(ByteBuffer dst, long generation, long offset, long syncedThrough, ByteBuffer body) {
        int start = dst.position();
        int len = body.remaining();
        dst.putInt(start + LENGTH, len).putLong(start + SYNCED, syncedThrough);
        dst.position(start + HEADER).put(body);
        dst.putInt(start + CRC, checksum(generation, offset, dst, start + SYNCED, HEADER - SYNCED + len));
    }

    static int checksum(long generation, long offset, ByteBuffer b, int from, int length) {
        CRC32C c = new CRC32C();
        ByteBuffer binding = ByteBuffer.allocate(BINDING).putLong(0, generation).putLong(Long.BYTES, offset);
        c.update(binding);
        c.update(b.duplicate().limit(from + length).position(from));
        return (int) c.getValue();
    }

    /**
     * Validates the frame at {@code at} in {@code b} (a window of the file starting at file offset
     * {@code base}).
     *
     * @param b the window
     * @param at the frame's offset in the window
     * @param base the window's file offset
     * @param generation the file's generation
     * @return the body length if valid, or -1
     */
    public static int validate(ByteBuffer b, int at, long base, long generation) {
        if (at + HEADER > b.limit()) {
            return -1;
        }
        int len = b.getInt(at + LENGTH);
        if (len < 1 || len > MAX_BODY || at + HEADER + len > b.limit()) {
            return -1;
        }
        long synced = b.getLong(at + SYNCED);
        if (synced < 0 || synced > base + at) {
            return -1;
        }
        int crc = checksum(generation, base + at, b, at + SYNCED, HEADER - SYNCED + len);
        return crc == b.getInt(at + CRC) ? len : -1;
    }
}
