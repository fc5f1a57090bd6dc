package dev.seqlog.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds benchmark payloads: compact JSON strings of an exact UTF-8 byte length. Stateless and
 * thread-safe.
 */
public final class Payloads {
    /** Smallest payload this class can build: a JSON string needs its two quotes. */
    public static final int MIN_BYTES = 2;

    private Payloads() {
    }

    /**
     * A JSON string literal of exactly {@code bytes} UTF-8 bytes: a quote, {@code bytes - 2} ASCII letters
     * cycling through the alphabet, and a quote.
     *
     * @param bytes total length, at least {@link #MIN_BYTES}
     * @return a new array holding the literal
     */
    public static byte[] jsonString(int bytes) {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("payload must be at least 2 bytes, got " + bytes);
        }
        byte[] b = new byte[bytes];
        b[0] = '"';
        for (int i = 1; i < bytes - 1; i++) {
            b[i] = (byte) ('a' + (i - 1) % 26);
        }
        b[bytes - 1] = '"';
        return b;
    }

    /**
     * A JSON string literal of exactly {@code bytes} UTF-8 bytes that starts with {@code prefix} (ASCII,
     * no quotes or backslashes) and is padded with {@code 'x'}.
     *
     * @param prefix distinguishing text, e.g. a producer id and counter
     * @param bytes total length including quotes; at least {@code prefix.length() + 2}
     * @return a new array holding the literal
     */
    public static byte[] taggedJsonString(String prefix, int bytes) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (bytes < p.length + MIN_BYTES) {
            throw new IllegalArgumentException("payload of " + bytes + " bytes cannot hold prefix " + prefix);
        }
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'x');
        b[0] = '"';
        System.arraycopy(p, 0, b, 1, p.length);
        b[bytes - 1] = '"';
        return b;
    }
}
