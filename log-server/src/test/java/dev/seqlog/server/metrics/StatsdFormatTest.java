package dev.seqlog.server.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statsd lines and datagrams of API §16.4, byte for byte. */
class StatsdFormatTest {
    static MetricsSnapshot snapshot(long fsyncs, long sumUs) {
        return MetricsSnapshot.empty()
                .add(Family.gauge("seqlog_topics", "t", 42))
                .add(Family.gauge("seqlog_ready", "r", 1))
                .add(Family.counter("seqlog_wal_fsyncs_total", "f", fsyncs))
                .add(new Family("seqlog_wal_fsync_latency_us", Family.Type.HISTOGRAM, "h", List.of(),
                        List.of(new Family.Sample(List.of(), null,
                                new Family.Dist(List.of("50", "+Inf"), List.of(1L, fsyncs), sumUs, fsyncs)))))
                .add(new Family("seqlog_topic_head_seq", Family.Type.GAUGE, "s", List.of("topic"),
                        List.of(new Family.Sample(List.of("jobs"), 480231L, null))))
                .add(new Family("seqlog_topics_by_class", Family.Type.GAUGE, "c", List.of("class"),
                        List.of(new Family.Sample(List.of("fsync"), 12L, null))));
    }

    @Test
    void plainNamesFoldLabelsAndSendCounterIncreasesOnly() {
        StatsdFormat f = new StatsdFormat("seqlog", false);
        assertEquals(List.of("seqlog.topics:42|g", "seqlog.ready:1|g", "seqlog.wal_fsyncs_total:137|c",
                "seqlog.wal_fsync_latency_us.count:137|c", "seqlog.wal_fsync_latency_us.sum:48211|c",
                "seqlog.topic_head_seq.jobs:480231|g", "seqlog.topics_by_class.fsync:12|g"),
                f.lines(snapshot(137, 48211)));
        assertEquals(List.of("seqlog.topics:42|g", "seqlog.ready:1|g", "seqlog.topic_head_seq.jobs:480231|g",
                "seqlog.topics_by_class.fsync:12|g"), f.lines(snapshot(137, 48211)), "zero increases are not sent");
        assertEquals(List.of("seqlog.topics:42|g", "seqlog.ready:1|g", "seqlog.wal_fsyncs_total:3|c",
                "seqlog.wal_fsync_latency_us.count:3|c", "seqlog.wal_fsync_latency_us.sum:100|c",
                "seqlog.topic_head_seq.jobs:480231|g", "seqlog.topics_by_class.fsync:12|g"),
                f.lines(snapshot(140, 48311)));
    }

    @Test
    void dogstatsdSendsLabelsAsTagsUnderTheConfiguredPrefix() {
        StatsdFormat f = new StatsdFormat("app.seq", true);
        assertEquals(List.of("app.seq.topics:42|g", "app.seq.ready:1|g", "app.seq.wal_fsyncs_total:137|c",
                "app.seq.wal_fsync_latency_us.count:137|c", "app.seq.wal_fsync_latency_us.sum:48211|c",
                "app.seq.topic_head_seq:480231|g|#topic:jobs", "app.seq.topics_by_class:12|g|#class:fsync"),
                f.lines(snapshot(137, 48211)));
    }

    @Test
    void charactersOutsideTheSafeSetBecomeUnderscoresAndNegativeGaugesAreNotSent() {
        MetricsSnapshot m = MetricsSnapshot.empty()
                .add(new Family("seqlog_http_requests_total", Family.Type.COUNTER, "h", List.of("method", "route"),
                        List.of(new Family.Sample(List.of("GET", "/v0/topics/:topic"), 2L, null))))
                .add(Family.gauge("seqlog_jvm_heap_max_bytes", "m", -1L))
                .add(Family.gauge("seqlog_recovery_progress", "p", 0.5));
        assertEquals(List.of("seqlog.http_requests_total.GET._v0_topics__topic:2|c", "seqlog.recovery_progress:0.5|g"),
                new StatsdFormat("seqlog", false).lines(m));
        assertEquals(List.of("seqlog.http_requests_total:2|c|#method:GET,route:_v0_topics__topic",
                "seqlog.recovery_progress:0.5|g"), new StatsdFormat("seqlog", true).lines(m));
    }

    @Test
    void datagramsHoldWholeLinesUpToTheLimit() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("seqlog.topic_head_seq.topic-" + i + ":" + (i * 7919L) + "|g");
        }
        lines.add(100, "seqlog.x." + "y".repeat(2000) + ":1|g"); // longer than a datagram: goes alone
        List<byte[]> datagrams = StatsdFormat.pack(lines);
        List<String> back = new ArrayList<>();
        for (byte[] d : datagrams) {
            String s = new String(d, StandardCharsets.US_ASCII);
            List<String> in = List.of(s.split("\n"));
            assertTrue(d.length <= StatsdFormat.MAX_DATAGRAM || in.size() == 1, "only a lone line may be larger");
            back.addAll(in);
        }
        assertEquals(lines, back, "every line once, in order, never split");
        for (int i = 0; i + 1 < datagrams.size(); i++) {
            String next = new String(datagrams.get(i + 1), StandardCharsets.US_ASCII).split("\n")[0];
            assertTrue(datagrams.get(i).length + 1 + next.length() > StatsdFormat.MAX_DATAGRAM,
                    "a datagram is closed only when the next line does not fit");
        }
        assertArrayEquals(new byte[0][], StatsdFormat.pack(List.of()).toArray(new byte[0][]));
    }
}
