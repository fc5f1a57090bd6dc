package dev.seqlog.cold.s3;

import static dev.seqlog.cold.s3.S3Fixture.read;
import static dev.seqlog.cold.s3.S3Fixture.sha256;
import static dev.seqlog.cold.s3.S3Fixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.seqlog.core.spi.ObjectStore.ObjectExistsException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store sends and how it reads answers S3Proxy never gives: a 412 from a conditional PUT (S3Proxy
 * ignores If-None-Match on PUT), a lost answer followed by a retry, a server that ignores Range. A tiny
 * in-memory S3 on the JDK's HTTP server plays the other side.
 */
class S3WireTest {

    private static final String BUCKET = "wire";

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean honourIfNoneMatch = true;
    private volatile boolean honourRange = true;
    private volatile boolean hiddenFromHead;
    private volatile int putsToStoreThenFail;
    private HttpServer server;
    private S3ObjectStore store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::handle);
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        store = S3ObjectStore.open(S3Settings.of(endpoint, BUCKET).withCredentials("id", "secret"));
    }

    @AfterEach
    void stop() {
        store.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            String payload = ex.getRequestHeaders().getFirst("x-amz-content-sha256");
            if (payload != null && payload.startsWith("STREAMING-")) {
                body = decodeAwsChunked(body);
            }
            String key = path.startsWith("/" + BUCKET + "/") ? path.substring(BUCKET.length() + 2) : null;
            requests.add(method + " " + path + " if-none-match=" + ex.getRequestHeaders().getFirst("If-None-Match")
                    + " content-md5=" + ex.getRequestHeaders().getFirst("Content-MD5")
                    + " sha=" + ex.getRequestHeaders().getFirst("x-amz-meta-seqlog-sha256"));
            if (key == null) {
                send(ex, 200, new byte[0], Map.of()); // HeadBucket
            } else if (method.equals("PUT")) {
                if (honourIfNoneMatch && objects.containsKey(key)) {
                    send(ex, 412, error("PreconditionFailed"), Map.of());
                    return;
                }
                objects.put(key, body);
                digests.put(key, ex.getRequestHeaders().getFirst("x-amz-meta-seqlog-sha256"));
                if (putsToStoreThenFail > 0) {
                    putsToStoreThenFail--;
                    send(ex, 500, error("InternalError"), Map.of()); // stored, but the answer says otherwise
                    return;
                }
                send(ex, 200, new byte[0], Map.of("ETag", "\"x\""));
            } else if (!objects.containsKey(key) || hiddenFromHead && method.equals("HEAD")) {
                send(ex, 404, method.equals("HEAD") ? new byte[0] : error("NoSuchKey"), Map.of());
            } else if (method.equals("HEAD")) {
                ex.getResponseHeaders().add("x-amz-meta-seqlog-sha256", digests.get(key));
                ex.getResponseHeaders().add("Content-Length", Integer.toString(objects.get(key).length));
                ex.sendResponseHeaders(200, -1);
            } else {
                byte[] all = objects.get(key);
                String range = ex.getRequestHeaders().getFirst("Range");
                if (!honourRange || range == null) {
                    send(ex, 200, all, Map.of());
                } else {
                    String[] ends = range.substring("bytes=".length()).split("-");
                    int from = Integer.parseInt(ends[0]);
                    int to = Math.min(Integer.parseInt(ends[1]), all.length - 1);
                    byte[] part = java.util.Arrays.copyOfRange(all, from, to + 1);
                    send(ex, 206, part, Map.of("Content-Range", "bytes " + from + "-" + to + "/" + all.length));
                }
            }
        }
    }

    /** The SDK signs each chunk of a body sent over plain HTTP: "hex-size;chunk-signature=...\r\n" data "\r\n". */
    private static byte[] decodeAwsChunked(byte[] chunked) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = at;
            while (chunked[eol] != '\r') {
                eol++;
            }
            String header = new String(chunked, at, eol - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.substring(0, header.indexOf(';')), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static byte[] error(String code) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach(ex.getResponseHeaders()::add);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Test
    void createSendsACreateOnlyConditionContentMd5AndTheDigest() throws Exception {
        ByteBuffer content = text("segment bytes");
        store.create("seg/1", content, sha256(content));
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(
                "segment bytes".getBytes(StandardCharsets.UTF_8)));
        String put = requests.stream().filter(r -> r.startsWith("PUT")).findFirst().orElseThrow();
        assertEquals("PUT /wire/seg/1 if-none-match=* content-md5=" + md5 + " sha=" + sha256(content), put);
        assertEquals("segment bytes", new String(objects.get("seg/1"), StandardCharsets.UTF_8));
    }

    @Test
    void preconditionFailedIsObjectExists() {
        objects.put("k", new byte[] {1});
        digests.put("k", "d");
        hiddenFromHead = true; // another writer's PUT lands between the existence check and this one's
        assertThrows(ObjectExistsException.class, () -> store.create("k", text("other"), sha256(text("other"))));
        assertEquals(1, objects.get("k").length);
        assertTrue(requests.stream().anyMatch(r -> r.startsWith("PUT /wire/k if-none-match=*")), requests.toString());
    }

    @Test
    void aRetryThatFindsItsOwnEarlierAttemptSucceeds() throws IOException {
        putsToStoreThenFail = 1;
        ByteBuffer content = text("mine");
        store.create("k", content, sha256(content));
        assertEquals(2, requests.stream().filter(r -> r.startsWith("PUT")).count(), requests.toString());
        assertEquals("mine", new String(objects.get("k"), StandardCharsets.UTF_8));
    }

    @Test
    void aServerIgnoringRangeStillYieldsTheRange() throws IOException {
        honourRange = false;
        ByteBuffer content = text("0123456789");
        store.create("k", content, sha256(content));
        assertEquals(text("345"), read(store, "k", 3, 3));
        assertEquals(text("0123"), read(store, "k", 0, 4));
        assertThrows(java.io.EOFException.class, () -> read(store, "k", 8, 5));
    }

    @Test
    void errorsNameTheOperationKeyAndStatus() {
        server.removeContext("/");
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                send(ex, 503, error("SlowDown"), Map.of());
            }
        });
        IOException e = assertThrows(IOException.class, () -> store.head("seg/9"));
        assertTrue(e.getMessage().startsWith("S3 HeadObject of key 'seg/9' in s3://wire/ at http://127.0.0.1:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        IOException list = assertThrows(IOException.class, () -> store.list("seg/"));
        assertTrue(list.getMessage().contains("ListObjectsV2") && list.getMessage().contains("HTTP 503 SlowDown"),
                list.getMessage());
    }
}
