package dev.seqlog.bench.router;

import dev.seqlog.api.Durability;
import dev.seqlog.bench.Flags;

import java.nio.file.Path;
import java.util.List;

/**
 * The router benchmark's command line: which points to measure and the counts of each. Immutable and
 * thread-safe once parsed.
 *
 * @param classes durability classes, of the source and every destination alike
 * @param fanouts routers out of the source, one point each
 * @param batches records per append in the throughput runs, one point each
 * @param records records per measured throughput run (a quarter as many warm up first)
 * @param window appends in flight at most, on both sides
 * @param rounds times every point is measured, the sides' order turning each round
 * @param latencySamples measured writes per latency run (a quarter as many warm up first)
 * @param rate latency writes per second
 * @param scratchParent where data directories are created (and deleted after)
 * @param quick whether this is a smoke run with small counts
 */
public record RouterOptions(List<Durability> classes, List<Integer> fanouts, List<Integer> batches, int records,
                            int window, int rounds, int latencySamples, int rate, Path scratchParent,
                            boolean quick) {

    /** The most records one append may carry (the write limit). */
    public static final int MAX_BATCH = 10_000;

    /** The options' usage lines. */
    public static final String USAGE = String.join("\n",
            "  --classes disk,fsync       durability classes (source and destinations alike); default disk,fsync",
            "  --fanout 1,16              routers out of the source, each into its own destination; default 1,16",
            "  --records N                records per throughput run (a quarter as many warm up); default 200000",
            "  --batch 1[,16]             records per append in the throughput runs (at most 10000); default 1",
            "  --window N                 appends in flight at once, on both sides; default 64",
            "  --rounds N                 rounds; each measures every point, direct and forwarding; default 3",
            "  --latency-samples N        measured writes per latency run (a quarter as many warm up); "
                    + "default 20000",
            "  --rate N                   latency writes per second; default 2000",
            "  --dir PATH                 parent of the throw-away data directories; default java.io.tmpdir",
            "  --quick                    smoke run: 2,000 records, 200 latency samples, 1 round",
            "  --help                     this text");

    /**
     * Copies the lists so the record stays immutable.
     *
     * @param classes durability classes, of the source and every destination alike
     * @param fanouts routers out of the source, one point each
     * @param batches records per append in the throughput runs, one point each
     * @param records records per measured throughput run (a quarter as many warm up first)
     * @param window appends in flight at most, on both sides
     * @param rounds times every point is measured, the sides' order turning each round
     * @param latencySamples measured writes per latency run (a quarter as many warm up first)
     * @param rate latency writes per second
     * @param scratchParent where data directories are created (and deleted after)
     * @param quick whether this is a smoke run with small counts
     */
    public RouterOptions {
        classes = List.copyOf(classes);
        fanouts = List.copyOf(fanouts);
        batches = List.copyOf(batches);
    }

    /**
     * @param args the options, each flag but {@code --quick} followed by its value
     * @param defaultDir the parent of the data directories unless {@code --dir} is given
     * @return the options
     * @throws IllegalArgumentException with a message for the user on any invalid input
     */
    public static RouterOptions parse(List<String> args, Path defaultDir) {
        List<Durability> classes = List.of(Durability.DISK, Durability.FSYNC);
        List<Integer> fanouts = List.of(1, 16);
        List<Integer> batches = List.of(1);
        Integer records = null;
        int window = 64;
        Integer rounds = null;
        Integer samples = null;
        int rate = 2_000;
        Path dir = defaultDir;
        boolean quick = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--classes" -> classes = Flags.list(a, v, s -> Flags.diskClass(a, s));
                case "--fanout" -> fanouts = Flags.list(a, v, s -> Flags.positive(a, s));
                case "--batch" -> batches = Flags.list(a, v, s -> batch(a, s));
                case "--records" -> records = Flags.positive(a, v);
                case "--window" -> window = Flags.positive(a, v);
                case "--rounds" -> rounds = Flags.positive(a, v);
                case "--latency-samples" -> samples = Flags.positive(a, v);
                case "--rate" -> rate = Flags.positive(a, v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new RouterOptions(classes, fanouts, batches, records != null ? records : quick ? 2_000 : 200_000,
                window, rounds != null ? rounds : quick ? 1 : 3, samples != null ? samples : quick ? 200 : 20_000,
                rate, dir, quick);
    }

    /** @return unmeasured records written before each measured throughput run */
    public int warmupRecords() {
        return Math.max(1, records / 4);
    }

    /** @return unmeasured writes before each latency run's samples */
    public int warmupSamples() {
        return Math.max(1, latencySamples / 4);
    }

    private static int batch(String flag, String v) {
        int n = Flags.positive(flag, v);
        if (n > MAX_BATCH) {
            throw new IllegalArgumentException(flag + " must be at most " + MAX_BATCH + ", got " + v);
        }
        return n;
    }
}
