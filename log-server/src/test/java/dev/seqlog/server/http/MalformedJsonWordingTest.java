package dev.seqlog.server.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A malformed body is answered in seqlog's words, naming the problem and where it is, never the parser's text. */
class MalformedJsonWordingTest extends ServerTest {
    private static final List<String> PARSER_WORDING = List.of("Unexpected", "Unrecognized", "code ", "JsonParse",
            "Source:", "line:", "column:", "REDACTED", "was expecting", "[truncated");

    @BeforeEach
    void seed() {
        put("/v0/topics/t", "{}");
        put("/v0/topics/q", "{\"type\":\"queue\"}");
    }

    private Http.Resp refused(String method, String path, String type, String body) {
        Http.Resp r = raw(method, path, type, utf8(body));
        assertEquals(400, r.status(), method + " " + path + " " + body + " -> " + r);
        assertEquals("invalid_request", r.code(), r.toString());
        String message = (String) r.at("error.message");
        for (String w : PARSER_WORDING) {
            assertFalse(message.contains(w), "parser wording \"" + w + "\" in: " + message);
        }
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST | /v0/topics/t | {\"records\":[{\"data\":}]} | a character that cannot start a value here | records[0].data",
        "POST | /v0/topics/t | {\"records\":[{\"data\":nope}]} | a bare word | records[0].data",
        "POST | /v0/topics/t | {\"records\":[{\"data\":1} | ends before the JSON value is complete | ",
        "POST | /v0/topics/t | {\"records\":[{\"data\":01}]} | an invalid number | records[0].data",
        "PUT | /v0/topics/t | {cap_records:1} | a field name must be a double-quoted string | ",
        "PUT | /v0/topics/t | {\"cap_records\" 1} | a colon was expected | cap_records",
        "POST | /v0/topics/t/diff | {\"limit\":1 \"x\":2} | a comma or the end of the object | limit",
        "POST | /v0/topics/t/delete | {\"before_seq\":1,} | a field name must be a double-quoted string | ",
        "PUT | /v0/routers/r | {\"source\":\"a\\qb\"} | an invalid escape sequence | source",
        "POST | /v0/watch | {\"topics\":{\"t\":{]}} | a closing bracket that does not match | topics.t",
        "POST | /v0/topics/q/claim | {\"node\":\"w\" \"max\":2} | a comma or the end of the object | node",
        "POST | /v0/topics/q/ack | {\"node\":\"w\",\"seqs\":[1 2]} | a comma or the end of the object or array | seqs[1]",
        "PUT | /v0/routers/r | {\"source\":\"t\" | ends before the JSON value is complete | ",
    })
    void namesTheProblemAndWhereItIs(String method, String path, String body, String problem, String field) {
        Http.Resp r = refused(method, path, "application/json", body);
        String message = (String) r.at("error.message");
        assertTrue(message.startsWith("malformed JSON: "), message);
        assertTrue(message.contains(problem), message);
        assertTrue(message.matches(".* at byte [0-9]+.*"), message);
        if (field != null) {
            assertTrue(message.contains("(in " + field + ")"), message);
            assertEquals(field, r.at("error.detail.field"), r.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"a\":} ", "{\"a\":1}} ", "[1,,2] ", "{\"a\":tru} "})
    void ndjsonLinesToo(String line) {
        Http.Resp r = refused("POST", "/v0/topics/t", "application/x-ndjson", "{\"ok\":1}\n" + line);
        assertEquals(2L, r.num("error.detail.line"), r.toString());
    }
}
