package dev.seqlog.server.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP requests by method, route template (never the raw path, so the series stay bounded) and status code, and
 * their latency by method and route. Latency is recorded into HdrHistogram recorders and exposed as a
 * Prometheus summary (quantiles 0.5, 0.9, 0.99, 0.999 over the whole uptime, sum and count): HdrHistogram's
 * quantiles are exact to three significant digits at any scale, where fixed buckets would have to guess the
 * range of every route. Thread-safe: any request thread records; scrapes fold the recorders under a lock.
 */
public final class HttpMetrics {
    /** The route of requests no route matched. */
    public static final String UNMATCHED = "unmatched";
    /** Methods kept as they are; any other token a client sends is counted as {@code other}. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    /** Highest trackable latency: one hour in microseconds (longer requests are clamped). */
    private static final long MAX_US = 3_600_000_000L;

    private record Route(String method, String route) {
    }

    private record Key(String method, String route, int status) {
    }

    private static final class Latency {
        final Recorder recorder = new Recorder(MAX_US, 3);
        final Histogram total = new Histogram(MAX_US, 3); // guarded by the HttpMetrics lock
        final LongAdder sumUs = new LongAdder();
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<Route, Latency> latency = new ConcurrentHashMap<>();

    /**
     * Records one finished request.
     *
     * @param rawMethod the HTTP method as sent
     * @param route the route template, or {@link #UNMATCHED}
     * @param status the response status code
     * @param nanos how long it took
     */
    public void record(String rawMethod, String route, int status, long nanos) {
        // the method is client input: an arbitrary token must not become a new series
        String method = METHODS.contains(rawMethod) ? rawMethod : "other";
        requests.computeIfAbsent(new Key(method, route, status), k -> new LongAdder()).increment();
        Route r = new Route(method, route);
        long us = Math.min(MAX_US, Math.max(0, nanos / 1000));
        Latency l = latency.computeIfAbsent(r, k -> new Latency());
        l.recorder.recordValue(us);
        l.sumUs.add(us);
    }

    /**
     * Adds the HTTP series, routes sorted so successive scrapes list them in the same order.
     *
     * @param m the snapshot
     * @return the snapshot
     */
    public synchronized MetricsSnapshot addTo(MetricsSnapshot m) {
        List<Family.Sample> counts = new ArrayList<>();
        Map<String, Key> sorted = new TreeMap<>();
        requests.keySet().forEach(k -> sorted.put(k.route + ' ' + k.method + ' ' + k.status, k));
        for (Key k : sorted.values()) {
            counts.add(new Family.Sample(List.of(k.method, k.route, Integer.toString(k.status)),
                    requests.get(k).sum(), null));
        }
        m.add(new Family("seqlog_http_requests_total", Family.Type.COUNTER,
                "HTTP requests by method, route template and status code.", List.of("method", "route", "code"),
                counts));
        List<Family.Sample> lat = new ArrayList<>();
        Map<String, Route> routes = new TreeMap<>();
        latency.keySet().forEach(r -> routes.put(r.route + ' ' + r.method, r));
        for (Route r : routes.values()) {
            Latency l = latency.get(r);
            l.total.add(l.recorder.getIntervalHistogram());
            List<String> keys = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            for (double q : QUANTILES) {
                keys.add(Double.toString(q));
                values.add(l.total.getValueAtPercentile(q * 100));
            }
            lat.add(new Family.Sample(List.of(r.method, r.route), null,
                    new Family.Dist(keys, values, l.sumUs.sum(), l.total.getTotalCount())));
        }
        m.add(new Family("seqlog_http_request_duration_us", Family.Type.SUMMARY,
                "HTTP request latency in microseconds by method and route template, from arrival to the response's"
                        + " end.", List.of("method", "route"), lat));
        return m;
    }
}
