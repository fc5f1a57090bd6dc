package dev.seqlog.server.json;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NDJSON ingest line rules of API §16.1. */
class NdjsonReaderTest {
    private final NdjsonReader reader = new NdjsonReader(new Limits(3, 32, 16, 4, 8, 1000, 0, 0));
    private static final NdjsonReader.Options PLAIN = new NdjsonReader.Options(null, null, null, true);
    private static final NdjsonReader.Options TAGGED = new NdjsonReader.Options("n", "user", "k", false);

    private AppendRequest read(String body, NdjsonReader.Options o) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return reader.read(b, b.length, o);
    }

    private SeqlogException fails(String body, NdjsonReader.Options o) {
        return assertThrows(SeqlogException.class, () -> read(body, o));
    }

    private static String data(RecordInput r) {
        return new String(r.dataArray(), r.dataOffset(), r.dataLength(), StandardCharsets.UTF_8);
    }

    @Test
    void linesBecomeCompactRecordsAndBlankLinesAreSkipped() {
        AppendRequest r = read("\uFEFF{ \"a\" : 1.50 }\r\n\n  \t\r\n[1, 2]\nnull", PLAIN);
        assertEquals(3, r.records().size());
        assertEquals("{\"a\":1.50}", data(r.records().get(0)));
        assertEquals("[1,2]", data(r.records().get(1)));
        assertEquals("null", data(r.records().get(2)));
        assertEquals(Boolean.TRUE, r.create());
    }

    @Test
    void tagFieldTagsObjectsThatCarryIt() {
        AppendRequest r = read("{\"user\":\"u1\",\"p\":1}\n{\"p\":2}\n5\n", TAGGED);
        assertEquals("u1", r.records().get(0).tag());
        assertEquals("{\"user\":\"u1\",\"p\":1}", data(r.records().get(0)));
        assertNull(r.records().get(1).tag());
        assertNull(r.records().get(2).tag());
        assertEquals("n", r.node());
        assertEquals("k", r.idempotencyKey());
        assertEquals(Boolean.FALSE, r.create());
    }

    @Test
    void nestedFieldWithTheTagNameIsNotATag() {
        AppendRequest r = read("{\"x\":{\"user\":\"deep\"}}", TAGGED);
        assertNull(r.records().get(0).tag());
    }

    @Test
    void errorsNameTheFirstBadPhysicalLine() {
        SeqlogException e = fails("1\n\n{\"a\":\n2", PLAIN);
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals(3, e.detail().get("line"));
        assertEquals(2, fails("1\n1 2\n", PLAIN).detail().get("line"));
        assertEquals(1, fails("{\"user\":5}", TAGGED).detail().get("line"));
        assertEquals(1, fails("{\"user\":null}", TAGGED).detail().get("line"));
        assertEquals(2, fails("1\n{\"user\":\"\"}", TAGGED).detail().get("line"));
        assertEquals(1, fails("{\"user\":\"toolong\"}", TAGGED).detail().get("line"));
        SeqlogException big = fails("1\n\"" + "x".repeat(40) + "\"", PLAIN);
        assertEquals(ErrorCode.RECORD_TOO_LARGE, big.code());
        assertEquals(2, big.detail().get("line"));
    }

    @Test
    void emptyBodiesAndTooManyLinesAreRefused() {
        assertEquals(ErrorCode.INVALID_REQUEST, fails("\n \n\r\n", PLAIN).code());
        SeqlogException e = fails("1\n2\n3\n4\n\n5\n", PLAIN);
        assertEquals(ErrorCode.BATCH_TOO_LARGE, e.code());
        assertEquals(5, e.detail().get("count"));
    }

    @Test
    void invalidUtf8LineIsMalformed() {
        byte[] b = "\"ab\"\n".getBytes(StandardCharsets.UTF_8);
        b[1] = (byte) 0xFF;
        SeqlogException e = assertThrows(SeqlogException.class, () -> reader.read(b, b.length, PLAIN));
        assertEquals(1, e.detail().get("line"));
    }
}
