package dev.seqlog.server.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns snapshots into statsd lines and datagrams by the rules of API §16.4: the {@code seqlog_} prefix
 * becomes the configured prefix and a dot; gauges are sent as they are, counters as the increase since the
 * previous push (zero increases are not sent), histograms and summaries as the counters {@code <name>.count} and
 * {@code <name>.sum}; labels are folded into the name ({@code none}) or sent as dogstatsd tags. A negative gauge
 * is not sent, because statsd reads a leading sign as a change of the gauge rather than its value.
 *
 * <p>Confined to the pushing thread: it remembers the counters of the previous push.
 */
public final class StatsdFormat {
    /** Largest datagram (API §16.4): fits the usual 1500-byte MTU after IP and UDP headers. */
    public static final int MAX_DATAGRAM = 1432;
    private static final String SEQLOG = "seqlog_";

    private final String prefix;
    private final boolean dogstatsd;
    private final Map<String, Long> previous = new HashMap<>();

    /**
     * Creates a formatter.
     *
     * @param prefix the name prefix that replaces {@code seqlog}
     * @param dogstatsd whether labels are sent as tags
     */
    public StatsdFormat(String prefix, boolean dogstatsd) {
        this.prefix = prefix;
        this.dogstatsd = dogstatsd;
    }

    /**
     * The lines of one push; counters are compared with, then become, the previous push.
     *
     * @param m the snapshot
     * @return the lines, without separators
     */
    public List<String> lines(MetricsSnapshot m) {
        List<String> out = new ArrayList<>();
        for (Family f : m.families()) {
            String base = prefix + "." + clean(f.name().substring(f.name().indexOf('_') + 1));
            for (Family.Sample s : f.samples()) {
                switch (f.type()) {
                    case GAUGE -> {
                        if (s.value().doubleValue() >= 0) {
                            out.add(line(base, f, s, s.value().toString(), "g"));
                        }
                    }
                    case COUNTER -> counter(out, base, f, s, s.value().longValue());
                    case HISTOGRAM, SUMMARY -> {
                        counter(out, base + ".count", f, s, s.dist().count());
                        counter(out, base + ".sum", f, s, s.dist().sum());
                    }
                }
            }
        }
        return out;
    }

    private void counter(List<String> out, String name, Family f, Family.Sample s, long value) {
        String key = name + '\u0000' + String.join("\u0000", s.labelValues());
        Long before = previous.put(key, value);
        long delta = value - (before == null ? 0 : before);
        if (delta > 0) {
            out.add(line(name, f, s, Long.toString(delta), "c"));
        }
        // a counter that went down (a restarted engine behind the server) starts a new baseline; nothing is sent
    }

    private String line(String name, Family f, Family.Sample s, String value, String type) {
        StringBuilder b = new StringBuilder(name.length() + 24).append(name);
        if (!dogstatsd) {
            for (String v : s.labelValues()) {
                b.append('.').append(clean(v));
            }
        }
        b.append(':').append(value).append('|').append(type);
        if (dogstatsd && !s.labelValues().isEmpty()) {
            b.append("|#");
            for (int i = 0; i < s.labelValues().size(); i++) {
                b.append(i == 0 ? "" : ",").append(clean(f.labelNames().get(i))).append(':')
                        .append(clean(s.labelValues().get(i)));
            }
        }
        return b.toString();
    }

    /** Replaces every character outside {@code [A-Za-z0-9_.-]} by {@code _}. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-';
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '_');
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * Packs lines into datagrams of at most {@link #MAX_DATAGRAM} bytes, separated by {@code \n}; a line is
     * never split (a longer one goes alone).
     *
     * @param lines the lines
     * @return the datagram payloads
     */
    public static List<byte[]> pack(List<String> lines) {
        List<byte[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(MAX_DATAGRAM);
        int curBytes = 0;
        for (String l : lines) {
            int n = l.length(); // cleaned names and numbers are ASCII
            if (curBytes > 0 && curBytes + 1 + n > MAX_DATAGRAM) {
                out.add(cur.toString().getBytes(StandardCharsets.US_ASCII));
                cur.setLength(0);
                curBytes = 0;
            }
            if (curBytes > 0) {
                cur.append('\n');
                curBytes++;
            }
            cur.append(l);
            curBytes += n;
        }
        if (curBytes > 0) {
            out.add(cur.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }
}
