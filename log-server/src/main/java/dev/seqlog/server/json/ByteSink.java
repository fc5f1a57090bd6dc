package dev.seqlog.server.json;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable in-memory byte buffer that JSON is rendered into; unlike ByteArrayOutputStream it is
 * unsynchronized and exposes its array. Confined to one thread.
 */
public final class ByteSink extends OutputStream {
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
