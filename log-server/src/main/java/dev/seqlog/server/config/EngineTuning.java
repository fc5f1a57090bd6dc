package dev.seqlog.server.config;

import dev.seqlog.core.EngineOptions;

import java.util.function.UnaryOperator;

/**
 * The engine options a server's configuration sets (limits, caps, log shards, segment sizes, the cold tier's
 * directory and retention), in one place for both modes: a single node's engine and each replicated node's engine
 * (where replication then sets what it needs, and those win). Stateless.
 */
public final class EngineTuning {
    private EngineTuning() {
    }

    /**
     * @param config the validated configuration
     * @return changes to an engine options builder that apply the configuration's engine settings
     */
    public static UnaryOperator<EngineOptions.Builder> of(ServerConfig config) {
        return o -> o.limits(config.limits())
                .maxClaim(config.maxClaim())
                .maxRouters(config.maxRouters())
                .walShards(config.walShards())
                .segmentMaxRecords(config.segmentMaxEvents())
                .segmentMaxBytes(config.segmentMaxBytes())
                .segmentMaxAgeMs(config.segmentMaxAgeMs())
                .coldDir(config.coldDir())
                .hotRetainSegments(config.hotRetainSegments())
                .hotRetainBytes(config.hotRetainBytes())
                .coldCacheBytes(config.coldCacheBytes());
    }
}
