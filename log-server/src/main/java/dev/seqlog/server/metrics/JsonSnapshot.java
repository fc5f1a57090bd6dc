package dev.seqlog.server.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.seqlog.api.TopicState;
import dev.seqlog.server.json.Json;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a snapshot as the JSON shape of API §11.3: unlabelled gauges and counters by name, labelled series
 * by name then label values (joined with a space when there are several), histograms and summaries with
 * their buckets or quantiles, sum and count, and the per-topic series grouped by topic. Stateless.
 */
final class JsonSnapshot {
    private JsonSnapshot() {
    }

    static void write(MetricsSnapshot m, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            plain(g, m, "gauges", Family.Type.GAUGE);
            g.writeObjectFieldStart("labelled");
            for (Family f : m.families()) {
                if (!f.labelNames().isEmpty() && !f.perTopic()
                        && (f.type() == Family.Type.GAUGE || f.type() == Family.Type.COUNTER)) {
                    g.writeObjectFieldStart(f.name());
                    for (Family.Sample s : f.samples()) {
                        number(g, String.join(" ", s.labelValues()), s.value());
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            plain(g, m, "counters", Family.Type.COUNTER);
            g.writeObjectFieldStart("histograms");
            for (Family f : m.families()) {
                if (f.type() == Family.Type.HISTOGRAM || f.type() == Family.Type.SUMMARY) {
                    g.writeObjectFieldStart(f.name());
                    for (Family.Sample s : f.samples()) {
                        if (!f.labelNames().isEmpty()) {
                            g.writeObjectFieldStart(String.join(" ", s.labelValues()));
                        }
                        dist(g, f.type() == Family.Type.HISTOGRAM ? "buckets" : "quantiles", s.dist());
                        if (!f.labelNames().isEmpty()) {
                            g.writeEndObject();
                        }
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("topics");
            for (TopicState s : m.topics()) {
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
            g.writeBooleanField("topic_metrics_truncated", m.truncated());
            g.writeEndObject();
        }
    }

    private static void plain(JsonGenerator g, MetricsSnapshot m, String field, Family.Type type) throws IOException {
        g.writeObjectFieldStart(field);
        for (Family f : m.families()) {
            if (f.type() == type && f.labelNames().isEmpty()) {
                number(g, f.name(), f.samples().get(0).value());
            }
        }
        g.writeEndObject();
    }

    private static void dist(JsonGenerator g, String keysField, Family.Dist d) throws IOException {
        g.writeObjectFieldStart(keysField);
        for (int i = 0; i < d.keys().size(); i++) {
            g.writeNumberField(d.keys().get(i), d.values().get(i));
        }
        g.writeEndObject();
        g.writeNumberField("sum", d.sum());
        g.writeNumberField("count", d.count());
    }

    private static void number(JsonGenerator g, String field, Number v) throws IOException {
        if (v instanceof Double || v instanceof Float) {
            g.writeNumberField(field, v.doubleValue());
        } else {
            g.writeNumberField(field, v.longValue());
        }
    }
}
