package dev.seqlog.bench.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis stream entry ids ({@code <ms>-<seq>}) packed into one long that sorts like the id: 41 bits of
 * milliseconds (enough until the year 2039) above 22 bits of sequence (4 M entries in one millisecond), so
 * the workloads can check order and uniqueness of a million ids with primitive arrays. Stateless.
 */
final class StreamIds {
    private static final int SEQ_BITS = 22;
    private static final long MAX_MS = (1L << (63 - SEQ_BITS)) - 1;
    private static final long MAX_SEQ = (1L << SEQ_BITS) - 1;

    private StreamIds() {
    }

    /**
     * @param ms the id's milliseconds part
     * @param seq the id's sequence part
     * @return the packed id
     * @throws IllegalArgumentException if a part does not fit
     */
    static long pack(long ms, long seq) {
        if (ms < 0 || ms > MAX_MS || seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("stream id " + ms + "-" + seq + " does not fit the packing");
        }
        return ms << SEQ_BITS | seq;
    }

    /**
     * @param id an id as Redis sends it, e.g. {@code 1700000000000-3}
     * @return the packed id
     */
    static long parse(byte[] id) {
        return parse(new String(id, StandardCharsets.US_ASCII));
    }

    /**
     * @param id an id as Redis sends it, e.g. {@code 1700000000000-3}
     * @return the packed id
     */
    static long parse(String id) {
        int dash = id.indexOf('-');
        if (dash < 1) {
            throw new IllegalArgumentException("not a stream id: " + id);
        }
        return pack(Long.parseLong(id, 0, dash, 10), Long.parseLong(id, dash + 1, id.length(), 10));
    }

    /**
     * @param packed a packed id
     * @return it as Redis writes it
     */
    static String format(long packed) {
        return (packed >>> SEQ_BITS) + "-" + (packed & MAX_SEQ);
    }
}
