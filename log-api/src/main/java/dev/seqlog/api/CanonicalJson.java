package dev.seqlog.api;

import java.util.Arrays;

/**
 * The one validator and canonicaliser of stored JSON payloads ({@code data} and {@code meta},
 * SEMANTICS §2.2, §2.3). Every path that stores a payload (the library's {@link RecordInput#json},
 * the server's JSON and NDJSON bodies) goes through this class, so the same JSON text is stored as
 * the same bytes and accounted with the same size whichever way it came in.
 *
 * <p><b>The canonical form</b> of a well-formed JSON value:
 * <ul>
 *   <li>no insignificant whitespace: nothing between tokens;</li>
 *   <li>objects keep their key order (duplicate keys are kept as written);</li>
 *   <li>numbers keep their literal token text ({@code 1.0}, {@code -0}, {@code 1E+10} and 30-digit
 *       integers are stored exactly as sent); {@code true}, {@code false}, {@code null} as they are;</li>
 *   <li>strings (keys included) are re-encoded with the fewest escapes JSON requires: {@code \"},
 *       {@code \\}, the short forms {@code \b \f \n \r \t}, <code>&#92;u00xx</code> (lowercase hex) for
 *       the other characters below U+0020; every other code point, {@code /} and U+007F included, is raw
 *       UTF-8. So <code>"&#92;u00e9"</code>, {@code "é"} and <code>"&#92;u00E9"</code> are all stored as the
 *       two bytes of {@code é} inside quotes, {@code "\/"} as {@code "/"}, and a surrogate-pair escape as
 *       the 4-byte UTF-8 of its code point.</li>
 * </ul>
 * Refused with {@code invalid_request}: anything that is not exactly one RFC 8259 value, invalid
 * UTF-8 (overlong forms, encoded surrogates, bytes past U+10FFFF), an escape of an unpaired surrogate
 * (such as <code>"&#92;ud800"</code>), and nesting deeper than {@link #MAX_DEPTH} arrays and objects.
 *
 * <p>The canonical form of a value is never longer than its input text, and canonicalising a
 * canonical value returns it unchanged. Input that is already canonical (compact, no escape that
 * needs rewriting) is validated and copied in bulk; nothing is allocated per token or character.
 *
 * <p>An instance appends canonical values to its own growable buffer. Because output never exceeds
 * input, an instance created with a capacity of at least the total input length never reallocates:
 * offsets and the array returned by {@link #buffer()} stay valid while values are appended.
 *
 * <p>Instances are confined to one thread; the static methods are thread-safe.
 */
public final class CanonicalJson {
    /**
     * Deepest nesting of arrays and objects accepted in one payload: a value may sit inside at most
     * this many open arrays and objects. One more is {@code invalid_request}.
     */
    public static final int MAX_DEPTH = 512;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] out;
    private int size;
    /** Smallest buffer size worth growing to. */
    private int minGrowth;
    /** One bit per open container, set for an object. */
    private final ContainerKinds kinds = new ContainerKinds(MAX_DEPTH);
    /** Canonical bytes of one escape (at most a 4-byte code point or a 6-byte <code>&#92;u00xx</code>). */
    private final byte[] scratch = new byte[6];

    // state of the value being read
    private byte[] in;
    private int pos;
    private int end;
    private int valueStart;
    /** Start of the run of input bytes not yet copied to the output (all canonical so far). */
    private int pending;
    private boolean rewritten;
    private int topLevelKeys;
    private String field;

    /**
     * Creates an instance with an empty buffer.
     *
     * @param initialCapacity initial buffer size in bytes; at least the total input length to never
     *        reallocate
     */
    public CanonicalJson(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must be >= 0");
        }
        this.out = new byte[initialCapacity];
    }

    /**
     * Canonicalises a document holding exactly one JSON value (whitespace around it allowed).
     *
     * @param json the UTF-8 text
     * @param field the request field the value stands for ({@code "data"}, {@code "meta"}), used in errors
     * @return {@code json} itself when it is already canonical, else a new array
     * @throws SeqlogException invalid_request naming {@code field} if the text is not one acceptable value
     */
    public static byte[] canonicalize(byte[] json, String field) {
        return new CanonicalJson(0).document(json, field);
    }

    /**
     * Reads one JSON value starting at {@code in[off]} (leading whitespace allowed) and appends its
     * canonical form to the buffer, where it starts at the {@link #size()} seen before the call. Reading
     * stops right after the value; what follows is left to the caller.
     *
     * @param in the input
     * @param off where the value starts
     * @param limit end of the readable input (exclusive)
     * @param field the request field the value stands for, used in errors
     * @return the input offset just after the value
     * @throws SeqlogException invalid_request naming {@code field} if no acceptable value starts there
     */
    public int appendValue(byte[] in, int off, int limit, String field) {
        int start = size;
        try {
            begin(in, off, limit, field);
            read();
            flush(pos);
            return pos;
        } catch (RuntimeException e) {
            size = start;
            throw e;
        }
    }

    /**
     * Appends the canonical form of a range that must hold exactly one JSON value, with optional
     * whitespace around it, such as one NDJSON line.
     *
     * @param in the input
     * @param off start of the range
     * @param len length of the range
     * @param field the request field the value stands for, used in errors
     * @throws SeqlogException invalid_request naming {@code field} if the range is not one acceptable value
     */
    public void appendDocument(byte[] in, int off, int len, String field) {
        int start = size;
        try {
            begin(in, off, off + len, field);
            read();
            int valueEnd = pos;
            skipTrailing();
            flush(valueEnd);
        } catch (RuntimeException e) {
            size = start;
            throw e;
        }
    }

    /** @return the number of keys of the last value if it is an object, else -1 */
    public int topLevelKeys() {
        return topLevelKeys;
    }

    /** @return the buffer; canonical bytes are valid up to {@link #size()} */
    public byte[] buffer() {
        return out;
    }

    /** @return bytes appended so far */
    public int size() {
        return size;
    }

    /** Forgets the appended bytes, keeping the buffer. */
    public void reset() {
        size = 0;
    }

    /**
     * @return whether the last value appended came out byte for byte as it was written, so a caller may keep
     *         pointing at its input (at {@link #lastValueStart()}) instead of the buffer
     */
    public boolean lastValueUnchanged() {
        return !rewritten;
    }

    /** @return where the last value appended starts in its input, after any whitespace before it */
    public int lastValueStart() {
        return valueStart;
    }

    /**
     * Drops what was appended after {@code size}, such as a value the caller references in its input instead.
     *
     * @param size a size seen before, at most {@link #size()}
     */
    public void truncate(int size) {
        if (size < 0 || size > this.size) {
            throw new IllegalArgumentException("cannot truncate " + this.size + " bytes to " + size);
        }
        this.size = size;
    }

    /** Whole-document form without an output copy when the input is already canonical. */
    byte[] document(byte[] json, String field) {
        minGrowth = json.length; // the output never outgrows the input: allocate once, if at all
        begin(json, 0, json.length, field);
        read();
        int valueEnd = pos;
        skipTrailing();
        if (!rewritten && valueStart == 0 && valueEnd == json.length) {
            return json;
        }
        flush(valueEnd);
        return size == out.length ? out : Arrays.copyOf(out, size);
    }

    private void begin(byte[] in, int off, int limit, String field) {
        this.in = in;
        this.end = limit;
        this.field = field;
        this.pos = off;
        while (pos < end && JsonBytes.isWs(in[pos])) {
            pos++;
        }
        this.valueStart = pos;
        this.pending = pos;
        this.rewritten = false;
        this.topLevelKeys = -1;
    }

    private void skipTrailing() {
        while (pos < end && JsonBytes.isWs(in[pos])) {
            pos++;
        }
        if (pos != end) {
            throw fail("trailing characters after the value");
        }
    }

    // ------------------------------------------------------------------------------------------ grammar

    /** Reads one value iteratively: the container stack is {@link #kinds}, never the thread's stack. */
    private void read() {
        int depth = 0;
        while (true) {
            // at the start of a value
            if (pos >= end) {
                throw fail("unexpected end of input");
            }
            byte c = in[pos];
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw fail("nested deeper than " + MAX_DEPTH + " arrays and objects");
                }
                boolean object = c == '{';
                kinds.set(depth, object);
                depth++;
                pos++;
                if (object && depth == 1) {
                    topLevelKeys = 0;
                }
                ws();
                if (pos < end && in[pos] == (object ? '}' : ']')) {
                    pos++;
                    depth--;
                } else {
                    if (object) {
                        key(depth);
                    }
                    continue;
                }
            } else {
                scalar(c);
            }
            // after a value: close containers until one continues with ','
            while (true) {
                if (depth == 0) {
                    return;
                }
                ws();
                boolean object = kinds.isObject(depth - 1);
                byte d = pos < end ? in[pos] : 0;
                if (d == ',') {
                    pos++;
                    ws();
                    if (object) {
                        key(depth);
                    }
                    break;
                }
                if (d == (object ? '}' : ']')) {
                    pos++;
                    depth--;
                    continue;
                }
                throw fail(pos >= end ? "unexpected end of input"
                        : object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
            }
        }
    }

    /** A key, the colon and the whitespace before the value. */
    private void key(int depth) {
        if (pos >= end || in[pos] != '"') {
            throw fail("expected a string key in an object");
        }
        string();
        ws();
        if (pos >= end || in[pos] != ':') {
            throw fail("expected ':' after an object key");
        }
        pos++;
        ws();
        if (depth == 1) {
            topLevelKeys++;
        }
    }

    private void scalar(byte c) {
        switch (c) {
            case '"':
                string();
                return;
            case 't':
                literal(TRUE);
                return;
            case 'f':
                literal(FALSE);
                return;
            case 'n':
                literal(NULL);
                return;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                    return;
                }
                throw fail("unexpected character");
        }
    }

    private void literal(byte[] word) {
        if (end - pos < word.length) {
            throw fail("bad literal");
        }
        for (byte b : word) {
            if (in[pos] != b) {
                throw fail("bad literal");
            }
            pos++;
        }
    }

    /** RFC 8259 number grammar; the text is kept as written. */
    private void number() {
        int e = JsonBytes.numberEnd(in, pos, end);
        if (e < 0) {
            throw fail("bad number");
        }
        pos = e;
    }

    private void string() {
        pos++;
        while (true) {
            int p = JsonBytes.skipPlain(in, pos, end);
            // the hot loop: printable ASCII other than '"' and '\' is canonical as it is
            while (p < end) {
                byte b = in[p];
                if (b < 0x20 || b == '"' || b == '\\') {
                    break;
                }
                p++;
            }
            pos = p;
            if (p >= end) {
                throw fail("unterminated string");
            }
            byte b = in[p];
            if (b == '"') {
                pos++;
                return;
            }
            if (b == '\\') {
                escape();
            } else if (b >= 0) {
                throw fail("unescaped control character in a string");
            } else {
                utf8();
            }
        }
    }

    private void escape() {
        int at = pos;
        if (at + 1 >= end) {
            throw fail("unterminated string");
        }
        switch (in[at + 1]) {
            case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
                pos = at + 2;
                return;
            case '/':
                scratch[0] = '/';
                pos = at + 2;
                replace(at, pos, 1);
                return;
            case 'u':
                unicodeEscape(at);
                return;
            default:
                throw fail("bad escape");
        }
    }

    private void unicodeEscape(int at) {
        int cp = hex4(at + 2);
        int to = at + 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int low = to + 6 <= end && in[to] == '\\' && in[to + 1] == 'u' ? hex4(to + 2) : -1;
            if (low < 0xDC00 || low > 0xDFFF) {
                pos = at;
                throw fail("escape of an unpaired surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            to += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            pos = at;
            throw fail("escape of an unpaired surrogate");
        }
        int n = JsonBytes.canonicalEscape(cp, scratch);
        pos = to;
        if (n == to - at && Arrays.equals(in, at, to, scratch, 0, n)) {
            return; // already the canonical escape of a control character, with lowercase hex
        }
        replace(at, to, n);
    }

    private int hex4(int from) {
        if (from + 4 > end) {
            pos = Math.min(from, end);
            throw fail("bad \\u escape");
        }
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int h = JsonBytes.hexValue(in[i]);
            if (h < 0) {
                pos = i;
                throw fail("bad \\u escape");
            }
            v = (v << 4) | h;
        }
        return v;
    }

    /** Validates one multi-byte UTF-8 sequence (kept as it is). */
    private void utf8() {
        int n = JsonBytes.utf8Length(in, pos, end);
        if (n < 0) {
            throw fail("invalid UTF-8");
        }
        pos += n;
    }

    private void ws() {
        if (pos < end && JsonBytes.isWs(in[pos])) {
            int from = pos;
            do {
                pos++;
            } while (pos < end && JsonBytes.isWs(in[pos]));
            flush(from);
            pending = pos;
            rewritten = true;
        }
    }

    // ------------------------------------------------------------------------------------------- output

    /** Replaces input {@code [from, to)} by the first {@code n} bytes of {@link #scratch}. */
    private void replace(int from, int to, int n) {
        flush(from);
        ensure(n);
        System.arraycopy(scratch, 0, out, size, n);
        size += n;
        pending = to;
        rewritten = true;
    }

    /** Copies the pending canonical input up to {@code to}. */
    private void flush(int to) {
        int n = to - pending;
        if (n > 0) {
            ensure(n);
            System.arraycopy(in, pending, out, size, n);
            size += n;
        }
        pending = to;
    }

    private void ensure(int n) {
        long need = (long) size + n;
        if (need > out.length) {
            long grown = Math.max(need, Math.max((long) out.length * 2, minGrowth));
            out = Arrays.copyOf(out, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private SeqlogException fail(String reason) {
        return SeqlogException.invalid(field, field + " is not valid JSON: " + reason + " at byte "
                + (pos - valueStart) + " of the value");
    }
}
