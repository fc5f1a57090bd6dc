package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.EventLog;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resource caps surfaced by the engine, and graceful shutdown with a request in flight. */
class CapsAndShutdownTest extends ServerTest {
    @Override
    Map<String, String> env() {
        return Map.of("SEQLOG_MAX_TOPICS", "2");
    }

    @Test
    void topicCapIs429WithRetryAfter() {
        assertEquals(201, put("/v0/topics/a", "{}").status());
        assertEquals(201, post("/v0/topics/b", "{\"records\":[{\"data\":1}]}").status());
        Http.Resp r = put("/v0/topics/c", "{}");
        assertEquals(429, r.status(), r.toString());
        assertEquals("throttled", r.code());
        assertEquals("max_topics", r.at("error.detail.limit"));
        assertEquals("1", r.header("Retry-After"));
        assertEquals(429, post("/v0/topics/c", "{\"records\":[{\"data\":1}]}").status());
        assertEquals(200, put("/v0/topics/a", "{\"ttl_ms\":5}").status(), "updates still work at the cap");
    }

    @Test
    void fullRejectTopicIs422() {
        put("/v0/topics/full", "{\"cap_records\":1,\"discard\":\"reject\"}");
        append("full", "1");
        Http.Resp r = post("/v0/topics/full", "{\"records\":[{\"data\":2}]}");
        assertEquals(422, r.status(), r.toString());
        assertEquals("topic_full", r.code());
        assertEquals(1L, r.at("error.detail.cap_records"));
        assertEquals(1L, r.at("error.detail.head_seq"));
        Http.Resp never = post("/v0/topics/full", "{\"records\":[{\"data\":2},{\"data\":3}]}");
        assertEquals("record_too_large", never.code());
        assertEquals(1L, head("full"));
    }

    @Test
    void inFlightRequestsFinishDuringTheGraceWhileNewOnesGet503() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (SeqlogEngine real = SeqlogEngine.inMemory()) {
            EventLog slow = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                    new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                        if (method.getName().equals("appendAsync") && args[1] instanceof AppendRequest) {
                            // an append the engine holds (a flush that takes long): pending, not blocking
                            entered.countDown();
                            return CompletableFuture.runAsync(() -> {
                                try {
                                    assertTrue(release.await(20, TimeUnit.SECONDS));
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            }).thenCompose(v -> {
                                try {
                                    return (CompletableFuture<?>) method.invoke(real, args);
                                } catch (ReflectiveOperationException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            SeqlogServer s = SeqlogServer.start(ServerConfig.fromEnv(Map.of("SEQLOG_SHUTDOWN_GRACE_MS", "20000"))
                    .withPort(0).withDataDir(null), slow);
            CompletableFuture<Http.Resp> write = Http.sendAsync(s.baseUri(), "POST", "/v0/topics/g", JSON,
                    utf8("{\"records\":[{\"data\":1}]}"), Map.of());
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close, Http.pool());
            await().atMost(Duration.ofSeconds(5)).until(() -> s.state().draining());
            Http.Resp late = Http.send(s.baseUri(), "GET", "/v0/topics/g", null, null, Map.of());
            assertEquals(503, late.status());
            assertEquals("shutting_down", late.code());
            assertTrue(!closing.isDone(), "close waits for the request in flight");
            release.countDown();
            assertEquals(201, write.get(10, TimeUnit.SECONDS).status());
            closing.get(10, TimeUnit.SECONDS);
            assertEquals(1, real.state("g").headSeq());
        }
    }
}
