package dev.seqlog.api;

import java.util.Arrays;

/**
 * A strict validator and compactor for one JSON value held as UTF-8 bytes. It checks syntax and
 * UTF-8, strips insignificant whitespace (so accounted sizes are those of the compact form), and
 * counts the keys of a top-level object. Numbers and strings are kept byte for byte.
 *
 * <p>Stateless; thread-safe.
 */
final class JsonSyntax {
    /** Maximum nesting depth accepted, a guard against stack exhaustion. */
    static final int MAX_DEPTH = 512;

    private final byte[] in;
    private final int end;
    private int pos;
    private byte[] out;
    private int outLen;
    private int topLevelKeys = -1;

    private JsonSyntax(byte[] in, int off, int len) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
    }

    /** Result of {@link #compact}: the compact bytes and the top-level key count (-1 if not an object). */
    static final class Compacted {
        final byte[] bytes;
        final int topLevelKeys;

        Compacted(byte[] bytes, int topLevelKeys) {
            this.bytes = bytes;
            this.topLevelKeys = topLevelKeys;
        }
    }

    /**
     * Validates exactly one JSON value (surrounding whitespace allowed) and returns its compact form.
     *
     * @throws IllegalArgumentException with a short reason if the input is not one well-formed value
     */
    static Compacted compact(byte[] in, int off, int len) {
        JsonSyntax p = new JsonSyntax(in, off, len);
        p.out = new byte[len];
        p.skipWs();
        p.value(0);
        p.skipWs();
        if (p.pos != p.end) {
            throw new IllegalArgumentException("trailing characters after the JSON value");
        }
        byte[] bytes = p.outLen == len && off == 0 && in.length == len ? in : Arrays.copyOf(p.out, p.outLen);
        return new Compacted(bytes, p.topLevelKeys);
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested too deeply");
        }
        if (pos >= end) {
            throw new IllegalArgumentException("unexpected end of JSON");
        }
        byte c = in[pos];
        switch (c) {
            case '{':
                object(depth);
                break;
            case '[':
                array(depth);
                break;
            case '"':
                string();
                break;
            case 't':
                literal("true");
                break;
            case 'f':
                literal("false");
                break;
            case 'n':
                literal("null");
                break;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw new IllegalArgumentException("unexpected character in JSON");
                }
        }
    }

    private void object(int depth) {
        emit(in[pos++]);
        skipWs();
        int keys = 0;
        if (peek() == '}') {
            emit(in[pos++]);
        } else {
            while (true) {
                if (peek() != '"') {
                    throw new IllegalArgumentException("expected a string key in JSON object");
                }
                string();
                keys++;
                skipWs();
                expect(':');
                skipWs();
                value(depth + 1);
                skipWs();
                byte c = peek();
                if (c == ',') {
                    emit(in[pos++]);
                    skipWs();
                } else if (c == '}') {
                    emit(in[pos++]);
                    break;
                } else {
                    throw new IllegalArgumentException("expected ',' or '}' in JSON object");
                }
            }
        }
        if (depth == 0) {
            topLevelKeys = keys;
        }
    }

    private void array(int depth) {
        emit(in[pos++]);
        skipWs();
        if (peek() == ']') {
            emit(in[pos++]);
            return;
        }
        while (true) {
            value(depth + 1);
            skipWs();
            byte c = peek();
            if (c == ',') {
                emit(in[pos++]);
                skipWs();
            } else if (c == ']') {
                emit(in[pos++]);
                return;
            } else {
                throw new IllegalArgumentException("expected ',' or ']' in JSON array");
            }
        }
    }

    private void string() {
        emit(in[pos++]);
        while (true) {
            if (pos >= end) {
                throw new IllegalArgumentException("unterminated JSON string");
            }
            int b = in[pos] & 0xFF;
            if (b == '"') {
                emit(in[pos++]);
                return;
            }
            if (b == '\\') {
                escape();
            } else if (b < 0x20) {
                throw new IllegalArgumentException("control character in JSON string");
            } else if (b < 0x80) {
                emit(in[pos++]);
            } else {
                utf8(b);
            }
        }
    }

    private void escape() {
        emit(in[pos++]);
        byte e = peek();
        switch (e) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                emit(in[pos++]);
                return;
            case 'u':
                emit(in[pos++]);
                for (int i = 0; i < 4; i++) {
                    byte h = peek();
                    boolean hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
                    if (!hex) {
                        throw new IllegalArgumentException("bad \\u escape in JSON string");
                    }
                    emit(in[pos++]);
                }
                return;
            default:
                throw new IllegalArgumentException("bad escape in JSON string");
        }
    }

    private void utf8(int b) {
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
            throw new IllegalArgumentException("invalid UTF-8");
        }
        if (pos + extra >= end) {
            throw new IllegalArgumentException("invalid UTF-8");
        }
        int cp = b & (0x3F >> extra);
        for (int i = 1; i <= extra; i++) {
            int cont = in[pos + i] & 0xFF;
            if ((cont & 0xC0) != 0x80) {
                throw new IllegalArgumentException("invalid UTF-8");
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new IllegalArgumentException("invalid UTF-8");
        }
        for (int i = 0; i <= extra; i++) {
            emit(in[pos++]);
        }
    }

    private void number() {
        if (peek() == '-') {
            emit(in[pos++]);
        }
        if (peek() == '0') {
            emit(in[pos++]);
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new IllegalArgumentException("bad JSON number");
        }
        if (pos < end && in[pos] == '.') {
            emit(in[pos++]);
            if (!isDigit(peek())) {
                throw new IllegalArgumentException("bad JSON number");
            }
            digits();
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            emit(in[pos++]);
            if (peek() == '+' || peek() == '-') {
                emit(in[pos++]);
            }
            if (!isDigit(peek())) {
                throw new IllegalArgumentException("bad JSON number");
            }
            digits();
        }
    }

    private void digits() {
        while (pos < end && isDigit(in[pos])) {
            emit(in[pos++]);
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= end || in[pos] != word.charAt(i)) {
                throw new IllegalArgumentException("bad JSON literal");
            }
            emit(in[pos++]);
        }
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' in JSON");
        }
        emit(in[pos++]);
    }

    private byte peek() {
        return pos < end ? in[pos] : 0;
    }

    private void skipWs() {
        while (pos < end) {
            byte c = in[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void emit(byte b) {
        out[outLen++] = b;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
