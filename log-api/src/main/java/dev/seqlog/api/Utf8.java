package dev.seqlog.api;

import java.nio.charset.StandardCharsets;

/** UTF-8 lengths and strict encoding of Java strings (an unpaired surrogate has no UTF-8 form). Stateless. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The UTF-8 length of a string.
     *
     * @param s the string
     * @return its length in bytes, or -1 if it holds an unpaired surrogate
     */
    static int length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                n += 1;
            } else if (!Character.isSurrogate(c)) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 2; // two chars, four bytes
                i++;
            } else {
                return -1;
            }
        }
        return n;
    }

    /**
     * Encodes a string, refusing an unpaired surrogate instead of replacing it with {@code '?'}.
     *
     * @param s the string
     * @param field the request field it stands for, used in the error
     * @return the UTF-8 bytes
     * @throws SeqlogException invalid_request naming {@code field} for an unpaired surrogate
     */
    static byte[] encode(String s, String field) {
        if (length(s) < 0) {
            throw unpaired(field);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SeqlogException unpaired(String field) {
        return SeqlogException.invalid(field, field + " holds an unpaired surrogate");
    }
}
