package dev.seqlog.client;

import dev.seqlog.api.EventLog;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.SeqlogServer;
import dev.seqlog.server.config.ServerConfig;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The contract against {@link SeqlogClient}, talking to a server on an ephemeral port over an engine opened with
 * the same options (and clock) as the embedded case.
 */
class ClientContractTest extends EventLogContract {
    private SeqlogEngine engine;
    private SeqlogServer server;
    private SeqlogClient client;

    @BeforeAll
    static void http() {
        TestHttp.client();
    }

    @Override
    protected EventLog open(EngineOptions options) {
        engine = SeqlogEngine.open(options);
        server = SeqlogServer.start(ServerConfig.defaults().withPort(0).withDataDir(null), engine);
        client = SeqlogClient.builder(server.baseUri()).httpClient(TestHttp.client())
                .reconnectDelay(Duration.ofMillis(100)).build();
        return client;
    }

    @Override
    protected void shutdown() {
        client.close();
        server.close();
        engine.close();
    }
}
