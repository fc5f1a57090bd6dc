package dev.seqlog.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random JSON values for payload tests, each written twice: once in the canonical form of stored payloads
 * (SEMANTICS §2.2; built here from the rules, independently of the code under test) and once in a noisy
 * but equivalent spelling, with whitespace between tokens and characters escaped in every way JSON
 * allows ({@code \}{@code uXXXX} in either case, surrogate pairs, {@code \/}). Deterministic for a given
 * {@link Random}, so a failing case is reproduced from its seed.
 *
 * <p>Stateless; thread-safe as long as each caller uses its own {@code Random}.
 */
public final class RandomJson {
    private static final char[] WS = {' ', '\t', '\n', '\r'};
    private static final String HEX_LOWER = "0123456789abcdef";
    private static final String HEX_UPPER = "0123456789ABCDEF";

    /**
     * One generated value.
     *
     * @param canonical the canonical text
     * @param noisy an equivalent text with whitespace and escapes
     */
    public record Sample(String canonical, String noisy) {
        /** @return the canonical text as UTF-8 */
        public byte[] canonicalBytes() {
            return canonical.getBytes(StandardCharsets.UTF_8);
        }

        /** @return the noisy text as UTF-8 */
        public byte[] noisyBytes() {
            return noisy.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final Random r;
    private final StringBuilder canon = new StringBuilder();
    private final StringBuilder noisy = new StringBuilder();

    private RandomJson(Random r) {
        this.r = r;
    }

    /**
     * Generates one value of any JSON type.
     *
     * @param r the source of randomness
     * @param maxDepth how many arrays and objects may nest
     * @return the value in both spellings
     */
    public static Sample value(Random r, int maxDepth) {
        RandomJson g = new RandomJson(r);
        g.ws();
        g.value(maxDepth);
        g.ws();
        return new Sample(g.canon.toString(), g.noisy.toString());
    }

    /**
     * Generates one JSON object (a valid {@code meta}).
     *
     * @param r the source of randomness
     * @param maxDepth how many arrays and objects may nest inside it
     * @return the object in both spellings
     */
    public static Sample object(Random r, int maxDepth) {
        RandomJson g = new RandomJson(r);
        g.ws();
        g.object(maxDepth);
        g.ws();
        return new Sample(g.canon.toString(), g.noisy.toString());
    }

    private void value(int depth) {
        int kind = r.nextInt(depth > 0 ? 8 : 6);
        switch (kind) {
            case 0:
                both("null");
                break;
            case 1:
                both(r.nextBoolean() ? "true" : "false");
                break;
            case 2:
            case 3:
                both(number());
                break;
            case 4:
            case 5:
                string();
                break;
            case 6:
                array(depth);
                break;
            default:
                object(depth);
        }
    }

    private void array(int depth) {
        both("[");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                ws();
                both(",");
            }
            ws();
            value(depth - 1);
        }
        ws();
        both("]");
    }

    private void object(int depth) {
        both("{");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                ws();
                both(",");
            }
            ws();
            string();
            ws();
            both(":");
            ws();
            value(depth - 1);
        }
        ws();
        both("}");
    }

    private String number() {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(3) == 0) {
            b.append('-');
        }
        if (r.nextInt(4) == 0) {
            b.append('0');
        } else {
            b.append((char) ('1' + r.nextInt(9)));
            digits(b, r.nextInt(4) == 0 ? 30 : 5);
        }
        if (r.nextInt(3) == 0) {
            b.append('.').append((char) ('0' + r.nextInt(10)));
            digits(b, 4);
        }
        if (r.nextInt(4) == 0) {
            b.append(r.nextBoolean() ? 'e' : 'E');
            int sign = r.nextInt(3);
            if (sign > 0) {
                b.append(sign == 1 ? '+' : '-');
            }
            b.append((char) ('0' + r.nextInt(10)));
            digits(b, 2);
        }
        return b.toString();
    }

    private void digits(StringBuilder b, int max) {
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
    }

    private void string() {
        both("\"");
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            character(codePoint());
        }
        both("\"");
    }

    private int codePoint() {
        switch (r.nextInt(10)) {
            case 0:
                return r.nextInt(0x20); // control characters
            case 1:
                return "\"\\/".charAt(r.nextInt(3));
            case 2:
                return r.nextBoolean() ? 0x7F : 0x2028;
            case 3:
                return 0x80 + r.nextInt(0x800 - 0x80);
            case 4: {
                int cp = 0x800 + r.nextInt(0x10000 - 0x800);
                return Character.isSurrogate((char) cp) ? 0xE9 : cp;
            }
            case 5:
                return 0x10000 + r.nextInt(0x110000 - 0x10000);
            default:
                return 0x20 + r.nextInt(0x7F - 0x20);
        }
    }

    private void character(int cp) {
        // canonical: the fewest escapes JSON requires, everything else as the character itself
        if (cp == '"') {
            canon.append("\\\"");
        } else if (cp == '\\') {
            canon.append("\\\\");
        } else if (cp < 0x20) {
            String shortForm = shortEscape(cp);
            canon.append(shortForm != null ? shortForm : "\\u00" + HEX_LOWER.charAt(cp >> 4) + HEX_LOWER.charAt(cp & 0xF));
        } else {
            canon.appendCodePoint(cp);
        }
        // noisy: any spelling that JSON accepts
        boolean mustEscape = cp < 0x20 || cp == '"' || cp == '\\';
        int choice = r.nextInt(3);
        if (!mustEscape && choice == 0) {
            noisy.appendCodePoint(cp);
        } else if (choice == 1 && shortEscape(cp) != null) {
            noisy.append(shortEscape(cp));
        } else if (choice == 1 && cp == '/') {
            noisy.append("\\/");
        } else if (cp >= 0x10000) {
            char[] pair = Character.toChars(cp);
            unicodeEscape(pair[0]);
            unicodeEscape(pair[1]);
        } else {
            unicodeEscape(cp);
        }
    }

    private static String shortEscape(int cp) {
        switch (cp) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default: return null;
        }
    }

    private void unicodeEscape(int unit) {
        String hex = r.nextBoolean() ? HEX_LOWER : HEX_UPPER;
        noisy.append('\\').append('u');
        for (int shift = 12; shift >= 0; shift -= 4) {
            noisy.append(hex.charAt((unit >> shift) & 0xF));
        }
    }

    private void ws() {
        if (r.nextInt(3) == 0) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                noisy.append(WS[r.nextInt(WS.length)]);
            }
        }
    }

    private void both(String s) {
        canon.append(s);
        noisy.append(s);
    }
}
