package dev.seqlog.server.json;

import dev.seqlog.api.CanonicalJson;

import java.util.List;

/**
 * JSON texts that every payload path must store as the same bytes, with the canonical bytes expected for
 * each (null where the test only compares paths). Shared by the body-level and the HTTP-level tests.
 */
public final class PayloadCorpus {
    /**
     * One corpus entry.
     *
     * @param name what it exercises
     * @param json the text as a client would send it
     * @param canonical the exact stored text, or null to compare the paths only
     */
    public record Entry(String name, String json, String canonical) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Nesting right at {@link CanonicalJson#MAX_DEPTH}. */
    public static final String DEEPEST = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);
    /** One level more than {@link CanonicalJson#MAX_DEPTH}. */
    public static final String TOO_DEEP = "[".repeat(CanonicalJson.MAX_DEPTH + 1)
            + "]".repeat(CanonicalJson.MAX_DEPTH + 1);

    /** Entries that every path accepts. */
    public static final List<Entry> VALID = List.of(
            new Entry("escaped e-acute", "{\"a\": \"\\u00e9\"}", "{\"a\":\"é\"}"),
            new Entry("raw e-acute", "{\"a\":\"é\"}", "{\"a\":\"é\"}"),
            new Entry("uppercase hex escape", "\"\\u00C9t\\u00E9\"", "\"Été\""),
            new Entry("short escapes", "\"line\\nnext\\ttab\\r\\b\\f\"", "\"line\\nnext\\ttab\\r\\b\\f\""),
            new Entry("quote and backslash", "\"say \\\"hi\\\" C:\\\\dir\"", "\"say \\\"hi\\\" C:\\\\dir\""),
            new Entry("escaped solidus", "\"a\\/b\"", "\"a/b\""),
            new Entry("NUL escape", "\"x\\u0000y\"", "\"x\\u0000y\""),
            new Entry("control escapes", "\"\\u001F\\u000a\\u0022\\u005C\"", "\"\\u001f\\n\\\"\\\\\""),
            new Entry("surrogate pair escape", "\"\\ud83d\\ude00\"", "\"😀\""),
            new Entry("raw 4-byte UTF-8", "\"😀 𝄞\"", "\"😀 𝄞\""),
            new Entry("unicode mix", "{\"日本\": \"\\u65e5\\u672c\", \"ключ\": \"значение\", \"€\":\"\\u20AC\"}",
                    "{\"日本\":\"日本\",\"ключ\":\"значение\",\"€\":\"€\"}"),
            new Entry("line separator", "\"\\u2028\"", "\"\u2028\""),
            new Entry("numbers keep their lexemes",
                    "[ -0, 1e10, 1E+10, 0.5, 1.0, -1.5e-7, 123456789012345678901234567890, 0 ]",
                    "[-0,1e10,1E+10,0.5,1.0,-1.5e-7,123456789012345678901234567890,0]"),
            new Entry("big integer alone", "98765432109876543210987654321", "98765432109876543210987654321"),
            new Entry("whitespace everywhere", " \t\r\n{ \"a\" :\t[ 1 ,\r\n 2 ] ,\n\"b\" : { } , \"c\" : [ ] }\n ",
                    "{\"a\":[1,2],\"b\":{},\"c\":[]}"),
            new Entry("empty object", "{}", "{}"),
            new Entry("empty array", "[ ]", "[]"),
            new Entry("empty string", "\"\"", "\"\""),
            new Entry("literals", "[true, false, null]", "[true,false,null]"),
            new Entry("null data", "null", "null"),
            new Entry("nested mix", "{\"k\\u00e9y\": [{\"x\": [1, {\"y\": \"\\/\\n\"}]}, [[]], {\"z\": null}], \"n\": -0.0}",
                    "{\"kéy\":[{\"x\":[1,{\"y\":\"/\\n\"}]},[[]],{\"z\":null}],\"n\":-0.0}"),
            new Entry("keys are canonical too", "{\"a\\u0062\" : 1, \"\\t\" : 2}", "{\"ab\":1,\"\\t\":2}"),
            new Entry("duplicate keys are kept", "{\"a\":1, \"a\":2}", "{\"a\":1,\"a\":2}"),
            new Entry("deepest nesting", DEEPEST, DEEPEST),
            new Entry("deepest objects", "{\"a\":".repeat(CanonicalJson.MAX_DEPTH) + " 1 "
                    + "}".repeat(CanonicalJson.MAX_DEPTH),
                    "{\"a\":".repeat(CanonicalJson.MAX_DEPTH) + "1" + "}".repeat(CanonicalJson.MAX_DEPTH)));

    /** Entries that every path refuses with invalid_request. */
    public static final List<Entry> INVALID = List.of(
            new Entry("one level too deep", TOO_DEEP, null),
            new Entry("unpaired high surrogate", "\"\\ud800\"", null),
            new Entry("unpaired low surrogate", "[\"ok\", \"\\udc00\"]", null),
            new Entry("reversed pair", "\"\\ude00\\ud83d\"", null),
            new Entry("unpaired surrogate in a key", "{\"k\\ud800\": 1}", null),
            new Entry("bad escape", "{\"a\": \"\\x\"}", null),
            new Entry("raw control character", "[\"a\u0001\"]", null),
            new Entry("trailing comma", "{\"a\": [1, 2, ]}", null),
            new Entry("single quotes", "['x']", null));

    private PayloadCorpus() {
    }
}
