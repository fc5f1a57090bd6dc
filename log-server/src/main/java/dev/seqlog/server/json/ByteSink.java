package dev.seqlog.server.json;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable in-memory byte buffer that JSON is rendered into; unlike ByteArrayOutputStream it is
 * unsynchronized and exposes its array. Confined to one thread.
 */
public final class ByteSink extends OutputStream {
    /** "00" to "99", for writing decimals two digits at a time. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf;
    private int len;

    /**
     * Creates a sink.
     *
     * @param initialCapacity initial array size
     */
    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    /**
     * Appends bytes read with absolute gets from a buffer, leaving its position untouched.
     *
     * @param src the buffer
     * @param off absolute offset in {@code src}
     * @param n byte count
     */
    public void write(ByteBuffer src, int off, int n) {
        ensure(n);
        src.get(off, buf, len, n);
        len += n;
    }

    /**
     * Appends a long in decimal, as JSON writes a number.
     *
     * @param v the value
     */
    public void writeDecimal(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] m = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                write(m, 0, m.length);
                return;
            }
            write('-');
            v = -v;
        }
        ensure(19);
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int i = len + digits;
        len = i;
        while (v >= 100) { // two digits per division
            int r = (int) (v % 100);
            v /= 100;
            buf[--i] = PAIRS[2 * r + 1];
            buf[--i] = PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--i] = PAIRS[2 * (int) v + 1];
            buf[--i] = PAIRS[2 * (int) v];
        } else {
            buf[--i] = (byte) ('0' + v);
        }
    }

    /** @return bytes written so far */
    public int size() {
        return len;
    }

    /** @return the backing array; valid up to {@link #size()} until the next write */
    public byte[] array() {
        return buf;
    }

    /** @return a copy of the content */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Forgets the content, keeping the array. */
    public void reset() {
        len = 0;
    }

    private void ensure(int n) {
        long need = (long) len + n;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("response too large");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8)));
        }
    }
}
