package dev.seqlog.client;

import dev.seqlog.api.EventLog;
import dev.seqlog.core.EngineOptions;
import dev.seqlog.core.SeqlogEngine;

/** The contract against the embedded engine: the reference the HTTP client must match. */
class EngineContractTest extends EventLogContract {
    private SeqlogEngine engine;

    @Override
    protected EventLog open(EngineOptions options) {
        engine = SeqlogEngine.open(options);
        return engine;
    }

    @Override
    protected void shutdown() {
        engine.close();
    }
}
