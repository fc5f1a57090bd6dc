package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.json.PayloadCorpus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over HTTP, a JSON write and an NDJSON write store the same bytes and account the same {@code bytes} as
 * the library's {@code SeqlogEngine.append} for every text of {@link PayloadCorpus}, and refuse the same
 * texts with the same code.
 */
class PayloadFidelityHttpTest extends ServerTest {

    /** What the library stores for a text: data bytes and the topic's accounted bytes. */
    private record Library(byte[] data, long bytes) {
    }

    private static Library library(SeqlogEngine engine, String topic, String json) {
        engine.append(topic, AppendRequest.of(RecordInput.json(json)));
        TopicRecord r = engine.diff(topic, DiffRequest.from(0)).records().get(0);
        return new Library(r.data(), engine.state(topic).bytes());
    }

    /** The raw bytes of the one record's {@code data} in a diff response (data is the record's last field). */
    private static byte[] storedData(Http.Resp diff) {
        byte[] body = diff.body();
        byte[] records = utf8("\"records\":[{");
        byte[] key = utf8("\"data\":");
        int at = indexOf(body, records, 0);
        at = indexOf(body, key, at) + key.length;
        int end = indexOf(body, utf8("}],\"next_from_seq\""), at);
        assertTrue(at > key.length && end > at, diff.text());
        return Arrays.copyOfRange(body, at, end);
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = Math.max(0, from); i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void jsonAndNdjsonWritesStoreWhatTheLibraryStores() {
        try (SeqlogEngine engine = SeqlogEngine.inMemory()) {
            int i = 0;
            for (PayloadCorpus.Entry e : PayloadCorpus.VALID) {
                Library lib = library(engine, "lib" + i, e.json());
                assertEquals(e.canonical(), new String(lib.data(), StandardCharsets.UTF_8), e.name());

                String json = "j" + i;
                Http.Resp w = post("/v0/topics/" + json, "{\"records\":[{\"data\":" + e.json() + "}]}");
                assertEquals(201, w.status(), e.name() + " " + w);
                Http.Resp d = post("/v0/topics/" + json + "/diff", "{}");
                assertArrayEquals(lib.data(), storedData(d), e.name());
                assertEquals(lib.bytes(), get("/v0/topics/" + json).num("bytes"), e.name());

                String nd = "n" + i;
                Http.Resp n = raw("POST", "/v0/topics/" + nd, NDJSON, utf8(e.json().replace('\n', ' ') + "\n"));
                assertEquals(201, n.status(), e.name() + " " + n);
                assertArrayEquals(lib.data(), storedData(post("/v0/topics/" + nd + "/diff", "{}")), e.name());
                assertEquals(lib.bytes(), get("/v0/topics/" + nd).num("bytes"), e.name());
                i++;
            }
        }
    }

    @Test
    void theSameTextsAreRefusedWithTheSameCode() {
        for (PayloadCorpus.Entry e : PayloadCorpus.INVALID) {
            SeqlogException lib = assertThrows(SeqlogException.class, () -> RecordInput.json(e.json()), e.name());
            Http.Resp w = post("/v0/topics/bad", "{\"records\":[{\"data\":" + e.json() + "}]}");
            assertEquals(400, w.status(), e.name());
            assertEquals(lib.code().wireName(), w.code(), e.name());
            assertEquals(lib.getMessage(), w.at("error.message"), e.name());
            assertEquals("data", w.at("error.detail.field"));
            assertEquals(0L, w.at("error.detail.index"));
            Http.Resp n = raw("POST", "/v0/topics/bad", NDJSON, utf8("1\n" + e.json() + "\n"));
            assertEquals(400, n.status(), e.name());
            assertEquals(lib.code().wireName(), n.code(), e.name());
            assertEquals(2L, n.at("error.detail.line"));
        }
        assertEquals(-1L, head("bad"));
    }

    @Test
    void escapedAndRawTextsOfOneValueAreTheSameRecordSize() {
        post("/v0/topics/a", "{\"records\":[{\"data\":{\"a\": \"\\u00e9\"}}]}");
        post("/v0/topics/b", "{\"records\":[{\"data\":{\"a\":\"é\"}}]}");
        assertEquals(10L, get("/v0/topics/a").num("bytes"));
        assertEquals(10L, get("/v0/topics/b").num("bytes"));
        assertTrue(post("/v0/topics/a/diff", "{}").text().contains("\"data\":{\"a\":\"é\"}"));
    }
}
