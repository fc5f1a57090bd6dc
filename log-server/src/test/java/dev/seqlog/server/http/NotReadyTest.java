package dev.seqlog.server.http;

import dev.seqlog.api.EventLog;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While the engine recovers, data routes and readiness answer 503 not_ready; health and metrics answer. */
class NotReadyTest {
    @BeforeAll
    static void client() {
        Http.init();
    }

    @Test
    void recoveringServer() throws Exception {
        try (SeqlogEngine real = SeqlogEngine.inMemory()) {
            EventLog recovering = (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(),
                    new Class<?>[] {EventLog.class}, (proxy, method, args) -> {
                        if (method.getName().equals("isReady")) {
                            return false;
                        }
                        if (method.getName().equals("recoveryProgress")) {
                            return 0.42;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            try (SeqlogServer s = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), recovering)) {
                Http.Resp data = Http.send(s.baseUri(), "GET", "/v0/topics", null, null, Map.of());
                assertEquals(503, data.status());
                assertEquals("not_ready", data.code());
                assertEquals(0, new BigDecimal("0.42").compareTo((BigDecimal) data.at("error.detail.replay_progress")));
                assertEquals("1", data.header("Retry-After"));
                Http.Resp ready = Http.send(s.baseUri(), "GET", "/v0/ready", null, null, Map.of());
                assertEquals(503, ready.status());
                assertEquals("not_ready", ready.code());
                assertEquals(200, Http.send(s.baseUri(), "GET", "/healthz", null, null, Map.of()).status());
                Http.Resp metrics = Http.send(s.baseUri(), "GET", "/v0/metrics", null, null, Map.of());
                assertEquals(200, metrics.status());
                assertTrue(metrics.text().contains("seqlog_ready 0\n"), metrics.text());
                assertTrue(metrics.text().contains("seqlog_recovery_progress 0.42\n"), metrics.text());
            }
        }
    }
}
