package dev.seqlog.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** JSON validation and compaction of record payloads (SEMANTICS §2.2, §2.3). */
class RecordInputTest {

    private static String data(RecordInput r) {
        return new String(r.dataArray(), r.dataOffset(), r.dataLength(), StandardCharsets.UTF_8);
    }

    @Test
    void canonicalisesWhitespaceAndEscapesAndKeepsLexemesAndKeyOrder() {
        RecordInput r = RecordInput.json(" {\n \"b\" : 1.0 ,\"a\":[ 1e-7, -0, 123456789012345678901234567890 ],"
                + "\"s\":\" keep  spaces \\\" \\u00e9 é\" , \"t\": true, \"f\": false, \"n\": null } ");
        assertEquals("{\"b\":1.0,\"a\":[1e-7,-0,123456789012345678901234567890],"
                + "\"s\":\" keep  spaces \\\" é é\",\"t\":true,\"f\":false,\"n\":null}", data(r));
        assertEquals(data(r).getBytes(StandardCharsets.UTF_8).length, r.accountedSize());
    }

    @Test
    void compactInputIsNotCopied() {
        byte[] in = "[1,2]".getBytes(StandardCharsets.UTF_8);
        assertSame(in, RecordInput.json(in).dataArray());
    }

    @Test
    void rejectsMalformedJson() {
        String[] bad = {"", " ", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "\"unterminated",
            "\"bad \\x escape\"", "\"ctrl \u0001\"", "1 2", "{\"a\":1,}", "nul", "[1 2]", "+1", ".5", "NaN"};
        for (String s : bad) {
            SeqlogException e = assertThrows(SeqlogException.class, () -> RecordInput.json(s), s);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals("data", e.detail().get("field"));
        }
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[][] bad = {
            {'"', (byte) 0xC3, '"'},                         // truncated sequence
            {'"', (byte) 0xC0, (byte) 0x80, '"'},            // overlong
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // surrogate
            {'"', (byte) 0xFF, '"'},
        };
        for (byte[] b : bad) {
            assertThrows(SeqlogException.class, () -> RecordInput.json(b));
        }
        assertEquals("\"😀\"", data(RecordInput.json("\"😀\"")));
    }

    @Test
    void metaMustBeAnObjectAndItsKeysAreCountedForTheAppendCheck() {
        SeqlogException notObject = assertThrows(SeqlogException.class, () -> RecordInput.json("1").withMeta("[1]"));
        assertEquals(ErrorCode.INVALID_REQUEST, notObject.code());
        assertEquals("meta", notObject.detail().get("field"));
        StringBuilder m = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            m.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"nested\":1}");
        }
        RecordInput tooMany = RecordInput.json("1").withMeta(m.append('}').toString());
        assertEquals(65, tooMany.metaKeys());
        SeqlogException e = assertThrows(SeqlogException.class, () -> Limits.defaults().checkRecord(tooMany));
        assertEquals(ErrorCode.RECORD_TOO_LARGE, e.code());
        assertEquals("meta_keys", e.detail().get("limit"));
        RecordInput ok = RecordInput.json("1").withMeta("{ \"a\" : { \"b\" : \"\\u00e9\" } }");
        assertEquals("{\"a\":{\"b\":\"é\"}}", new String(ok.meta(), StandardCharsets.UTF_8));
        assertEquals(1, ok.metaKeys());
        assertEquals(1 + ok.meta().length, ok.accountedSize());
    }

    @Test
    void javaStringsWithAnUnpairedSurrogateAreRefusedNotReplaced() {
        SeqlogException e = assertThrows(SeqlogException.class, () -> RecordInput.json("\"a\uD800\""));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("data", e.detail().get("field"));
        assertThrows(SeqlogException.class, () -> RecordInput.json("1").withMeta("{\"k\":\"\uDC00\"}"));
        assertEquals("\"😀\"", data(RecordInput.json("\"\uD83D\uDE00\"")));
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThrows(SeqlogException.class, () -> RecordInput.json(deep));
    }
}
