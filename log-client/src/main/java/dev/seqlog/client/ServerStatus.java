package dev.seqlog.client;

import dev.seqlog.api.ErrorCode;
import dev.seqlog.api.SeqlogException;
import dev.seqlog.api.WalStats;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server says about itself: readiness and recovery progress from {@code GET /v0/ready} (API §11.2), and
 * the WAL counters from the JSON snapshot of {@code GET /v0/metrics} (§11.3). Stateless.
 */
final class ServerStatus {
    private ServerStatus() {
    }

    /**
     * Recovery progress: 1.0 once the server answers ready, the {@code replay_progress} of its {@code not_ready}
     * answer while it recovers, and 1.0 while it drains for shutdown (recovery finished before).
     *
     * @throws SeqlogException when the server cannot be reached or answers anything else
     */
    static double progress(Transport t) {
        try {
            Calls.join(t.call("GET", "/v0/ready", null));
            return 1.0;
        } catch (SeqlogException e) {
            if (e.code() == ErrorCode.NOT_READY && e.detail().get("replay_progress") instanceof Number n) {
                return n.doubleValue();
            }
            if (e.code() == ErrorCode.SHUTTING_DOWN && !t.closed()) {
                return 1.0;
            }
            throw e;
        }
    }

    /**
     * Waits until {@code GET /v0/ready} answers 200, polling; a server still starting (unreachable, or
     * {@code not_ready}) is waited for until the timeout.
     *
     * @throws SeqlogException the last failure once the timeout passed; shutting_down at once (a draining server
     *         never becomes ready); anything other than not_ready or a transport failure at once
     */
    static void awaitReady(Transport t, Duration timeout, Duration pollInterval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Calls.join(t.call("GET", "/v0/ready", null));
                return;
            } catch (SeqlogException e) {
                boolean starting = e.code() == ErrorCode.NOT_READY || "unreachable".equals(e.detail().get("reason"))
                        || e.code() == ErrorCode.REQUEST_TIMEOUT;
                if (!starting || t.closed() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SeqlogException(ErrorCode.INTERNAL, "interrupted while waiting for the server to be ready", ie);
            }
        }
    }

    /** The WAL counters of a metrics snapshot: counters, gauges and the fsync histogram (made per-bucket again). */
    static WalStats walStats(Transport t) {
        HttpRequest req = t.request("/v0/metrics").timeout(t.requestTimeout()).header("Accept", "application/json")
                .GET().build();
        Transport.Response r = Calls.join(t.call(req));
        return Responses.read(r.body(), "metrics snapshot", ServerStatus::wal);
    }

    private static WalStats wal(JsonIn in) throws IOException {
        Map<String, Long> numbers = new HashMap<>();
        Map<String, Long> cumulative = new HashMap<>();
        long sum = 0;
        String f;
        while ((f = in.field()) != null) {
            switch (f) {
                case "gauges", "counters" -> {
                    in.expectObject();
                    String name;
                    while ((name = in.field()) != null) {
                        numbers.put(name, in.num());
                    }
                }
                case "histograms" -> {
                    in.expectObject();
                    String name;
                    while ((name = in.field()) != null) {
                        if (!name.equals("seqlog_wal_fsync_latency_us")) {
                            in.skip();
                            continue;
                        }
                        in.expectObject();
                        String g;
                        while ((g = in.field()) != null) {
                            switch (g) {
                                case "buckets" -> {
                                    in.expectObject();
                                    String le;
                                    while ((le = in.field()) != null) {
                                        cumulative.put(le, in.num());
                                    }
                                }
                                case "sum" -> sum = in.num();
                                default -> in.skip();
                            }
                        }
                    }
                }
                default -> in.skip();
            }
        }
        List<Long> counts = new ArrayList<>(WalStats.FSYNC_BUCKETS_US.length + 1);
        long below = 0;
        for (int i = 0; i <= WalStats.FSYNC_BUCKETS_US.length; i++) {
            String le = i < WalStats.FSYNC_BUCKETS_US.length ? Long.toString(WalStats.FSYNC_BUCKETS_US[i]) : "+Inf";
            long upTo = cumulative.getOrDefault(le, below);
            counts.add(upTo - below);
            below = upTo;
        }
        return new WalStats(n(numbers, "seqlog_wal_frames_total"), n(numbers, "seqlog_wal_batches_total"),
                n(numbers, "seqlog_wal_fsyncs_total"), n(numbers, "seqlog_wal_bytes_written_total"),
                n(numbers, "seqlog_wal_rotations_total"), n(numbers, "seqlog_wal_queue_depth"),
                n(numbers, "seqlog_wal_queue_depth_peak"), n(numbers, "seqlog_wal_submit_full_total"),
                List.copyOf(counts), sum, n(numbers, "seqlog_wal_read_only") == 1);
    }

    private static long n(Map<String, Long> m, String name) {
        return m.getOrDefault(name, 0L);
    }
}
