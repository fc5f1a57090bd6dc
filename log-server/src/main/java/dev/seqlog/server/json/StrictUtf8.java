package dev.seqlog.server.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629, Unicode table 3-7): no overlong form, no encoded
 * surrogate (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation byte, no sequence cut short.
 * Request bodies must be UTF-8 (API §1.6), and jackson's parser does not check it: it decodes an overlong
 * {@code C0 AF} as {@code '/'} and passes strings it skips unread. One pass over the bytes, eight ASCII
 * bytes at a time, without allocating: it runs on every write body. Stateless.
 */
final class StrictUtf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of eight bytes: zero for eight ASCII bytes. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    private StrictUtf8() {
    }

    /**
     * Finds the first ill-formed sequence.
     *
     * @param b the bytes
     * @param off first byte to check
     * @param len number of bytes to check
     * @return the index of the first byte of the first ill-formed sequence, or -1 if all are well-formed
     */
    static int firstInvalid(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        int i = off;
        while (i < end) {
            while (i <= end - Long.BYTES && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
            }
            if (i == end) {
                break;
            }
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n < 0) {
                return i;
            }
            i += n;
        }
        return -1;
    }

    /** Length of the well-formed multi-byte sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead < 0xC2 || lead > 0xF4) {
            return -1; // a continuation byte, an overlong lead (C0, C1), or a lead past U+10FFFF
        }
        if (lead < 0xE0) {
            return i + 1 < end && continuation(b[i + 1]) ? 2 : -1;
        }
        // the second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points past U+10FFFF (F4)
        int second = i + 1 < end ? b[i + 1] & 0xFF : -1;
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
            return -1;
        }
        if (lead < 0xF0) {
            return i + 2 < end && continuation(b[i + 2]) ? 3 : -1;
        }
        return i + 3 < end && continuation(b[i + 2]) && continuation(b[i + 3]) ? 4 : -1;
    }

    private static boolean continuation(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /**
     * The length of a UTF-8 byte-order mark at {@code b[off]}.
     *
     * @param b the bytes
     * @param off where the body starts
     * @param len the body length
     * @return 3 if the body starts with {@code EF BB BF}, else 0
     */
    static int bomLength(byte[] b, int off, int len) {
        return len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF ? 3 : 0;
    }
}
