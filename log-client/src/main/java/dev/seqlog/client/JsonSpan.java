package dev.seqlog.client;

/**
 * Finds where a JSON value ends in a byte array, so a payload can be sliced out of a response without parsing it
 * into anything. The value is trusted to be well formed (a server wrote it); the scan only balances brackets and
 * skips strings. Stateless.
 */
final class JsonSpan {
    private JsonSpan() {
    }

    /**
     * @param b the bytes
     * @param start index of the value's first byte (a quote, bracket, digit, sign or letter)
     * @param limit end of the readable bytes (exclusive)
     * @return the index just after the value
     * @throws IllegalArgumentException if the value runs past {@code limit}
     */
    static int end(byte[] b, int start, int limit) {
        byte c = b[start];
        if (c == '"') {
            return stringEnd(b, start, limit);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int p = start;
            while (p < limit) {
                c = b[p];
                if (c == '"') {
                    p = stringEnd(b, p, limit);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return p + 1;
                    }
                }
                p++;
            }
            throw new IllegalArgumentException("unterminated JSON container at byte " + start);
        }
        int p = start;
        while (p < limit && !isDelimiter(b[p])) {
            p++;
        }
        return p;
    }

    private static int stringEnd(byte[] b, int start, int limit) {
        int p = start + 1;
        while (p < limit) {
            byte c = b[p];
            if (c == '\\') {
                p += 2;
            } else if (c == '"') {
                return p + 1;
            } else {
                p++;
            }
        }
        throw new IllegalArgumentException("unterminated JSON string at byte " + start);
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
