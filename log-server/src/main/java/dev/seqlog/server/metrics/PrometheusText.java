package dev.seqlog.server.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders a snapshot in the Prometheus text exposition format 0.0.4, HELP and TYPE on every family. Stateless. */
final class PrometheusText {
    private PrometheusText() {
    }

    static void write(MetricsSnapshot m, OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder(4096);
        for (Family f : m.families()) {
            b.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            b.append("# TYPE ").append(f.name()).append(' ').append(f.type().wire()).append('\n');
            for (Family.Sample s : f.samples()) {
                if (s.dist() == null) {
                    line(b, f.name(), f.labelNames(), s.labelValues(), null, null).append(s.value()).append('\n');
                    continue;
                }
                Family.Dist d = s.dist();
                boolean histogram = f.type() == Family.Type.HISTOGRAM;
                for (int i = 0; i < d.keys().size(); i++) {
                    line(b, histogram ? f.name() + "_bucket" : f.name(), f.labelNames(), s.labelValues(),
                            histogram ? "le" : "quantile", d.keys().get(i)).append(d.values().get(i)).append('\n');
                }
                line(b, f.name() + "_sum", f.labelNames(), s.labelValues(), null, null).append(d.sum()).append('\n');
                line(b, f.name() + "_count", f.labelNames(), s.labelValues(), null, null).append(d.count())
                        .append('\n');
            }
        }
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@code name{labels} } up to the value, with one optional extra label last. */
    private static StringBuilder line(StringBuilder b, String name, List<String> names, List<String> values,
                                      String extraName, String extraValue) {
        b.append(name);
        if (!names.isEmpty() || extraName != null) {
            b.append('{');
            for (int i = 0; i < names.size(); i++) {
                label(b.append(i == 0 ? "" : ","), names.get(i), values.get(i));
            }
            if (extraName != null) {
                label(b.append(names.isEmpty() ? "" : ","), extraName, extraValue);
            }
            b.append('}');
        }
        return b.append(' ');
    }

    private static void label(StringBuilder b, String name, String value) {
        b.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        b.append('"');
    }
}
