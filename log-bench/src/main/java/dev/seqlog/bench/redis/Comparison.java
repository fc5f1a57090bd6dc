package dev.seqlog.bench.redis;

import dev.seqlog.bench.load.LoadGenOptions.Workload;
import dev.seqlog.bench.load.WorkloadResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Both servers' samples of one workload under one durability pairing, and the table rows they make: the
 * median over rounds of the rate (W1, W3) or of p50 and p99 (W2, W4), and the CPU summed over rounds.
 * Confined to the harness thread.
 */
final class Comparison {
    private final Workload workload;
    private final Pairing pairing;
    private final String w4Detail;
    private final Map<Side, List<Sample>> samples = new EnumMap<>(Side.class);

    Comparison(Workload workload, Pairing pairing) {
        this(workload, pairing, "");
    }

    /**
     * @param workload the workload
     * @param pairing the durability pairing
     * @param w4Detail how W4's readers differ from the default ({@link SideBySideOptions#w4Detail()}), named in
     *        W4's labels; empty for none
     */
    Comparison(Workload workload, Pairing pairing, String w4Detail) {
        this.workload = workload;
        this.pairing = pairing;
        this.w4Detail = w4Detail.isEmpty() ? "" : w4Detail + ", ";
        for (Side s : Side.values()) {
            samples.put(s, new ArrayList<>());
        }
    }

    void add(Side side, Sample sample) {
        samples.get(side).add(sample);
    }

    /** @return whether every sample on both sides verified its results */
    boolean verified() {
        return samples.values().stream().flatMap(List::stream).allMatch(s -> s.result().verified());
    }

    /** @return the table rows: one for a throughput workload, p50 and p99 for a latency workload */
    List<Row> rows() {
        String rounds = samples.get(Side.SEQLOG).size() > 1
                ? " (median of " + samples.get(Side.SEQLOG).size() + ")" : "";
        return switch (workload) {
            case W1 -> List.of(rate("W1 produce rec/s, " + pairing.label() + rounds));
            case W3 -> List.of(rate("W3 read back rec/s, " + pairing.label() + rounds));
            case W2 -> List.of(latency("W2 ack p50 µs, " + pairing.label() + rounds, WorkloadResult::p50Nanos),
                    latency("W2 ack p99 µs, " + pairing.label() + rounds, WorkloadResult::p99Nanos));
            case W4 -> List.of(latency("W4 write→deliver p50 µs, " + w4Detail + pairing.label() + rounds,
                            WorkloadResult::p50Nanos),
                    latency("W4 write→deliver p99 µs, " + w4Detail + pairing.label() + rounds,
                            WorkloadResult::p99Nanos));
        };
    }

    /** @return the CPU row: seconds and records summed over the rounds */
    CpuRow cpu() {
        long records = samples.get(Side.SEQLOG).stream().mapToLong(Sample::records).sum();
        String label = workload + " " + (workload == Workload.W4 ? w4Detail : "") + pairing.label();
        return new CpuRow(label, cpuSeconds(Side.REDIS), cpuSeconds(Side.SEQLOG), records);
    }

    private double cpuSeconds(Side side) {
        return samples.get(side).stream().mapToDouble(Sample::cpuSeconds).sum();
    }

    private Row rate(String label) {
        return new Row(label, median(Side.REDIS, WorkloadResult::recordsPerSecond),
                median(Side.SEQLOG, WorkloadResult::recordsPerSecond), true, verified());
    }

    private Row latency(String label, ToLongFunction<WorkloadResult> nanos) {
        ToDoubleFunction<WorkloadResult> micros = r -> nanos.applyAsLong(r) < 0 ? Double.NaN
                : nanos.applyAsLong(r) / 1e3;
        return new Row(label, median(Side.REDIS, micros), median(Side.SEQLOG, micros), false, verified());
    }

    private double median(Side side, ToDoubleFunction<WorkloadResult> figure) {
        return median(samples.get(side).stream().map(Sample::result).mapToDouble(figure).toArray());
    }

    /**
     * @param values the rounds' figures, in any order; left unchanged
     * @return the median (the mean of the middle two for an even count), NaN for none
     */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = Arrays.copyOf(values, values.length);
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
