package dev.seqlog.server.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TopicRecord deletes (API §6) and the NDJSON export (API §16.2). */
class DeleteAndExportTest extends ServerTest {
    private void seed(String topic) {
        post("/v0/topics/" + topic, "{\"records\":[{\"data\":1,\"tag\":\"chat-42:a\"},{\"data\":2,\"tag\":\"chat-42:b\"},"
                + "{\"data\":3,\"tag\":\"msg-1\"},{\"data\":4},{\"data\":5,\"tag\":\"msg-1\",\"node\":\"n\"}]}");
    }

    @Test
    void deleteBySeqTagAndBoth() {
        seed("d");
        Http.Resp glob = post("/v0/topics/d/delete", "{\"match\":[\"tag\",\"Glob\",\"chat-42:*\"]}");
        assertEquals(200, glob.status(), glob.toString());
        assertEquals("d", glob.at("topic"));
        assertEquals(2L, glob.at("deleted"));
        assertEquals(3L, glob.at("earliest_seq"));
        assertEquals(5L, glob.at("head_seq"));
        assertEquals(3L, glob.at("count"));
        assertEquals(3L, glob.at("bytes"));
        assertTrue(glob.text().contains("\"wal_append_ms\""));
        Http.Resp both = post("/v0/topics/d/delete", "{\"match\":[\"tag\",\"Eq\",\"msg-1\"],\"before_seq\":5}");
        assertEquals(1L, both.at("deleted"));
        Http.Resp plain = post("/v0/topics/d/delete", "{\"match\":\"msg-1\"}");
        assertEquals(1L, plain.at("deleted"));
        Http.Resp seq = post("/v0/topics/d/delete", "{\"before_seq\":5}");
        assertEquals(1L, seq.at("deleted"));
        Http.Resp read = post("/v0/topics/d/diff", "{}");
        assertEquals(List.of(), read.at("records"));
        assertEquals(null, read.at("tombstone"));
    }

    @Test
    void badDeletes() {
        seed("bd");
        for (String body : List.of("{}", "{\"match\":[\"tag\",\"eq\",\"x\"]}", "{\"match\":[\"tag\",\"Glob\",\"a*b\"]}",
                "{\"match\":[\"seq\",\"Eq\",\"x\"]}", "{\"match\":[\"tag\",\"Eq\"]}", "{\"before_seq\":\"1\"}",
                "{\"before_seq\":-2}", "{\"match\":7}", "nope")) {
            Http.Resp r = post("/v0/topics/bd/delete", body);
            assertEquals(400, r.status(), body + " -> " + r);
            assertEquals("invalid_request", r.code());
        }
        assertEquals(400, raw("POST", "/v0/topics/bd/delete", null, new byte[0]).status());
        assertEquals(404, post("/v0/topics/none/delete", "{\"before_seq\":1}").status());
        assertEquals(5L, get("/v0/topics/bd").at("count"));
    }

    @Test
    void exportStreamsNdjsonWithAnEndLine() {
        seed("e");
        Http.Resp r = get("/v0/topics/e/records?include_tags=true&from_seq=1&node=n");
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/x-ndjson", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("no", r.header("X-Accel-Buffering"));
        List<String> lines = Http.lines(r);
        assertEquals(4, lines.size(), r.text());
        assertEquals(2L, JsonValue.at(JsonValue.parse(lines.get(0)), "$seq"));
        assertEquals("chat-42:b", JsonValue.at(JsonValue.parse(lines.get(0)), "$tag"));
        assertEquals(4L, JsonValue.at(JsonValue.parse(lines.get(2)), "$seq"));
        Object end = JsonValue.parse(lines.get(3));
        assertEquals(5L, JsonValue.at(end, "$end.next_from_seq"));
        assertEquals(5L, JsonValue.at(end, "$end.head_seq"));
        assertEquals(3L, JsonValue.at(end, "$end.records"));
        assertTrue(r.text().endsWith("\n"));
        // the export is not a read for automatic priority (API §16.2); touch=false keeps this check neutral
        assertEquals(null, get("/v0/topics/e?touch=false").at("last_read_ts"));
    }

    @Test
    void exportBoundsAndTombstones() {
        put("/v0/topics/c", "{\"cap_records\":2}");
        append("c", "1", "2", "3", "4");
        Http.Resp r = get("/v0/topics/c/records?to_seq=3", "Accept", "application/x-ndjson");
        List<String> lines = Http.lines(r);
        assertEquals(3, lines.size(), r.text());
        Object t = JsonValue.parse(lines.get(0));
        assertEquals(1L, JsonValue.at(t, "$tombstone.gap_from"));
        assertEquals(2L, JsonValue.at(t, "$tombstone.gap_to"));
        assertEquals("cap", JsonValue.at(t, "$tombstone.reason"));
        assertEquals(3L, JsonValue.at(JsonValue.parse(lines.get(1)), "$seq"));
        assertEquals(3L, JsonValue.at(JsonValue.parse(lines.get(2)), "$end.next_from_seq"));
        assertEquals(1L, JsonValue.at(JsonValue.parse(lines.get(2)), "$end.records"));
    }

    @Test
    void exportManyBatchesGzipped() throws IOException {
        StringBuilder nd = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            nd.append("{\"i\":").append(i).append("}\n");
        }
        assertEquals(201, raw("POST", "/v0/topics/big", NDJSON, utf8(nd.toString())).status());
        Http.Resp r = get("/v0/topics/big/records", "Accept-Encoding", "gzip", "Accept", "*/*");
        assertEquals("gzip", r.header("Content-Encoding"));
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n");
        assertEquals(2501, lines.length);
        assertEquals("{\"$seq\":2500,\"$ts\":" + JsonValue.at(JsonValue.parse(lines[2499]), "$ts")
                + ",\"data\":{\"i\":2499}}", lines[2499]);
        assertEquals(2500L, JsonValue.at(JsonValue.parse(lines[2500]), "$end.records"));
    }

    @Test
    void exportErrorsBeforeStreaming() {
        seed("x");
        Http.Resp na = get("/v0/topics/x/records", "Accept", "application/json");
        assertEquals(406, na.status());
        assertEquals("not_acceptable", na.code());
        assertEquals(200, get("/v0/topics/x/records", "Accept", "text/html, application/*;q=0.5").status());
        assertEquals(404, get("/v0/topics/none/records").status());
        assertEquals(400, get("/v0/topics/x/records?from_seq=4&to_seq=2").status());
        assertEquals(400, get("/v0/topics/x/records?from_seq=-1").status());
        assertEquals(400, get("/v0/topics/x/records?include_tags=yes").status());
        assertEquals(400, get("/v0/topics/x/records?node=").status());
        assertEquals(400, get("/v0/topics/bad%20name/records").status());
    }
}
