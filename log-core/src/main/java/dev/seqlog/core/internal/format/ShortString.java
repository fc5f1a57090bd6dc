package dev.seqlog.core.internal.format;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * A string stored with a two-byte length: topic names and dead-letter names (ASCII), delete values (UTF-8).
 *
 * <pre>
 *  offset  size  field
 *  0       2     length n, signed; -1 = absent (no bytes follow)
 *  2       n     the bytes
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ShortString {
    /** Offset of the length. */
    public static final int LENGTH = 0;
    /** Offset of the first byte. */
    public static final int BYTES = 2;
    /** The length that means absent. */
    public static final short ABSENT = -1;

    private ShortString() {
    }

    /**
     * @param s the string, or null
     * @param cs its charset
     * @return its encoding, or null
     * @throws IllegalArgumentException if it does not fit a two-byte length
     */
    public static byte[] encode(String s, Charset cs) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(cs);
        if (b.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string too long for a two-byte length: bytes=" + b.length);
        }
        return b;
    }

    /**
     * @param bytes encoded bytes, or null
     * @return the bytes it occupies
     */
    public static int size(byte[] bytes) {
        return BYTES + (bytes == null ? 0 : bytes.length);
    }

    /**
     * Writes at an absolute offset.
     *
     * @param b the buffer
     * @param at where
     * @param bytes the encoded string, or null for absent
     * @return the offset after it
     */
    public static int put(ByteBuffer b, int at, byte[] bytes) {
        if (bytes == null) {
            b.putShort(at + LENGTH, ABSENT);
            return at + BYTES;
        }
        b.putShort(at + LENGTH, (short) bytes.length);
        b.put(at + BYTES, bytes);
        return at + BYTES + bytes.length;
    }

    /**
     * @param b the buffer
     * @param at where one starts
     * @return the bytes it occupies
     */
    public static int size(ByteBuffer b, int at) {
        return BYTES + Math.max(b.getShort(at + LENGTH), 0);
    }

    /**
     * @param b the buffer
     * @param at where one starts
     * @param cs its charset
     * @return the string, or null if absent
     */
    public static String read(ByteBuffer b, int at, Charset cs) {
        short n = b.getShort(at + LENGTH);
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.get(at + BYTES, bytes);
        return new String(bytes, cs);
    }
}
