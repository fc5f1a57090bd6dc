package dev.seqlog.server.http;

import dev.seqlog.api.AppendRequest;
import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import dev.seqlog.testsupport.ExpectErrorLogs;
import dev.seqlog.testsupport.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Unexpected failures become 500 internal through the one error mapper, logged once, details withheld. */
class InternalErrorTest {
    @BeforeAll
    static void client() {
        Http.init();
    }

    @Test
    @ExpectErrorLogs
    void bugsAndStorageFailuresAre500(LogCapture logs) throws Exception {
        try (SeqlogEngine real = SeqlogEngine.inMemory()) {
            EventLog broken = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                    new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                        if (method.getName().equals("state")) {
                            throw new IllegalStateException("secret internals");
                        }
                        if (method.getName().equals("appendAsync") && "later".equals(args[0])) {
                            // completes on another thread after the handler returned: the dispatched path
                            return CompletableFuture.supplyAsync(
                                    () -> real.append("later", (AppendRequest) args[1]), Http.pool());
                        }
                        if (method.getName().equals("appendAsync") && "failed".equals(args[0])) {
                            return CompletableFuture.failedFuture(new SeqlogException(ErrorCode.TOPIC_FULL, "full"));
                        }
                        if (method.getName().startsWith("append")) {
                            throw new SeqlogException(ErrorCode.INTERNAL, "storage failed")
                                    .with("reason", "storage_read_only");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            try (SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), broken)) {
                Http.Resp bug = Http.send(s.baseUri(), "GET", "/v0/topics/x", null, null, Map.of());
                assertEquals(500, bug.status());
                assertEquals("internal", bug.code());
                assertFalse(bug.text().contains("secret"), bug.text());
                assertEquals(1, logs.errors().size());
                Http.Resp storage = Http.send(s.baseUri(), "POST", "/v0/topics/x", "application/json",
                        ServerTest.utf8("{\"records\":[{\"data\":1}]}"), Map.of());
                assertEquals(500, storage.status());
                assertEquals("storage_read_only", storage.at("error.detail.reason"));
                Http.Resp later = Http.send(s.baseUri(), "POST", "/v0/topics/later", "application/json",
                        ServerTest.utf8("{\"records\":[{\"data\":1}]}"), Map.of());
                assertEquals(201, later.status(), later.toString());
                assertEquals(1L, later.num("first_seq"));
                Http.Resp failed = Http.send(s.baseUri(), "POST", "/v0/topics/failed", "application/json",
                        ServerTest.utf8("{\"records\":[{\"data\":1}]}"), Map.of());
                assertEquals(422, failed.status(), failed.toString());
                assertEquals(1, logs.errors().size());
            }
        }
    }
}
