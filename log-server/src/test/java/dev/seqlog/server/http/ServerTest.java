package dev.seqlog.server.http;

import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ConfigException;
import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the HTTP tests: a fresh in-memory server on an ephemeral port per test (so every server
 * thread is gone when the test ends), and request helpers. Confined to the test thread.
 */
abstract class ServerTest {
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    SeqlogServer server;
    URI base;
    /** Headers added to every request (e.g. Authorization). */
    final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final List<AutoCloseable> afterServer = new ArrayList<>();

    @BeforeAll
    static void client() {
        Http.init();
    }

    /** SEQLOG_* variables of this class's server; port and data dir are forced to 0 / in-memory. */
    Map<String, String> env() {
        return Map.of();
    }

    @BeforeEach
    void startServer() throws ConfigException {
        Map<String, String> env = new HashMap<>(env());
        env.putIfAbsent("SEQLOG_SHUTDOWN_GRACE_MS", "2000");
        server = start(ServerConfig.fromEnv(env).withPort(0).withDataDir(null));
        base = server.baseUri();
    }

    /**
     * Starts this class's server; a class that needs its own engine (a manual clock) overrides this and hands
     * the engine to {@link #closeAfterServer}.
     */
    SeqlogServer start(ServerConfig config) {
        return SeqlogServer.start(config);
    }

    /** Starts a server over an in-memory engine on {@code clock}, with the configuration's limits. */
    SeqlogServer startOnClock(ServerConfig config, InstantSource clock) {
        SeqlogEngine engine = SeqlogEngine.start(EngineOptions.builder().clock(clock).limits(config.limits())
                .maxClaim(config.maxClaim()).maxRouters(config.maxRouters()).build());
        closeAfterServer(engine);
        return SeqlogServer.start(config, engine);
    }

    /** Closes {@code c} once the server has stopped. */
    void closeAfterServer(AutoCloseable c) {
        afterServer.add(c);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        for (AutoCloseable c : afterServer) {
            c.close();
        }
    }

    /**
     * Fills a topic with 8 MiB in 1,000 records of 8 KB, which a diff (limit 1000, 8 MiB budget) and an export
     * both answer with: far more than the socket buffers between the server and a client that never reads hold.
     */
    void fillEightMiB(String topic) {
        String data = "\"" + "d".repeat(8000) + "\"";
        StringBuilder batch = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 1000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"data\":").append(data).append('}');
        }
        org.junit.jupiter.api.Assertions.assertEquals(201, post("/v0/topics/" + topic, batch.append("]}").toString()).status());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    Map<String, String> headers(String... kv) {
        Map<String, String> h = new LinkedHashMap<>(defaultHeaders);
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    Http.Resp get(String path, String... headers) {
        return Http.send(base, "GET", path, null, null, headers(headers));
    }

    Http.Resp delete(String path, String... headers) {
        return Http.send(base, "DELETE", path, null, null, headers(headers));
    }

    Http.Resp put(String path, String json, String... headers) {
        return Http.send(base, "PUT", path, json == null ? null : JSON, json == null ? null : utf8(json), headers(headers));
    }

    Http.Resp post(String path, String json, String... headers) {
        return Http.send(base, "POST", path, JSON, utf8(json), headers(headers));
    }

    Http.Resp raw(String method, String path, String contentType, byte[] body, String... headers) {
        return Http.send(base, method, path, contentType, body, headers(headers));
    }

    /** Appends records given as JSON data values; asserts success. */
    Http.Resp append(String topic, String... data) {
        StringBuilder b = new StringBuilder("{\"records\":[");
        for (int i = 0; i < data.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"data\":").append(data[i]).append('}');
        }
        Http.Resp r = post("/v0/topics/" + topic, b.append("]}").toString());
        if (r.status() != 200 && r.status() != 201) {
            throw new AssertionError("append failed: " + r);
        }
        return r;
    }

    long head(String topic) {
        Http.Resp r = get("/v0/topics/" + topic + "?touch=false");
        return r.status() == 404 ? -1 : r.num("head_seq");
    }
}
