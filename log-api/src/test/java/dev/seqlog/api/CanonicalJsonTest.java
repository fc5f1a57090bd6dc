package dev.seqlog.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical form of stored payloads (SEMANTICS §2.2, §2.3): exact bytes for each rule. */
class CanonicalJsonTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String canon(String json) {
        return new String(CanonicalJson.canonicalize(b(json), "data"), StandardCharsets.UTF_8);
    }

    private static SeqlogException refused(String json) {
        return assertThrows(SeqlogException.class, () -> CanonicalJson.canonicalize(b(json), "data"), json);
    }

    /** Input text (JSON, written with Java escapes) and the exact canonical text it is stored as. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // whitespace between tokens goes, whitespace inside strings stays
        "` { \"a\" :\t[ 1 ,\n2 ] ,\r\n \"b\" : \" x  y \" } ` | `{\"a\":[1,2],\"b\":\" x  y \"}`",
        "`{}` | `{}`",
        "`[]` | `[]`",
        "`{ }` | `{}`",
        "`[\n]` | `[]`",
        "`[{},[],{\"a\":[{}]}]` | `[{},[],{\"a\":[{}]}]`",
        // escapes JSON requires keep their short form
        "`\"q\\\"b\\\\s\"` | `\"q\\\"b\\\\s\"`",
        "`\"\\n\\t\\r\\b\\f\"` | `\"\\n\\t\\r\\b\\f\"`",
        // every other escape becomes the character itself, as raw UTF-8
        "`{\"a\": \"\\u00e9\"}` | `{\"a\":\"é\"}`",
        "`\"\\u00E9\"` | `\"é\"`",
        "`\"\\/\"` | `\"/\"`",
        "`\"\\u0041\\u007f\\u20ac\"` | `\"A\u007f€\"`",
        "`\"\\ud83d\\ude00\"` | `\"😀\"`",
        "`\"\\uD83D\\uDE00\"` | `\"😀\"`",
        "`\"😀\"` | `\"😀\"`",
        "`\"\\u2028\"` | `\"\u2028\"`",
        // escaped characters that must stay escaped take their one canonical spelling
        "`\"\\u0022\\u005c\"` | `\"\\\"\\\\\"`",
        "`\"\\u000a\\u0009\\u000D\\u0008\\u000C\"` | `\"\\n\\t\\r\\b\\f\"`",
        "`\"\\u0000\"` | `\"\\u0000\"`",
        "`\"\\u001F\\u001f\"` | `\"\\u001f\\u001f\"`",
        // keys follow the same rules
        "`{\"\\u00e9\\/\": 1}` | `{\"é/\":1}`",
        // numbers keep their lexemes
        "`[-0, 1e10, 1E+10, 0.5, 1.0, 123456789012345678901234567890, -1.5e-7, 10]`"
                + " | `[-0,1e10,1E+10,0.5,1.0,123456789012345678901234567890,-1.5e-7,10]`",
        "` true ` | `true`",
        "`null` | `null`",
        "`\"\"` | `\"\"`",
    })
    void canonicalBytes(String input, String expected) {
        assertEquals(expected, canon(input));
        assertEquals(expected, canon(expected), "canonical text is a fixed point");
    }

    @Test
    void accentedLetterEscapedOrRawStoresTheSameTwoBytes() {
        byte[] escaped = CanonicalJson.canonicalize(b("{\"a\": \"\\u00e9\"}"), "data");
        byte[] raw = CanonicalJson.canonicalize(b("{\"a\":\"é\"}"), "data");
        assertArrayEquals(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0xA9, '"', '}'}, escaped);
        assertArrayEquals(escaped, raw);
    }

    @Test
    void canonicalInputIsReturnedWithoutACopy() {
        byte[] in = b("{\"a\":[1,\"é\\n\",{}],\"b\":null}");
        assertSame(in, CanonicalJson.canonicalize(in, "data"));
        byte[] spaced = b("{\"a\": 1}");
        byte[] out = CanonicalJson.canonicalize(spaced, "data");
        assertEquals("{\"a\":1}", new String(out, StandardCharsets.UTF_8));
        assertEquals(out.length, 7, "trimmed to the canonical length");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "[,1]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "{1:1}", "01", "-01", "1.", ".5", "-",
        "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "tru", "nul", "True", "\"unterminated", "\"bad \\x escape\"",
        "\"\\u12\"", "\"\\u12G4\"", "\"\\", "\"ctrl \u0001\"", "\"tab\there\"", "1 2", "[1 2]", "{}{}", "[]]", "'x'",
        "\"\\ud800\"", "\"\\udc00\"", "\"a\\ud800b\"", "\"\\ud800\\u0041\"", "\"\\ude00\\ud83d\"", "\"\\ud83d\"",
        "\"\\ud83d\\\"", "{\"k\\ud800\":1}",
    })
    void malformedInputIsAnInvalidRequestNamingTheField(String json) {
        SeqlogException e = refused(json);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("data", e.detail().get("field"));
        assertTrue(e.getMessage().startsWith("data is not valid JSON: "), e.getMessage());
    }

    @Test
    void unpairedSurrogateEscapesSayWhatIsWrong() {
        assertTrue(refused("\"\\ud800\"").getMessage().contains("unpaired surrogate"));
        assertTrue(refused("[\"ok\", \"x\\udc00\"]").getMessage().contains("unpaired surrogate"));
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[][] bad = {
            {'"', (byte) 0xC3, '"'},                              // truncated sequence
            {'"', (byte) 0xC0, (byte) 0x80, '"'},                 // overlong
            {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'},    // overlong 3-byte
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},    // an encoded surrogate
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // past U+10FFFF
            {'"', (byte) 0xFF, '"'},
            {'"', (byte) 0x80, '"'},                              // a lone continuation byte
        };
        for (byte[] in : bad) {
            SeqlogException e = assertThrows(SeqlogException.class, () -> CanonicalJson.canonicalize(in, "data"));
            assertTrue(e.getMessage().contains("invalid UTF-8"), e.getMessage());
        }
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndOneMoreIsRefused() {
        int max = CanonicalJson.MAX_DEPTH;
        assertEquals(512, max);
        String atLimit = "[".repeat(max) + "]".repeat(max);
        assertEquals(atLimit, canon(atLimit));
        String objects = "{\"a\":".repeat(max) + "1" + "}".repeat(max);
        assertEquals(objects, canon(objects));
        SeqlogException e = refused("[".repeat(max + 1) + "]".repeat(max + 1));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("nested deeper than 512"), e.getMessage());
        refused("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1));
        // far deeper input fails the same way, without exhausting the thread's stack
        refused("[".repeat(1_000_000));
    }

    @Test
    void appendValueStopsRightAfterTheValueAndReportsTopLevelKeys() {
        byte[] in = b("xx{ \"a\" : [1, 2], \"b\":{\"c\":3}} ,rest");
        CanonicalJson c = new CanonicalJson(4);
        c.appendDocument(b(" 7 "), 0, 3, "data");
        assertEquals(-1, c.topLevelKeys());
        int end = c.appendValue(in, 2, in.length, "data");
        assertEquals("7{\"a\":[1,2],\"b\":{\"c\":3}}", new String(c.buffer(), 0, c.size(), StandardCharsets.UTF_8));
        assertEquals(' ', in[end]);
        assertEquals(2, c.topLevelKeys());
        int numberEnd = c.appendValue(b("-12.5e3,"), 0, 8, "data");
        assertEquals(7, numberEnd);
        c.reset();
        assertEquals(0, c.size());
    }

    @Test
    void aFailedAppendLeavesTheBufferAsItWas() {
        CanonicalJson c = new CanonicalJson(16);
        c.appendDocument(b("[1]"), 0, 3, "data");
        assertThrows(SeqlogException.class, () -> c.appendDocument(b("[1, 2, x]"), 0, 9, "data"));
        assertEquals(3, c.size());
        SeqlogException meta = assertThrows(SeqlogException.class, () -> c.appendValue(b("{\"a\":}"), 0, 6, "meta"));
        assertEquals("meta", meta.detail().get("field"));
        assertEquals(3, c.size());
    }

    @Test
    void aBufferSizedToTheInputIsNeverReallocated() {
        byte[] in = b("[ \"\\u00e9\" , 1 ]\n{ \"k\" : \"\\ud83d\\ude00\" }\n\"x\"");
        CanonicalJson c = new CanonicalJson(in.length);
        byte[] buffer = c.buffer();
        int from = 0;
        for (int i = 0; i <= in.length; i++) {
            if (i == in.length || in[i] == '\n') {
                c.appendDocument(in, from, i - from, "data");
                from = i + 1;
            }
        }
        assertSame(buffer, c.buffer());
        assertEquals("[\"é\",1]{\"k\":\"😀\"}\"x\"", new String(c.buffer(), 0, c.size(), StandardCharsets.UTF_8));
    }

    /** Strings are scanned a word at a time: a byte that needs a look is found at every offset in the word. */
    @Test
    void everySpecialByteIsSeenWhereverItSitsInAWord() {
        for (int at = 0; at < 20; at++) {
            String pad = "a".repeat(at);
            String tail = "b".repeat(20 - at);
            assertEquals("\"" + pad + "é" + tail + "\"", canon("\"" + pad + "é" + tail + "\""));
            assertEquals("\"" + pad + "/" + tail + "\"", canon("\"" + pad + "\\/" + tail + "\""));
            assertEquals("\"" + pad + "\\n" + tail + "\"", canon("\"" + pad + "\\n" + tail + "\""));
            assertEquals("[\"" + pad + "\",1]", canon("[\"" + pad + "\", 1]"));
            refused("\"" + pad + "\u0001" + tail + "\"");
            refused("\"" + pad + "\u001f" + tail + "\"");
            byte[] overlong = b("\"" + pad + "__" + tail + "\"");
            overlong[1 + at] = (byte) 0xC0;
            overlong[2 + at] = (byte) 0xAF;
            assertThrows(SeqlogException.class, () -> CanonicalJson.canonicalize(overlong, "data"));
        }
    }
}
