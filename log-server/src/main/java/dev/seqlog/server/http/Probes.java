package dev.seqlog.server.http;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.server.metrics.TopicScan;

/** Liveness and readiness (API §11.1, §11.2); no performance block. Stateless. */
final class Probes {
    private Probes() {
    }

    static void health(Exchange x) throws Exception {
        x.plainJson(200, g -> {
            g.writeStringField("status", "ok");
            g.writeStringField("version", x.api.version);
            g.writeNumberField("uptime_ms", x.api.state.uptimeMs());
        });
    }

    static void ready(Exchange x) throws Exception {
        if (x.api.state.draining()) {
            throw new SeqlogException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        if (!x.api.engine.isReady()) {
            throw new SeqlogException(ErrorCode.NOT_READY, "recovery in progress")
                    .with("replay_progress", x.api.engine.recoveryProgress());
        }
        long topics = TopicScan.count(x.api.engine);
        x.plainJson(200, g -> {
            g.writeStringField("status", "ready");
            g.writeBooleanField("wal_replay_complete", true);
            g.writeNumberField("topics", topics);
        });
    }
}
