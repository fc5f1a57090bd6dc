package dev.seqlog.server.metrics;

import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WalStats;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.core.internal.tier.TierStats;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * One point-in-time set of the metrics of API §11.3 (and the server's additions), as series families that the
 * Prometheus, JSON and statsd renderers share, so the three can never disagree. Confined to the thread that
 * took it.
 */
public final class MetricsSnapshot {
    private final List<Family> families = new ArrayList<>();
    private final List<TopicState> topics = new ArrayList<>();
    private boolean truncated;

    private MetricsSnapshot() {
    }

    /** @return a snapshot with no series yet, for renderers' tests */
    static MetricsSnapshot empty() {
        return new MetricsSnapshot();
    }

    /**
     * Takes the engine's part of a snapshot.
     *
     * @param engine the engine
     * @param allowed which topics the caller may see per-topic series of
     * @param maxTopics most topics with per-topic series, 0 for unlimited
     * @param uptimeMs process uptime
     * @return the snapshot
     */
    public static MetricsSnapshot take(EventLog engine, Predicate<String> allowed, long maxTopics, long uptimeMs) {
        MetricsSnapshot m = new MetricsSnapshot();
        long[] agg = new long[5]; // topics, records, bytes, queue topics, leases in flight
        Map<Durability, Long> byClass = new EnumMap<>(Durability.class);
        boolean ready = engine.isReady();
        // metrics answer during recovery too (API §11.3); topic state is only readable once ready
        TopicScan.forEach(ready ? engine : null, s -> {
            agg[0]++;
            agg[1] += s.count();
            agg[2] += s.bytes();
            if (s.type() == TopicType.QUEUE) {
                agg[3]++;
                agg[4] += s.queue() == null ? 0 : s.queue().inFlight();
            }
            byClass.merge(s.config().durability(), 1L, Long::sum);
            if (allowed.test(s.topic())) {
                if (maxTopics == 0 || m.topics.size() < maxTopics) {
                    m.topics.add(s);
                } else {
                    m.truncated = true;
                }
            }
        });
        m.add(Family.gauge("seqlog_topics", "Number of topics.", agg[0]));
        List<Family.Sample> classes = new ArrayList<>();
        for (Durability d : Durability.values()) {
            classes.add(new Family.Sample(List.of(d.wireName()), byClass.getOrDefault(d, 0L), null));
        }
        m.add(new Family("seqlog_topics_by_class", Family.Type.GAUGE, "Topics per durability class.",
                List.of("class"), classes));
        m.add(Family.gauge("seqlog_routers", "Number of routers.", ready ? routerCount(engine) : 0));
        m.add(Family.gauge("seqlog_records_live", "Live records over all topics.", agg[1]));
        m.add(Family.gauge("seqlog_bytes_live", "Accounted bytes of live records over all topics.", agg[2]));
        m.add(Family.gauge("seqlog_queue_topics", "Topics of type queue.", agg[3]));
        m.add(Family.gauge("seqlog_queue_leases_in_flight", "Unexpired leases over all queues.", agg[4]));
        m.add(Family.gauge("seqlog_ready", "1 when ready, else 0.", ready ? 1 : 0));
        m.add(Family.gauge("seqlog_recovery_progress", "Recovery progress from 0.0 to 1.0 (1 once ready).",
                engine.recoveryProgress()));
        m.add(Family.gauge("seqlog_uptime_ms", "Process uptime in milliseconds.", uptimeMs));
        m.add(Family.gauge("seqlog_topic_metrics_truncated",
                "1 if per-topic series were cut at SEQLOG_METRICS_MAX_TOPICS.", m.truncated ? 1 : 0));
        m.perTopic("seqlog_topic_head_seq", "Current head_seq of each topic.", TopicState::headSeq);
        m.perTopic("seqlog_topic_earliest_seq", "Current earliest_seq of each topic.", TopicState::earliestSeq);
        m.perTopic("seqlog_topic_records_live", "Live records of each topic.", TopicState::count);
        m.perTopic("seqlog_topic_bytes_live", "Accounted live bytes of each topic.", TopicState::bytes);
        m.perQueue("seqlog_topic_queue_ready", "Jobs a claim could take now, per queue topic.", QueueCounters::ready);
        m.perQueue("seqlog_topic_queue_in_flight", "Jobs under an unexpired lease, per queue topic.",
                QueueCounters::inFlight);
        m.perQueue("seqlog_topic_queue_dead_lettered", "Jobs moved to the dead-letter topic, per queue topic.",
                QueueCounters::deadLettered);
        m.wal(engine.walStats());
        if (engine instanceof SeqlogEngine e && e.tierStats() != null) {
            m.tier(e.tierStats());
        }
        return m;
    }

    /** The object-store tier: uploads and lag, the local cache, collection. */
    private void tier(TierStats.Snapshot t) {
        add(Family.counter("seqlog_tier_uploads_total", "Segments uploaded to the object store.", t.uploads()));
        add(Family.counter("seqlog_tier_uploaded_bytes_total", "Segment bytes uploaded.", t.uploadedBytes()));
        add(Family.counter("seqlog_tier_upload_errors_total", "Uploads that failed (each backs off).",
                t.uploadErrors()));
        add(Family.gauge("seqlog_tier_lag_segments", "Sealed segments due for the object store, not yet there.",
                t.lagSegments()));
        add(Family.gauge("seqlog_tier_lag_bytes", "Bytes of those segments.", t.lagBytes()));
        add(Family.counter("seqlog_tier_cache_hits_total", "Tiered segments opened from the local cache.",
                t.cacheHits()));
        add(Family.counter("seqlog_tier_cache_misses_total", "Tiered segments fetched from the object store.",
                t.fetches()));
        add(Family.counter("seqlog_tier_fetched_bytes_total", "Bytes fetched from the object store.",
                t.fetchedBytes()));
        add(Family.counter("seqlog_tier_fetch_errors_total", "Fetches from the object store that failed.",
                t.fetchErrors()));
        add(Family.gauge("seqlog_tier_cache_bytes", "Bytes the local cache of tiered segments holds.",
                t.cachedBytes()));
        add(Family.counter("seqlog_tier_objects_collected_total",
                "Objects deleted because no retained snapshot references them.", t.collected()));
    }

    private void wal(WalStats wal) {
        add(Family.counter("seqlog_wal_frames_total", "Log records written.", wal.frames()));
        add(Family.counter("seqlog_wal_batches_total", "Group-commit batches written.", wal.batches()));
        add(Family.counter("seqlog_wal_fsyncs_total", "Flushes to stable storage.", wal.fsyncs()));
        add(Family.counter("seqlog_wal_bytes_written_total", "Bytes written to the log.", wal.bytesWritten()));
        add(Family.counter("seqlog_wal_rotations_total", "Log file rotations.", wal.rotations()));
        add(Family.gauge("seqlog_wal_queue_depth", "Log records waiting for the writer now.", wal.queueDepth()));
        add(Family.gauge("seqlog_wal_queue_depth_peak",
                "Highest queue depth of one log writer observed since start.", wal.queueDepthPeak()));
        add(Family.counter("seqlog_wal_submit_full_total",
                "Appends that found the log's unflushed backlog over its bound and had to wait for a checkpoint.",
                wal.admissionWaits()));
        add(Family.gauge("seqlog_wal_read_only", "1 after a storage failure put the log into read-only mode.",
                wal.readOnly() ? 1 : 0));
        List<String> keys = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        long running = 0;
        List<Long> counts = wal.fsyncLatencyCounts();
        for (int i = 0; i < counts.size(); i++) {
            running += counts.get(i);
            keys.add(i < WalStats.FSYNC_BUCKETS_US.length ? Long.toString(WalStats.FSYNC_BUCKETS_US[i]) : "+Inf");
            cumulative.add(running);
        }
        add(new Family("seqlog_wal_fsync_latency_us", Family.Type.HISTOGRAM, "Flush latency in microseconds.",
                List.of(), List.of(new Family.Sample(List.of(), null,
                        new Family.Dist(keys, cumulative, wal.fsyncLatencySumUs(), running)))));
    }

    /**
     * The engine's router count; an {@link EventLog} other than the engine has no cheap count, so it reports none
     * rather than paging through every router on each scrape.
     */
    private static long routerCount(EventLog engine) {
        return engine instanceof SeqlogEngine e ? e.routerCount() : 0;
    }

    private void perTopic(String name, String help, ToLongFunction<TopicState> field) {
        List<Family.Sample> samples = new ArrayList<>(topics.size());
        for (TopicState s : topics) {
            samples.add(new Family.Sample(List.of(s.topic()), field.applyAsLong(s), null));
        }
        add(new Family(name, Family.Type.GAUGE, help, List.of("topic"), samples));
    }

    /** A per-topic series of the queue topics only (API §11.3). */
    private void perQueue(String name, String help, ToLongFunction<QueueCounters> field) {
        List<Family.Sample> samples = new ArrayList<>();
        for (TopicState s : topics) {
            if (s.queue() != null) {
                samples.add(new Family.Sample(List.of(s.topic()), field.applyAsLong(s.queue()), null));
            }
        }
        add(new Family(name, Family.Type.GAUGE, help, List.of("topic"), samples));
    }

    /**
     * Adds an unlabelled gauge the engine does not know (streams, sessions).
     *
     * @param name the series
     * @param help its HELP text
     * @param value the reading
     * @return this snapshot
     */
    public MetricsSnapshot gauge(String name, String help, Number value) {
        return add(Family.gauge(name, help, value));
    }

    /**
     * Adds a series family.
     *
     * @param f the family
     * @return this snapshot
     */
    public MetricsSnapshot add(Family f) {
        families.add(f);
        return this;
    }

    /** @return the series families, in the order added */
    public List<Family> families() {
        return families;
    }

    /** @return the topics with per-topic series, in name order */
    List<TopicState> topics() {
        return topics;
    }

    /** @return whether per-topic series were cut at the bound */
    boolean truncated() {
        return truncated;
    }

    /**
     * Writes the Prometheus text exposition format 0.0.4.
     *
     * @param out the target
     * @throws IOException from the target
     */
    public void writePrometheus(OutputStream out) throws IOException {
        PrometheusText.write(this, out);
    }

    /**
     * Writes the JSON snapshot shape of API §11.3.
     *
     * @param out the target
     * @throws IOException from the target
     */
    public void writeJson(OutputStream out) throws IOException {
        JsonSnapshot.write(this, out);
    }
}
