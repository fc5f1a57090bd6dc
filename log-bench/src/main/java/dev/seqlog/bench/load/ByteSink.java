package dev.seqlog.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for building request bodies without intermediate strings. Not thread-safe. */
final class ByteSink {
    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    ByteSink reset() {
        len = 0;
        return this;
    }

    ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteSink bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    ByteSink num(long v) {
        return ascii(Long.toString(v));
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    String text() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
