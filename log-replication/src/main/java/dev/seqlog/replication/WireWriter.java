package dev.seqlog.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer the replication codecs write through, so each codec states its layout and
 * none repeats the bookkeeping of lengths and growth. Strings and byte strings are written as a 4-byte length
 * ({@code -1} for null) followed by the bytes (UTF-8 for strings).
 *
 * <p>Not thread-safe: confined to the thread that encodes.
 */
final class WireWriter {
    /** Length written in place of a null string or byte string. */
    static final int NULL_LENGTH = -1;

    private ByteBuffer buf;

    WireWriter(int initialCapacity) {
        this.buf = ByteBuffer.allocate(Math.max(16, initialCapacity));
    }

    WireWriter putByte(int v) {
        ensure(1).put((byte) v);
        return this;
    }

    WireWriter putBoolean(boolean v) {
        return putByte(v ? 1 : 0);
    }

    WireWriter putInt(int v) {
        ensure(4).putInt(v);
        return this;
    }

    WireWriter putLong(long v) {
        ensure(8).putLong(v);
        return this;
    }

    WireWriter putDouble(double v) {
        ensure(8).putDouble(v);
        return this;
    }

    WireWriter putString(String s) {
        return s == null ? putInt(NULL_LENGTH) : putBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    WireWriter putBytes(byte[] b) {
        return b == null ? putInt(NULL_LENGTH) : putBytes(b, 0, b.length);
    }

    WireWriter putBytes(byte[] b, int offset, int length) {
        ensure(4 + length).putInt(length).put(b, offset, length);
        return this;
    }

    /** Appends bytes as they are, without a length. */
    WireWriter putRaw(byte[] b) {
        ensure(b.length).put(b);
        return this;
    }

    /**
     * Reserves {@code n} bytes for a codec that writes at absolute offsets (log-core's format codecs).
     *
     * @return the offset of the reserved bytes in {@link #buffer()}
     */
    int reserve(int n) {
        ensure(n);
        int at = buf.position();
        buf.position(at + n);
        return at;
    }

    /** Overwrites an int written earlier at {@code at} (a length known only after its body). */
    void putIntAt(int at, int v) {
        buf.putInt(at, v);
    }

    /** @return the current buffer; valid until the next write grows it */
    ByteBuffer buffer() {
        return buf;
    }

    int position() {
        return buf.position();
    }

    /** @return a copy of the bytes written so far */
    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private ByteBuffer ensure(int n) {
        if (buf.remaining() < n) {
            long wanted = Math.max((long) buf.capacity() * 2, (long) buf.position() + n);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("encoded size over 2 GiB");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) wanted);
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
        return buf;
    }
}
