package dev.seqlog.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level pieces of JSON that {@link CanonicalJson} reads and writes: number and UTF-8 sequences,
 * the canonical bytes of an escaped code point, and the word-at-a-time scan over plain string bytes. Each
 * method looks at a byte range and answers where a token ends (or {@code -1} when it is malformed); the
 * parser owns the position and the error. Stateless; thread-safe.
 */
final class JsonBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private JsonBytes() {
    }

    /**
     * Skips string bytes eight at a time while none of them needs a look (a control character, a quote, a
     * backslash or a non-ASCII byte). The test is conservative: a word that might hold such a byte is left to
     * the caller's byte-at-a-time loop.
     *
     * @return where the caller's loop takes over, at most {@code end}
     */
    static int skipPlain(byte[] in, int p, int end) {
        while (p <= end - Long.BYTES) {
            long x = (long) LONGS.get(in, p);
            long special = (x - ONES * 0x20) // a byte below 0x20
                    | ((x ^ ONES * '"') - ONES) // a quote
                    | ((x ^ ONES * '\\') - ONES) // a backslash
                    | x; // a byte with its high bit set
            if ((special & HIGH_BITS) != 0) {
                return p;
            }
            p += Long.BYTES;
        }
        return p;
    }

    /**
     * An RFC 8259 number starting at {@code p}.
     *
     * @return the offset just after it, or -1 if no number starts there
     */
    static int numberEnd(byte[] in, int p, int end) {
        if (in[p] == '-') {
            p++;
        }
        if (p < end && in[p] == '0') {
            p++;
        } else if (p < end && isDigit(in[p])) {
            p = digitsEnd(in, p, end);
        } else {
            return -1;
        }
        if (p < end && in[p] == '.') {
            p++;
            if (p >= end || !isDigit(in[p])) {
                return -1;
            }
            p = digitsEnd(in, p, end);
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            if (p >= end || !isDigit(in[p])) {
                return -1;
            }
            p = digitsEnd(in, p, end);
        }
        return p;
    }

    private static int digitsEnd(byte[] in, int p, int end) {
        while (p < end && isDigit(in[p])) {
            p++;
        }
        return p;
    }

    /**
     * A multi-byte UTF-8 sequence starting at {@code p}: no overlong form, no encoded surrogate, nothing
     * past U+10FFFF.
     *
     * @return its length in bytes, or -1 if it is not valid
     */
    static int utf8Length(byte[] in, int p, int end) {
        int b = in[p] & 0xFF;
        int extra;
        int min;
        if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (p + extra >= end) {
            return -1;
        }
        int cp = b & (0x3F >> extra);
        for (int i = 1; i <= extra; i++) {
            int cont = in[p + i] & 0xFF;
            if ((cont & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return extra + 1;
    }

    /**
     * Writes the canonical bytes of one code point in a string: the short escapes, <code>&#92;u00xx</code>
     * with lowercase hex for the other control characters, an escaped quote or backslash, else raw UTF-8.
     *
     * @param cp the code point
     * @param s at least 6 bytes
     * @return the number of bytes written
     */
    static int canonicalEscape(int cp, byte[] s) {
        if (cp < 0x20) {
            s[0] = '\\';
            switch (cp) {
                case '\b': s[1] = 'b'; return 2;
                case '\f': s[1] = 'f'; return 2;
                case '\n': s[1] = 'n'; return 2;
                case '\r': s[1] = 'r'; return 2;
                case '\t': s[1] = 't'; return 2;
                default:
                    s[1] = 'u';
                    s[2] = '0';
                    s[3] = '0';
                    s[4] = HEX[cp >> 4];
                    s[5] = HEX[cp & 0xF];
                    return 6;
            }
        }
        if (cp == '"' || cp == '\\') {
            s[0] = '\\';
            s[1] = (byte) cp;
            return 2;
        }
        if (cp < 0x80) {
            s[0] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            s[0] = (byte) (0xC0 | (cp >> 6));
            s[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            s[0] = (byte) (0xE0 | (cp >> 12));
            s[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            s[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        s[0] = (byte) (0xF0 | (cp >> 18));
        s[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        s[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        s[3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }

    static boolean isWs(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** @return the value of a hex digit, or -1 */
    static int hexValue(byte h) {
        if (h >= '0' && h <= '9') {
            return h - '0';
        }
        if (h >= 'a' && h <= 'f') {
            return h - 'a' + 10;
        }
        if (h >= 'A' && h <= 'F') {
            return h - 'A' + 10;
        }
        return -1;
    }
}
