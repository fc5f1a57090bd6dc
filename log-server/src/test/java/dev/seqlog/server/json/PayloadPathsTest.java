package dev.seqlog.server.json;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.DiffRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.Limits;
import dev.seqlog.api.RecordInput;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.TopicRecord;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.testsupport.RandomJson;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The library path ({@link RecordInput#json} on {@code SeqlogEngine.append}) and the server's body paths
 * ({@link BodyReader} for JSON, {@link NdjsonReader} for NDJSON) store the same bytes for the same JSON
 * text, account the same {@code bytes}, and refuse the same texts with the same error.
 */
class PayloadPathsTest {
    private static final Limits LIMITS = Limits.defaults();
    private final SeqlogEngine engine = SeqlogEngine.inMemory();
    private int topics;

    @AfterEach
    void close() {
        engine.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What one path stored for one record, read back with diff. */
    private record Stored(byte[] data, byte[] meta, long bytes) {
    }

    private Stored append(AppendRequest request) {
        return append(engine, "t" + topics++, request);
    }

    private static Stored append(SeqlogEngine engine, String topic, AppendRequest request) {
        engine.append(topic, request);
        List<TopicRecord> records = engine.diff(topic, DiffRequest.from(0)).records();
        assertEquals(1, records.size());
        return new Stored(records.get(0).data(), records.get(0).meta(), engine.state(topic).bytes());
    }

    private static AppendRequest library(String data, String meta) {
        RecordInput r = RecordInput.json(data);
        return AppendRequest.of(meta == null ? r : r.withMeta(meta));
    }

    private static AppendRequest jsonBody(String data, String meta) {
        byte[] body = utf8("{\"records\":[{\"data\":" + data + (meta == null ? "" : ",\"meta\":" + meta) + "}]}");
        return new BodyReader(LIMITS).write(body, body.length, "t", null).request();
    }

    private static AppendRequest ndjsonBody(String data) {
        byte[] body = utf8(data.replace('\n', ' ') + "\n");
        return new NdjsonReader(LIMITS).read(body, body.length, new NdjsonReader.Options(null, null, null, true));
    }

    private void assertSameEverywhere(String data, String meta, String expectedData) {
        Stored lib = append(library(data, meta));
        Stored json = append(jsonBody(data, meta));
        if (expectedData != null) {
            assertEquals(expectedData, new String(lib.data, StandardCharsets.UTF_8));
        }
        assertArrayEquals(lib.data, json.data, "data, JSON body");
        assertArrayEquals(lib.meta, json.meta, "meta, JSON body");
        assertEquals(lib.bytes, json.bytes, "accounted bytes, JSON body");
        assertEquals(lib.data.length + (lib.meta == null ? 0 : lib.meta.length), lib.bytes);
        if (meta == null) {
            Stored nd = append(ndjsonBody(data));
            assertArrayEquals(lib.data, nd.data, "data, NDJSON body");
            assertEquals(lib.bytes, nd.bytes, "accounted bytes, NDJSON body");
        }
    }

    @ParameterizedTest
    @FieldSource("dev.seqlog.server.json.PayloadCorpus#VALID")
    void everyPathStoresTheCanonicalBytes(PayloadCorpus.Entry e) {
        assertSameEverywhere(e.json(), null, e.canonical());
    }

    /** The valid corpus except the deepest entries, which nest one level too deep inside a meta object. */
    static Stream<PayloadCorpus.Entry> metaCorpus() {
        return PayloadCorpus.VALID.stream().filter(e -> !e.name().startsWith("deepest"));
    }

    @ParameterizedTest
    @MethodSource("metaCorpus")
    void metaIsCanonicalisedAlikeOnBothPaths(PayloadCorpus.Entry e) {
        assertSameEverywhere("1", "{ \"m\" : " + e.json() + " }", "1");
    }

    @ParameterizedTest
    @FieldSource("dev.seqlog.server.json.PayloadCorpus#INVALID")
    void everyPathRefusesTheSameTextsWithTheSameError(PayloadCorpus.Entry e) {
        SeqlogException lib = assertThrows(SeqlogException.class, () -> library(e.json(), null));
        SeqlogException json = assertThrows(SeqlogException.class, () -> jsonBody(e.json(), null));
        SeqlogException nd = assertThrows(SeqlogException.class, () -> ndjsonBody(e.json()));
        for (SeqlogException server : List.of(json, nd)) {
            assertEquals(ErrorCode.INVALID_REQUEST, server.code());
            assertEquals(lib.code(), server.code());
            assertEquals(lib.getMessage(), server.getMessage());
            assertEquals("data", server.detail().get("field"));
        }
        assertEquals(0, json.detail().get("index"));
        assertEquals(1, nd.detail().get("line"));
    }

    @Test
    void concreteBytesOfTheAccentedLetter() {
        Stored lib = append(library("{\"a\": \"\\u00e9\"}", null));
        Stored json = append(jsonBody("{\"a\": \"\\u00e9\"}", null));
        byte[] expected = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0xA9, '"', '}'};
        assertArrayEquals(expected, lib.data);
        assertArrayEquals(expected, json.data);
        assertEquals(10, lib.bytes);
        assertEquals(10, json.bytes);
    }

    @Test
    void depthLimitIsTheSameConstantOnEveryPath() {
        assertSameEverywhere(PayloadCorpus.DEEPEST, null, PayloadCorpus.DEEPEST);
        String deepMeta = "{\"m\":" + PayloadCorpus.DEEPEST.substring(1, PayloadCorpus.DEEPEST.length() - 1) + "}";
        assertSameEverywhere("1", deepMeta, "1");
        String tooDeepMeta = "{\"m\":" + PayloadCorpus.DEEPEST + "}";
        SeqlogException lib = assertThrows(SeqlogException.class, () -> library("1", tooDeepMeta));
        SeqlogException json = assertThrows(SeqlogException.class, () -> jsonBody("1", tooDeepMeta));
        assertEquals(lib.getMessage(), json.getMessage());
        assertEquals("meta", json.detail().get("field"));
    }

    @Test
    void recordSizeIsCheckedOnTheCanonicalSizeWithOneMessage() {
        Limits small = new Limits(10, 12, 8, 8, 8, 1000, 0, 0);
        String data = "\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\""; // 32 characters of text, 12 canonical bytes
        byte[] body = utf8("{\"records\":[{\"data\":" + data + "}]}");
        AppendRequest fromBody = new BodyReader(small).write(body, body.length, "t", null).request();
        assertEquals(12, fromBody.records().get(0).accountedSize());
        small.checkAppend(library(data, null));
        String over = "\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9x\"";
        byte[] overBody = utf8("{\"records\":[{\"data\":" + over + "}]}");
        SeqlogException server = assertThrows(SeqlogException.class,
                () -> new BodyReader(small).write(overBody, overBody.length, "t", null));
        SeqlogException lib = assertThrows(SeqlogException.class, () -> small.checkAppend(library(over, null)));
        assertEquals(ErrorCode.RECORD_TOO_LARGE, server.code());
        assertEquals(lib.getMessage(), server.getMessage());
        assertEquals(lib.detail(), server.detail());
        assertEquals(13L, server.detail().get("size"));
        byte[] nd = utf8(over + "\n");
        SeqlogException line = assertThrows(SeqlogException.class,
                () -> new NdjsonReader(small).read(nd, nd.length, new NdjsonReader.Options(null, null, null, true)));
        assertEquals(lib.getMessage(), line.getMessage());
        assertEquals(1, line.detail().get("line"));
    }

    /** Random values, each spelled with random whitespace and escapes; jqwik reports the failing seed. */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void randomJsonIsStoredAlikeByEveryPath(@ForAll long seed) {
        Random r = new Random(seed);
        try (SeqlogEngine e = SeqlogEngine.inMemory()) {
            List<String> data = new ArrayList<>();
            List<String> meta = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RandomJson.Sample d = RandomJson.value(r, 4);
                RandomJson.Sample m = r.nextBoolean() ? RandomJson.object(r, 2) : null;
                data.add(d.noisy());
                meta.add(m == null ? null : m.noisy());
                expected.add(d.canonical());
                Stored lib = append(e, "lib" + i, library(d.noisy(), meta.get(i)));
                Stored json = append(e, "json" + i, jsonBody(d.noisy(), meta.get(i)));
                Stored nd = append(e, "nd" + i, ndjsonBody(d.noisy()));
                assertEquals(d.canonical(), new String(lib.data, StandardCharsets.UTF_8), d.noisy());
                assertArrayEquals(lib.data, json.data, d.noisy());
                assertArrayEquals(lib.data, nd.data, d.noisy());
                assertArrayEquals(lib.meta, json.meta, String.valueOf(meta.get(i)));
                if (m != null) {
                    assertNotNull(lib.meta);
                    assertEquals(m.canonical(), new String(lib.meta, StandardCharsets.UTF_8));
                }
                assertEquals(lib.bytes, json.bytes);
                assertEquals(lib.data.length, nd.bytes);
            }
            // the same values in one batch per path: one accounted total
            StringBuilder body = new StringBuilder("{\"records\":[");
            StringBuilder lines = new StringBuilder();
            AppendRequest.Builder lib = AppendRequest.builder();
            for (int i = 0; i < data.size(); i++) {
                body.append(i == 0 ? "" : ",").append("{\"data\":").append(data.get(i)).append('}');
                lines.append(data.get(i).replace('\n', ' ')).append('\n');
                lib.add(RecordInput.json(data.get(i)));
            }
            byte[] b = utf8(body.append("]}").toString());
            byte[] l = utf8(lines.toString());
            e.append("batch-lib", lib.build());
            e.append("batch-json", new BodyReader(LIMITS).write(b, b.length, "t", null).request());
            e.append("batch-nd", new NdjsonReader(LIMITS).read(l, l.length,
                    new NdjsonReader.Options(null, null, null, true)));
            long total = expected.stream().mapToLong(s -> utf8(s).length).sum();
            assertEquals(total, e.state("batch-lib").bytes());
            assertEquals(total, e.state("batch-json").bytes());
            assertEquals(total, e.state("batch-nd").bytes());
        }
    }
}
