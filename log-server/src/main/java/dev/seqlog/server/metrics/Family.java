package dev.seqlog.server.metrics;

import java.util.List;

/**
 * One metric series family of a snapshot: its name, type, HELP text and samples, in the neutral form the
 * Prometheus, JSON and statsd renderers all read. Immutable.
 *
 * @param name the series name, {@code seqlog_} prefixed
 * @param type the Prometheus type
 * @param help the HELP text
 * @param labelNames the label names every sample carries, in order (empty for an unlabelled series)
 * @param samples the samples
 */
public record Family(String name, Type type, String help, List<String> labelNames, List<Sample> samples) {
    /** Copies the lists. */
    public Family {
        labelNames = List.copyOf(labelNames);
        samples = List.copyOf(samples);
    }

    /** The Prometheus metric types used. */
    public enum Type {
        /** A reading that goes up and down. */
        GAUGE,
        /** A count since start that only goes up. */
        COUNTER,
        /** Cumulative {@code le} buckets, sum and count. */
        HISTOGRAM,
        /** {@code quantile} readings, sum and count. */
        SUMMARY;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One sample: the label values (matching {@link #labelNames}) and either a value or a distribution.
     *
     * @param labelValues the label values
     * @param value the value of a gauge or counter, else null
     * @param dist the distribution of a histogram or summary, else null
     */
    public record Sample(List<String> labelValues, Number value, Dist dist) {
        /** Copies the label values. */
        public Sample {
            labelValues = List.copyOf(labelValues);
        }
    }

    /**
     * A distribution: for a histogram the {@code le} bounds with cumulative counts, for a summary the
     * quantiles with their values; then the sum and count of all observations.
     *
     * @param keys the {@code le} or {@code quantile} label values, in order
     * @param values the bucket counts or quantile values, parallel to {@code keys}
     * @param sum sum of the observations
     * @param count number of observations
     */
    public record Dist(List<String> keys, List<Long> values, long sum, long count) {
        /** Copies the lists. */
        public Dist {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
        }
    }

    /** @return an unlabelled gauge */
    static Family gauge(String name, String help, Number value) {
        return new Family(name, Type.GAUGE, help, List.of(), List.of(new Sample(List.of(), value, null)));
    }

    /** @return an unlabelled counter */
    static Family counter(String name, String help, long value) {
        return new Family(name, Type.COUNTER, help, List.of(), List.of(new Sample(List.of(), value, null)));
    }

    /** @return whether this is a per-topic series (its only label is {@code topic}) */
    boolean perTopic() {
        return labelNames.equals(List.of("topic"));
    }
}
