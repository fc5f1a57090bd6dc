package dev.seqlog.core.routers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The reserved meta member of an exactly-once copy (SEMANTICS §12.3),
 * {@code "_topics_router":{"idempotency_key":"router:<router>:<source>:<epoch>:<seq>",...}}: writing it onto a
 * copy (replacing any the writer put in the source record), and finding it in a destination record.
 *
 * <p>Meta is stored canonical (CanonicalJson: an object with no insignificant whitespace and keys escaped the
 * one canonical way), so a top-level member is found by walking the object's members byte by byte, and the
 * names involved are ASCII that needs no escaping. Stateless; thread-safe.
 */
final class ExactlyOnceKey {
    /** The reserved member name, quoted, as canonical meta holds it. */
    private static final byte[] NAME = "\"_topics_router\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_FIELD = "\"idempotency_key\":\"".getBytes(StandardCharsets.US_ASCII);

    private ExactlyOnceKey() {
    }

    /** The key's text up to the source seq: {@code router:<router>:<source>:<epoch>:}. */
    static String prefix(String router, String source, long epoch) {
        return "router:" + router + ":" + source + ":" + epoch + ":";
    }

    /** The member's bytes, without a separating comma. */
    static byte[] member(String router, String source, long epoch, long seq) {
        String s = "\"_topics_router\":{\"idempotency_key\":\"" + prefix(router, source, epoch) + seq
                + "\",\"router\":\"" + router + "\",\"source_topic\":\"" + source + "\",\"source_epoch\":" + epoch
                + ",\"source_seq\":" + seq + "}";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A copy's meta: the source's canonical meta (or none) without any top-level {@code _topics_router} member,
     * with {@code member} appended.
     *
     * @param meta the source record's meta bytes, or null
     * @param member the reserved member
     * @return the copy's meta
     */
    static byte[] stamp(byte[] meta, byte[] member) {
        if (meta == null || meta.length <= 2) {
            byte[] out = new byte[member.length + 2];
            out[0] = '{';
            System.arraycopy(member, 0, out, 1, member.length);
            out[out.length - 1] = '}';
            return out;
        }
        ByteBuffer in = ByteBuffer.wrap(meta);
        byte[] out = new byte[meta.length + 1 + member.length];
        int n = 0;
        out[n++] = '{';
        int p = 1;
        while (p < meta.length - 1) {
            int valueEnd = skipValue(in, p + nameLength(in, p) + 1);
            if (!isReserved(in, p)) {
                if (n > 1) {
                    out[n++] = ',';
                }
                System.arraycopy(meta, p, out, n, valueEnd - p);
                n += valueEnd - p;
            }
            p = valueEnd < meta.length - 1 ? valueEnd + 1 : valueEnd; // past the comma
        }
        if (n > 1) {
            out[n++] = ',';
        }
        System.arraycopy(member, 0, out, n, member.length);
        n += member.length;
        out[n++] = '}';
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * The source seq of a record's exactly-once key, if the record carries one that starts with {@code prefix}.
     *
     * @param b the buffer holding the meta
     * @param at where the meta starts
     * @param len its length
     * @param prefix the key text up to the seq
     * @return the seq, or -1
     */
    static long sourceSeq(ByteBuffer b, int at, int len, byte[] prefix) {
        if (len <= 2) {
            return -1;
        }
        int end = at + len - 1;
        int p = at + 1;
        while (p < end) {
            int valueStart = p + nameLength(b, p) + 1;
            int valueEnd = skipValue(b, valueStart);
            if (isReserved(b, p) && b.get(valueStart) == '{') {
                return seqIn(b, valueStart, valueEnd, prefix);
            }
            p = valueEnd + 1;
        }
        return -1;
    }

    private static long seqIn(ByteBuffer b, int from, int to, byte[] prefix) {
        // the object's own idempotency_key member, first at its top level as the server writes it
        int p = from + 1;
        if (!startsWith(b, p, to, KEY_FIELD)) {
            return -1;
        }
        p += KEY_FIELD.length;
        if (!startsWith(b, p, to, prefix)) {
            return -1;
        }
        p += prefix.length;
        long seq = 0;
        int digits = 0;
        while (p < to && b.get(p) >= '0' && b.get(p) <= '9' && digits < 19) {
            seq = seq * 10 + (b.get(p++) - '0');
            digits++;
        }
        return digits > 0 && p < to && b.get(p) == '"' ? seq : -1;
    }

    private static boolean startsWith(ByteBuffer b, int p, int to, byte[] s) {
        if (to - p < s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (b.get(p + i) != s[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isReserved(ByteBuffer b, int p) {
        return startsWith(b, p, b.limit(), NAME) && b.get(p + NAME.length) == ':';
    }

    /** Bytes of the quoted member name starting at {@code p}. */
    private static int nameLength(ByteBuffer b, int p) {
        return skipString(b, p) - p;
    }

    /** The offset after the string starting at {@code p} (its opening quote). */
    private static int skipString(ByteBuffer b, int p) {
        p++;
        while (true) {
            byte c = b.get(p++);
            if (c == '\\') {
                p++;
            } else if (c == '"') {
                return p;
            }
        }
    }

    /** The offset after the canonical value starting at {@code p}. */
    private static int skipValue(ByteBuffer b, int p) {
        byte c = b.get(p);
        if (c == '"') {
            return skipString(b, p);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                c = b.get(p);
                if (c == '"') {
                    p = skipString(b, p);
                    continue;
                }
                p++;
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return p;
                }
            }
        }
        while (p < b.limit()) { // number or literal: runs to the next separator
            c = b.get(p);
            if (c == ',' || c == '}' || c == ']') {
                return p;
            }
            p++;
        }
        return p;
    }
}
