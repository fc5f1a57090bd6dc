package dev.seqlog.server.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.Durability;
import dev.seqlog.api.EventLog;
import dev.seqlog.api.QueueCounters;
import dev.seqlog.api.TopicState;
import dev.seqlog.api.TopicType;
import dev.seqlog.api.WalStats;
import dev.seqlog.core.SeqlogEngine;
import dev.seqlog.server.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * One point-in-time set of the metrics of API §11.3. Series of subsystems not built yet (the
 * flush-latency histogram) are reported as zero so dashboards see the full set.
 * Confined to the request that took it.
 */
public final class MetricsSnapshot {
    private static final long[] FSYNC_BUCKETS_US = {50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000};

    private final Map<String, Number> counters = new LinkedHashMap<>();
    private final Map<String, Number> gauges = new LinkedHashMap<>();
    private final Map<Durability, Long> byClass = new EnumMap<>(Durability.class);
    private final List<TopicState> topics = new ArrayList<>();
    private boolean truncated;

    private MetricsSnapshot() {
    }

    /**
     * Takes a snapshot.
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
            m.byClass.merge(s.config().durability(), 1L, Long::sum);
            if (allowed.test(s.topic())) {
                if (maxTopics == 0 || m.topics.size() < maxTopics) {
                    m.topics.add(s);
                } else {
                    m.truncated = true;
                }
            }
        });
        m.gauges.put("seqlog_topics", agg[0]);
        m.gauges.put("seqlog_routers", ready ? routerCount(engine) : 0);
        m.gauges.put("seqlog_records_live", agg[1]);
        m.gauges.put("seqlog_bytes_live", agg[2]);
        m.gauges.put("seqlog_queue_topics", agg[3]);
        m.gauges.put("seqlog_queue_leases_in_flight", agg[4]);
        m.gauges.put("seqlog_ready", ready ? 1 : 0);
        m.gauges.put("seqlog_recovery_progress", engine.recoveryProgress());
        m.gauges.put("seqlog_uptime_ms", uptimeMs);
        m.gauges.put("seqlog_topic_metrics_truncated", m.truncated ? 1 : 0);
        WalStats wal = engine.walStats();
        m.gauges.put("seqlog_wal_queue_depth", wal.queueDepth());
        m.gauges.put("seqlog_wal_queue_depth_peak", 0);
        m.gauges.put("seqlog_wal_read_only", wal.readOnly() ? 1 : 0);
        m.counters.put("seqlog_wal_frames_total", wal.frames());
        m.counters.put("seqlog_wal_batches_total", wal.batches());
        m.counters.put("seqlog_wal_fsyncs_total", wal.fsyncs());
        m.counters.put("seqlog_wal_bytes_written_total", wal.bytesWritten());
        m.counters.put("seqlog_wal_rotations_total", wal.rotations());
        m.counters.put("seqlog_wal_submit_full_total", 0);
        return m;
    }

    /**
     * The engine's router count; an {@link EventLog} other than the engine has no cheap count, so it reports none
     * rather than paging through every router on each scrape.
     */
    private static long routerCount(EventLog engine) {
        return engine instanceof SeqlogEngine e ? e.routerCount() : 0;
    }

    /**
     * Adds the server's own gauges (streams, sessions), which the engine does not know.
     *
     * @param name the series
     * @param value the reading
     * @return this snapshot
     */
    public MetricsSnapshot gauge(String name, Number value) {
        gauges.put(name, value);
        return this;
    }

    /**
     * Writes the Prometheus text exposition format 0.0.4.
     *
     * @param out the target
     * @throws IOException from the target
     */
    public void writePrometheus(OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder(2048);
        for (Map.Entry<String, Number> g : gauges.entrySet()) {
            b.append("# TYPE ").append(g.getKey()).append(" gauge\n");
            b.append(g.getKey()).append(' ').append(g.getValue()).append('\n');
        }
        b.append("# TYPE seqlog_topics_by_class gauge\n");
        for (Durability d : Durability.values()) {
            b.append("seqlog_topics_by_class{class=\"").append(d.wireName()).append("\"} ")
                    .append(byClass.getOrDefault(d, 0L)).append('\n');
        }
        for (Map.Entry<String, Number> c : counters.entrySet()) {
            b.append("# TYPE ").append(c.getKey()).append(" counter\n").append(c.getKey()).append(' ')
                    .append(c.getValue()).append('\n');
        }
        b.append("# TYPE seqlog_wal_fsync_latency_us histogram\n");
        for (long le : FSYNC_BUCKETS_US) {
            b.append("seqlog_wal_fsync_latency_us_bucket{le=\"").append(le).append("\"} 0\n");
        }
        b.append("seqlog_wal_fsync_latency_us_bucket{le=\"+Inf\"} 0\n");
        b.append("seqlog_wal_fsync_latency_us_sum 0\nseqlog_wal_fsync_latency_us_count 0\n");
        topicSeries(b, "seqlog_topic_head_seq", "Current head_seq of each topic.", 0);
        topicSeries(b, "seqlog_topic_earliest_seq", "Current earliest_seq of each topic.", 1);
        topicSeries(b, "seqlog_topic_records_live", "Live records of each topic.", 2);
        topicSeries(b, "seqlog_topic_bytes_live", "Accounted live bytes of each topic.", 3);
        queueSeries(b, "seqlog_topic_queue_ready", "Jobs a claim could take now, per queue topic.", QueueCounters::ready);
        queueSeries(b, "seqlog_topic_queue_in_flight", "Jobs under an unexpired lease, per queue topic.",
                QueueCounters::inFlight);
        queueSeries(b, "seqlog_topic_queue_dead_lettered", "Jobs moved to the dead-letter topic, per queue topic.",
                QueueCounters::deadLettered);
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void topicSeries(StringBuilder b, String name, String help, int field) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        for (TopicState s : topics) {
            long v = field == 0 ? s.headSeq() : field == 1 ? s.earliestSeq() : field == 2 ? s.count() : s.bytes();
            // topic names cannot contain quotes, backslashes or newlines, so no label escaping is needed
            b.append(name).append("{topic=\"").append(s.topic()).append("\"} ").append(v).append('\n');
        }
    }

    /** A per-topic series of the queue topics only (API §11.3). */
    private void queueSeries(StringBuilder b, String name, String help, ToLongFunction<QueueCounters> field) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        for (TopicState s : topics) {
            if (s.queue() != null) {
                b.append(name).append("{topic=\"").append(s.topic()).append("\"} ")
                        .append(field.applyAsLong(s.queue())).append('\n');
            }
        }
    }

    /**
     * Writes the JSON snapshot shape of API §11.3.
     *
     * @param out the target
     * @throws IOException from the target
     */
    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("gauges");
            for (Map.Entry<String, Number> e : gauges.entrySet()) {
                if (e.getValue() instanceof Double) {
                    g.writeNumberField(e.getKey(), e.getValue().doubleValue());
                } else {
                    g.writeNumberField(e.getKey(), e.getValue().longValue());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("labelled");
            g.writeObjectFieldStart("seqlog_topics_by_class");
            for (Durability d : Durability.values()) {
                g.writeNumberField(d.wireName(), byClass.getOrDefault(d, 0L));
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("counters");
            for (Map.Entry<String, Number> c : counters.entrySet()) {
                g.writeNumberField(c.getKey(), c.getValue().longValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("histograms");
            g.writeObjectFieldStart("seqlog_wal_fsync_latency_us");
            g.writeObjectFieldStart("buckets");
            for (long le : FSYNC_BUCKETS_US) {
                g.writeNumberField(Long.toString(le), 0);
            }
            g.writeNumberField("+Inf", 0);
            g.writeEndObject();
            g.writeNumberField("sum", 0);
            g.writeNumberField("count", 0);
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("topics");
            for (TopicState s : topics) {
                g.writeObjectFieldStart(s.topic());
                g.writeNumberField("head_seq", s.headSeq());
                g.writeNumberField("earliest_seq", s.earliestSeq());
                g.writeNumberField("records_live", s.count());
                g.writeNumberField("bytes_live", s.bytes());
                if (s.queue() != null) {
                    g.writeNumberField("queue_ready", s.queue().ready());
                    g.writeNumberField("queue_in_flight", s.queue().inFlight());
                    g.writeNumberField("queue_dead_lettered", s.queue().deadLettered());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeBooleanField("topic_metrics_truncated", truncated);
            g.writeEndObject();
        }
    }
}
