package dev.seqlog.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote, checking every length against the bytes that remain, so a damaged or
 * foreign payload fails with a {@link MalformedEntryException} naming the field instead of an index error deep in
 * a codec.
 *
 * <p>Not thread-safe: confined to the thread that decodes.
 */
final class WireReader {
    private final byte[] array;
    private final ByteBuffer buf;

    /** Reads {@code bytes} from its start; byte strings read with {@link #slice} point into this array. */
    WireReader(byte[] bytes) {
        this.array = bytes;
        this.buf = ByteBuffer.wrap(bytes);
    }

    int getByte(String field) {
        need(1, field);
        return buf.get();
    }

    boolean getBoolean(String field) {
        return getByte(field) != 0;
    }

    int getInt(String field) {
        need(4, field);
        return buf.getInt();
    }

    long getLong(String field) {
        need(8, field);
        return buf.getLong();
    }

    double getDouble(String field) {
        need(8, field);
        return buf.getDouble();
    }

    String getString(String field) {
        int len = length(field);
        if (len < 0) {
            return null;
        }
        String s = new String(array, buf.position(), len, StandardCharsets.UTF_8);
        buf.position(buf.position() + len);
        return s;
    }

    /** @return a copy of the next byte string, or null */
    byte[] getBytes(String field) {
        int len = length(field);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    /**
     * Skips the next byte string, returning where it lies in the array passed to the constructor.
     *
     * @return {offset, length}, or null for a null byte string
     */
    int[] slice(String field) {
        int len = length(field);
        if (len < 0) {
            return null;
        }
        int at = buf.position();
        buf.position(at + len);
        return new int[] {at, len};
    }

    /** @return the array this reader reads */
    byte[] array() {
        return array;
    }

    /** @return the underlying buffer, for codecs that read at absolute offsets */
    ByteBuffer buffer() {
        return buf;
    }

    int position() {
        return buf.position();
    }

    void position(int p) {
        if (p < buf.position() || p > buf.limit()) {
            throw new MalformedEntryException("position " + p + " outside the payload (limit " + buf.limit() + ")");
        }
        buf.position(p);
    }

    int remaining() {
        return buf.remaining();
    }

    private int length(String field) {
        int len = getInt(field);
        if (len == WireWriter.NULL_LENGTH) {
            return -1;
        }
        if (len < 0) {
            throw new MalformedEntryException(field + ": negative length " + len);
        }
        need(len, field);
        return len;
    }

    private void need(int n, String field) {
        if (buf.remaining() < n) {
            throw new MalformedEntryException(field + ": needs " + n + " bytes at offset " + buf.position()
                    + ", " + buf.remaining() + " remain");
        }
    }
}
