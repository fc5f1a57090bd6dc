package dev.seqlog.server.http;

import dev.seqlog.server.json.ByteSink;
import dev.seqlog.server.metrics.MetricsSnapshot;

import java.util.Locale;

/**
 * {@code GET /v0/metrics} (API §11.3): Prometheus text by default, JSON when Accept asks for it.
 * Per-topic series are limited to the caller's allowlist. Stateless.
 */
final class MetricsHandler {
    private MetricsHandler() {
    }

    static void handle(Exchange x) throws Exception {
        MetricsSnapshot m = x.api.metrics(x.key::allows);
        String accept = x.header("Accept");
        ByteSink out = new ByteSink(4096);
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json")) {
            m.writeJson(out);
            x.send(200, Exchange.JSON_TYPE, out);
        } else {
            m.writePrometheus(out);
            x.send(200, "text/plain; version=0.0.4; charset=utf-8", out);
        }
    }
}
