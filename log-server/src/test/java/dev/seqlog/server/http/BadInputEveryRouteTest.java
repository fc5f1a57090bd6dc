package dev.seqlog.server.http;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every body-carrying route refuses bad input with the documented 4xx, and nothing is appended. */
class BadInputEveryRouteTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_BODY_BYTES", "2048", "SEQLOG_MAX_RECORD_BYTES", "1024");
    }

    @BeforeEach
    void seed() {
        put("/v0/topics/t", "{}");
        append("t", "1");
    }

    private void check(String method, String path, int status, String code, String type, byte[] body,
                       String... headers) {
        Http.Resp r = raw(method, path, type, body, headers);
        assertEquals(status, r.status(), method + " " + path + " -> " + r);
        assertEquals(code, r.code());
        assertEquals(1L, head("t"), "nothing appended");
        assertEquals(1L, get("/v0/topics/t").num("count"), "nothing deleted");
    }

    @ParameterizedTest
    @CsvSource({"PUT, /v0/topics/t", "POST, /v0/topics/t", "POST, /v0/topics/t/diff", "POST, /v0/topics/t/delete",
        "POST, /v0/watch", "POST, /v0/topics/t/claim", "POST, /v0/topics/t/ack", "POST, /v0/topics/t/nack",
        "POST, /v0/topics/t/extend", "PUT, /v0/routers/r"})
    void malformedJson(String method, String path) {
        check(method, path, 400, "invalid_request", JSON, utf8("{\"records\":[{\"data\":}"));
        check(method, path, 400, "invalid_request", JSON, utf8("{\"a\":1} trailing"));
        check(method, path, 400, "invalid_request", JSON, utf8("\"just a string\""));
    }

    @ParameterizedTest
    @CsvSource({
        "PUT, /v0/topics/t, '{\"cap_records\":\"10\"}'", "POST, /v0/topics/t, '{\"records\":{\"data\":1}}'",
        "POST, /v0/topics/t/diff, '{\"limit\":-1}'", "POST, /v0/topics/t/delete, '{\"before_seq\":true}'",
        "POST, /v0/watch, '{\"topics\":{\"t\":{\"tail\":1}}}'", "POST, /v0/watch, '{\"topics\":{\"t\":[]}}'",
        "POST, /v0/watch, '{\"topics\":{\"t\":{}},\"heartbeat_ms\":\"x\"}'",
        "POST, /v0/watch, '{\"topics\":{\"t\":{}},\"node\":7}'",
        "POST, /v0/topics/t/claim, '{\"node\":\"w\",\"max\":\"2\"}'",
        "POST, /v0/topics/t/ack, '{\"node\":\"w\",\"seqs\":[1,\"2\"]}'",
        "POST, /v0/topics/t/nack, '{\"node\":\"w\",\"seqs\":[1],\"delay_ms\":-1}'",
        "POST, /v0/topics/t/extend, '{\"node\":\"w\",\"seqs\":[1]}'",
        "PUT, /v0/routers/r, '{\"source\":\"t\",\"dest\":\"u\",\"allow_cycle\":0}'",
        "PUT, /v0/routers/r, '{\"source\":\"t\",\"dest\":\"u\",\"filter\":{}}'"
    })
    void wrongTypes(String method, String path, String body) {
        check(method, path, 400, "invalid_request", JSON, utf8(body));
    }

    @ParameterizedTest
    @CsvSource({"PUT, /v0/topics/t", "POST, /v0/topics/t", "POST, /v0/topics/t/diff", "POST, /v0/topics/t/delete",
        "POST, /v0/watch", "POST, /v0/topics/t/claim", "POST, /v0/topics/t/ack", "POST, /v0/topics/t/nack",
        "POST, /v0/topics/t/extend", "PUT, /v0/routers/r"})
    void oversizeBodies(String method, String path) throws IOException {
        check(method, path, 413, "payload_too_large", JSON, utf8("{\"x\":\"" + "y".repeat(3000) + "\"}"));
        byte[] bomb = WriteRoutesTest.gzip(utf8("{\"x\":\"" + "y".repeat(100_000) + "\"}"));
        check(method, path, 413, "payload_too_large", JSON, bomb, "Content-Encoding", "gzip");
    }

    @ParameterizedTest
    @CsvSource({"PUT, /v0/topics/t", "POST, /v0/topics/t", "POST, /v0/topics/t/diff", "POST, /v0/topics/t/delete",
        "POST, /v0/watch", "POST, /v0/topics/t/claim", "POST, /v0/topics/t/ack", "POST, /v0/topics/t/nack",
        "POST, /v0/topics/t/extend", "PUT, /v0/routers/r"})
    void wrongContentTypeOrEncoding(String method, String path) {
        check(method, path, 415, "unsupported_media_type", "text/plain", utf8("{}"));
        check(method, path, 415, "unsupported_media_type", null, utf8("{}"));
        check(method, path, 415, "unsupported_media_type", "application/jsonx", utf8("{}"));
        check(method, path, 415, "unsupported_media_type", JSON, utf8("{}"), "Content-Encoding", "deflate");
    }

    @ParameterizedTest
    @CsvSource({"PUT, /v0/topics/bad%20name", "POST, /v0/topics/.x", "POST, /v0/topics/x%2Fy/diff",
        "POST, /v0/topics/%C3%A9/delete", "DELETE, /v0/topics/a*b",
        "GET, /v0/topics/-x/records", "PUT, /v0/routers/-r", "GET, /v0/routers/r%20s",
        "DELETE, /v0/routers/%3Er"})
    void invalidNames(String method, String path) {
        String body = method.equals("POST") && path.endsWith("delete") ? "{\"before_seq\":1}"
                : method.equals("POST") && !path.endsWith("diff") ? "{\"records\":[{\"data\":1}]}" : "{}";
        boolean hasBody = method.equals("POST") || method.equals("PUT");
        check(method, path, 400, "invalid_request", hasBody ? JSON : null, hasBody ? utf8(body) : null);
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "2"})
    void oversizeRecordsAndMeta(int which) {
        String rec = switch (which) {
            case 0 -> "{\"data\":\"" + "x".repeat(1100) + "\"}";
            case 1 -> "{\"data\":1,\"meta\":{\"m\":\"" + "x".repeat(1100) + "\"}}";
            default -> "{\"data\":\"" + "x".repeat(600) + "\",\"meta\":{\"m\":\"" + "x".repeat(500) + "\"}}";
        };
        check("POST", "/v0/topics/t", 400, "record_too_large", JSON, utf8("{\"records\":[{\"data\":0}," + rec + "]}"));
    }
}
